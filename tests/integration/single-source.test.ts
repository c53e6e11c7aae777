import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { now } from '~/lib/clock.server';
import * as newProject from '~/routes/projects.new';
import * as projectRoute from '~/routes/projects.$id';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { beijing, projectInput } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';
import { changedTables, rowCounts } from '../support/row-counts';

/**
 * 单一来源 (政府采购法 §31): the purchase names its supplier, its ground and its reasons, public on the
 * project page from publication; only that supplier may bid; a committee's small purchase cannot be one.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const org: Record<string, { id: string; uscc: string | null }> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'single-source-test' });
const DAY = 86_400_000;
const WHY = '该社会工作服务中心是辖区唯一取得失独家庭哀伤辅导专业资质、并已建立服务对象档案的机构，更换供应商将中断服务关系。';
const plan = (organizationId: string) => ({
  organizationId,
  price: 90_000_00,
  servicePlan: '为失独家庭提供哀伤辅导、节日探访和互助小组活动，建立一户一档。',
  team: '持证社工3名',
  expectedOutputs: '服务失独家庭30户',
});
let bureauCookie = '';

beforeAll(async () => {
  for (const who of ['bureau', 'committee', 'org', 'agency']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  for (const [key, name] of [
    ['agency', '雁塔区启航社会工作服务中心'],
    ['team', '永松社区助老服务队'],
    ['dance', '永松社区夕阳红舞蹈队'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id, uscc: organizations.uscc }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!;
  }
  bureauCookie = await cookieFor(t.db, 'bureau@demo.cn');
});

const single = (uscc: string | undefined) =>
  projectInput({
    procurementMethod: 'singleSource',
    singleSourceUscc: uscc,
    singleSourceGround: 'onlySupplier',
    singleSourceJustification: WHY,
    bidDeadline: beijing(new Date(now().getTime() + 12 * DAY)),
  });

describe('single source', () => {
  it('the form asks for the supplier, the ground and the reasons: 400 beside each field, nothing saved', async () => {
    const before = await rowCounts(t.db);
    const r = await callRoute(newProject.action, {
      url: '/projects/new',
      cookie: bureauCookie,
      form: {
        title: '雁塔区失独家庭关爱服务项目',
        description: '为辖区失独家庭提供哀伤辅导、节日探访和互助小组活动。',
        regionCode: '610113',
        serviceCategories: ['psychologicalSupport'],
        beneficiaryGroups: ['allResidents'],
        budget: '90000',
        fundingSource: 'publicFinance',
        procurementMethod: 'singleSource',
        noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
        serviceStart: '2027-01-01',
        serviceEnd: '2027-12-31',
        allowedLegalStatuses: ['registered'],
        allowedKinds: ['socialWorkAgency'],
        bidDeadline: beijing(new Date(now().getTime() + 12 * DAY)),
        noticeDays: '5',
        scoringMethod: 'mean',
        tolerance: '0',
        'criteria[0].name': '服务方案',
        'criteria[0].weight': '70',
        'criteria[0].kind': 'scored',
        'criteria[1].name': '报价',
        'criteria[1].weight': '30',
        'criteria[1].kind': 'price',
        singleSourceUscc: '12345',
      },
    });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ singleSourceUscc: 'org.errors.uscc.length' });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('the named supplier must be a registered, active organization; a committee may not buy this way', async () => {
    const before = await rowCounts(t.db);
    expect(org.dance!.uscc).toBeNull();
    await expect(createProject(t.db, ctx(A.bureau!), single('91610113MA6U000001'))).rejects.toMatchObject({
      messageKey: 'project.errors.singleSource.unknown',
      fieldErrors: { singleSourceUscc: 'project.errors.singleSource.unknown' },
    });
    await expect(createProject(t.db, ctx(A.bureau!), { ...single(org.agency!.uscc!), singleSourceJustification: '太短' })).rejects.toMatchObject({
      messageKey: 'project.errors.singleSource.justification',
    });
    await expect(
      createProject(t.db, ctx(A.committee!), { ...single(org.agency!.uscc!), regionCode: '610113001002', fundingSource: 'communityFunds', budget: 8_000_00 }),
    ).rejects.toMatchObject({ messageKey: 'project.errors.method.purchaser' });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('only the named supplier may bid, and everyone sees whom, on what ground and why', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), single(org.agency!.uscc!));
    const [row] = await t.db.select().from(projects).where(eq(projects.id, id));
    expect(row).toMatchObject({ singleSourceOrganizationId: org.agency!.id, singleSourceGround: 'onlySupplier', singleSourceJustification: WHY });
    await publishProject(t.db, ctx(A.bureau!), id);
    const before = await rowCounts(t.db);
    await expect(submitBid(t.db, ctx(A.org!), id, plan(org.team!.id))).rejects.toMatchObject({ messageKey: 'bid.ineligible.notNamedSupplier' });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    await submitBid(t.db, ctx(A.agency!), id, plan(org.agency!.id));
    const page = await callRoute(projectRoute.loader, { url: `/projects/${id}`, params: { id } });
    expect(page.status).toBe(200);
    expect((page.data as { project: { singleSource: unknown } }).project.singleSource).toEqual({
      orgId: org.agency!.id,
      orgName: '雁塔区启航社会工作服务中心',
      ground: 'onlySupplier',
      justification: WHY,
    });
  });
});
