import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectCriteria, projects } from '#db/schema';
import { now } from '~/lib/clock.server';
import * as newProject from '~/routes/projects.new';
import { setupTestDb } from '../support/db';
import { beijing } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The project form through Conform (ADR 015): criteria are a list of any length, rows are added and
 * removed without JavaScript too (the action answers 200 with the form as it now stands), and every
 * field's error comes back in one round.
 */
const t = setupTestDb();
let bureau = '';
const DAY = 86_400_000;

beforeAll(async () => {
  bureau = await cookieFor(t.db, 'bureau@demo.cn');
});

const criteria = (rows: [string, string, string][]) =>
  Object.fromEntries(
    rows.flatMap(([name, weight, kind], i) => [
      [`criteria[${i}].name`, name],
      [`criteria[${i}].weight`, weight],
      [`criteria[${i}].kind`, kind],
    ]),
  );

const form = (over: Record<string, string | string[]> = {}) => ({
  title: '雁塔区空巢老人关爱服务项目',
  description: '为辖区空巢老人提供上门探访、健康讲座和心理慰藉服务，每月不少于四次活动。',
  regionCode: '610113',
  serviceCategories: ['elderlyCare'],
  beneficiaryGroups: ['emptyNestElderly'],
  budget: '200000',
  fundingSource: 'publicFinance',
  procurementMethod: 'competitiveConsultation',
  noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
  serviceStart: '2027-01-01',
  serviceEnd: '2027-12-31',
  allowedLegalStatuses: ['registered'],
  allowedKinds: ['communityOrg', 'socialWorkAgency'],
  regionRestricted: 'on',
  bidDeadline: beijing(new Date(now().getTime() + 10 * DAY)),
  noticeDays: '5',
  scoringMethod: 'mean',
  tolerance: '2',
  ...over,
});

const post = (body: Record<string, string | string[]>) => callRoute(newProject.action, { url: '/projects/new', cookie: bureau, form: body });
type Reply = { status?: string; initialValue?: { criteria?: unknown[] }; fieldErrors?: Record<string, string> };

describe('the project form', () => {
  it('adds a criteria row without JavaScript: 200 with one more row, nothing saved', async () => {
    const before = (await t.db.select().from(projects)).length;
    const r = await post({ ...form(criteria([['服务方案', '70', 'scored']])), __intent__: JSON.stringify({ type: 'insert', payload: { name: 'criteria' } }) });
    expect(r.status).toBe(200);
    expect((r.data as Reply).initialValue?.criteria).toHaveLength(2);
    expect((await t.db.select().from(projects)).length).toBe(before);
  });

  it('removes a row without JavaScript', async () => {
    const rows = criteria([
      ['服务方案', '70', 'scored'],
      ['多余的一行', '10', 'scored'],
      ['报价', '30', 'price'],
    ]);
    const r = await post({ ...form(rows), __intent__: JSON.stringify({ type: 'remove', payload: { name: 'criteria', index: 1 } }) });
    expect(r.status).toBe(200);
    expect((r.data as Reply).initialValue?.criteria).toEqual([
      { name: '服务方案', weight: '70', kind: 'scored' },
      { name: '报价', weight: '30', kind: 'price' },
    ]);
  });

  it('reports every field of every row in one round', async () => {
    const r = await post(
      form({
        title: '短',
        ...criteria([
          ['', '50', 'scored'],
          ['团队', '十', 'scored'],
        ]),
      }),
    );
    expect(r.status).toBe(400);
    expect((r.data as Reply).fieldErrors).toMatchObject({
      title: 'project.errors.title',
      'criteria[0].name': 'project.errors.criteria.name',
      'criteria[1].weight': 'errors.number',
    });
  });

  it('judges the criteria as a whole once the rows are right', async () => {
    const r = await post(
      form(
        criteria([
          ['服务方案', '50', 'scored'],
          ['报价', '30', 'price'],
        ]),
      ),
    );
    expect(r.status).toBe(400);
    expect((r.data as Reply).fieldErrors).toEqual({ criteria: 'project.errors.criteria.sum' });
  });

  it('refuses a same-conditions tolerance above the cap of 3 points with a 400 and the field’s message, and saves nothing (ADR 017)', async () => {
    const before = (await t.db.select().from(projects)).length;
    const rows = criteria([
      ['服务方案', '70', 'scored'],
      ['报价', '30', 'price'],
    ]);
    for (const tolerance of ['3.01', '20', '2.555']) {
      const r = await post(form({ ...rows, tolerance }));
      expect(r.status, tolerance).toBe(400);
      expect((r.data as Reply).fieldErrors, tolerance).toEqual({ tolerance: 'project.errors.tolerance' });
    }
    expect((await t.db.select().from(projects)).length).toBe(before);
    expect((await post(form({ ...rows, tolerance: '2.55' }))).status).toBe(302);
  });

  it('takes more criteria than the six rows the form used to have', async () => {
    const rows = Array.from({ length: 9 }, (_, i): [string, string, string] => (i === 8 ? ['报价', '20', 'price'] : [`评审标准${i + 1}`, '10', 'scored']));
    const r = await post(form(criteria(rows)));
    expect(r.status).toBe(302);
    const id = /\/projects\/([0-9a-f-]{36})/.exec(r.headers.get('Location') ?? '')![1]!;
    const saved = await t.db.select().from(projectCriteria).where(eq(projectCriteria.projectId, id));
    expect(saved).toHaveLength(9);
  });
});
