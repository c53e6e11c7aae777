import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, purchaseIntentions } from '#db/schema';
import { MESSAGES } from '~/i18n/i18n';
import * as list from '~/routes/intentions._index';
import * as page from '~/routes/intentions.$id';
import * as edit from '~/routes/intentions.$id_.edit';
import * as create from '~/routes/intentions.new';
import { setupTestDb } from '../support/db';
import { changedTables, rowCounts } from '../support/row-counts';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The intention pages through their routes: bad input answers 400 with a translated message per
 * field and writes nothing; a good form saves a draft; publishing and withdrawing go through the
 * page's intents; the public list and the unit's own list show what each should.
 */
const t = setupTestDb();
const cookie: Record<string, string> = {};

beforeAll(async () => {
  for (const who of ['bureau', 'station', 'committee']) cookie[who] = await cookieFor(t.db, `${who}@demo.cn`);
});

const form = (over: Record<string, string | string[]> = {}) => ({
  title: '永松社区2027年度邻里互助服务',
  description: '组织社区志愿者为高龄独居老人提供代购、陪诊和定期探访服务。',
  serviceCategories: ['elderlyCare', 'mutualAid'],
  budget: '３０,０００',
  fundingSource: 'communityFunds',
  year: '2027',
  expectedMonth: '4',
  ...over,
});
type Reply = { fieldErrors?: Record<string, string>; formError?: { messageKey: string } };
const zh = MESSAGES['zh-CN'] as Record<string, string>;
const en = MESSAGES.en as Record<string, unknown>;

describe('the intention form', () => {
  it('answers every bad field in one round, 400, each a message of both languages, and writes nothing', async () => {
    const before = await rowCounts(t.db);
    const r = await callRoute(create.action, {
      url: '/intentions/new',
      cookie: cookie.committee,
      form: form({ title: '短', budget: '-5', year: '２０１９', expectedMonth: '0', serviceCategories: [] }),
    });
    expect(r.status).toBe(400);
    const errors = (r.data as Reply).fieldErrors!;
    expect(errors).toEqual({
      title: 'intention.errors.title',
      budget: 'intention.errors.budget',
      year: 'intention.errors.year',
      expectedMonth: 'intention.errors.month',
      serviceCategories: 'filing.errors.categories',
    });
    for (const key of Object.values(errors)) expect(key in zh && key in en, key).toBe(true);
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('a rule of the use case (community funds are the committee’s) answers 400 with its message and writes nothing', async () => {
    const before = await rowCounts(t.db);
    const r = await callRoute(create.action, { url: '/intentions/new', cookie: cookie.station, form: form() });
    expect(r.status).toBe(400);
    expect((r.data as Reply).formError?.messageKey).toBe('project.errors.communityFunds');
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('a good form saves the committee’s draft (yuan typed full-width → fen) and goes to its page', async () => {
    const r = await callRoute(create.action, { url: '/intentions/new', cookie: cookie.committee, form: form() });
    expect(r.status).toBe(302);
    const id = r.headers.get('Location')!.match(/^\/intentions\/([0-9a-f-]{36})\?saved=created$/)![1]!;
    const [row] = await t.db.select().from(purchaseIntentions).where(eq(purchaseIntentions.id, id));
    expect(row).toMatchObject({
      status: 'draft',
      purchaserRole: 'committeeStaff',
      purchaserRegionCode: '610113001002',
      budgetFen: 30_000_00,
      expectedMonth: 4,
    });

    // The draft: its unit sees it and may publish; the station above it gets 404.
    const mine = await callRoute(page.loader, { url: `/intentions/${id}`, params: { id }, cookie: cookie.committee });
    expect((mine.data as { may: Record<string, boolean> }).may).toEqual({ edit: true, publish: true, withdraw: false });
    await expect(callRoute(page.loader, { url: `/intentions/${id}`, params: { id }, cookie: cookie.station })).resolves.toMatchObject({ status: 404 });

    // Publish, then an edit after publication is counted and audited.
    expect((await callRoute(page.action, { url: `/intentions/${id}`, params: { id }, cookie: cookie.committee, form: { intent: 'publish' } })).data).toEqual({
      done: 'publish',
    });
    const changed = await callRoute(edit.action, {
      url: `/intentions/${id}/edit`,
      params: { id },
      cookie: cookie.committee,
      form: form({ expectedMonth: '6' }),
    });
    expect(changed.headers.get('Location')).toBe(`/intentions/${id}?saved=published`);
    const audit = await t.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'intention'), eq(auditEvents.subjectId, id)));
    expect(audit.map((a) => a.action)).toEqual(['intention.create', 'intention.publish', 'intention.revise']);

    // Public now, in the list filtered to its community and year.
    const pub = await callRoute(list.loader, { url: '/intentions?year=2027&r1=6101&r2=610113&r3=610113001&r4=610113001002' });
    expect((pub.data as { rows: { id: string }[] }).rows.map((x) => x.id)).toEqual([id]);

    // Withdrawing needs a reason: 400 and nothing written, then withdrawn with one.
    const before = await rowCounts(t.db);
    const bare = await callRoute(page.action, {
      url: `/intentions/${id}`,
      params: { id },
      cookie: cookie.committee,
      form: { intent: 'withdraw', reason: ' ' },
    });
    expect(bare.status).toBe(400);
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    const [still] = await t.db.select({ status: purchaseIntentions.status }).from(purchaseIntentions).where(eq(purchaseIntentions.id, id));
    expect(still!.status).toBe('published');
    await callRoute(page.action, {
      url: `/intentions/${id}`,
      params: { id },
      cookie: cookie.committee,
      form: { intent: 'withdraw', reason: '社区经费调整，暂缓采购。' },
    });
    const after = await callRoute(page.loader, { url: `/intentions/${id}`, params: { id } });
    expect((after.data as { intention: { status: string; statusReason: string } }).intention).toMatchObject({
      status: 'withdrawn',
      statusReason: '社区经费调整，暂缓采购。',
    });
  });

  it('the list shows a purchasing unit its own intentions, drafts included, and nobody else', async () => {
    const station = await callRoute(list.loader, { url: '/intentions', cookie: cookie.station });
    const mine = (station.data as { mine: { status: string; purchaserRole: string }[] | null }).mine!;
    expect(mine.some((r) => r.status === 'draft')).toBe(true);
    expect(mine.every((r) => r.purchaserRole === 'stationStaff')).toBe(true);
    const visitor = await callRoute(list.loader, { url: '/intentions' });
    expect((visitor.data as { mine: unknown; rows: { status: string }[] }).mine).toBeNull();
    expect((visitor.data as { rows: { status: string }[] }).rows.every((r) => r.status !== 'draft')).toBe(true);
  });
});
