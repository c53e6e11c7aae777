import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, purchaseIntentions } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import type { IntentionInput } from '~/schemas/intention';
import { getIntention, intentionsOfPurchaser, searchIntentions } from '~/queries/intentions.server';
import { createIntention } from '~/services/create-intention.server';
import { publishIntention } from '~/services/publish-intention.server';
import { updateIntention } from '~/services/update-intention.server';
import { withdrawIntention } from '~/services/withdraw-intention.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { changedTables, rowCounts } from '../support/row-counts';

/** Purchase intentions (财库〔2020〕10号) through their use cases, on a copy of the seeded database. */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'intentions-test' });

const input = (o: Partial<IntentionInput> = {}): IntentionInput => ({
  title: '测试：2027年度社区助餐服务',
  description: '为辖区高龄、独居老人提供社区助餐和送餐上门服务。',
  serviceCategories: ['elderlyCare'],
  budget: 300_000_00,
  fundingSource: 'publicFinance',
  year: 2027,
  expectedMonth: 5,
  ...o,
});

const auditOf = (id: string) =>
  t.db
    .select({ action: auditEvents.action, actorRole: auditEvents.actorRole, summary: auditEvents.summary })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'intention'), eq(auditEvents.subjectId, id)))
    .orderBy(asc(auditEvents.id));
const rowOf = async (id: string) => (await t.db.select().from(purchaseIntentions).where(eq(purchaseIntentions.id, id)))[0]!;

/** Runs a refused call and checks it refused with `code` and that no row anywhere was added or changed. */
async function refusedWritingNothing(call: () => Promise<unknown>, code: string, watch?: string) {
  const before = await rowCounts(t.db);
  const row = watch ? await rowOf(watch) : null;
  await expect(call()).rejects.toMatchObject({ code });
  expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  if (watch) expect(await rowOf(watch)).toEqual(row);
}

beforeAll(async () => {
  for (const who of ['bureau', 'station', 'committee', 'city', 'org', 'admin']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
});

describe('a purchase intention from draft to withdrawal', () => {
  let id: string;

  it('the county bureau drafts for its own unit; the draft and its audit row are written together', async () => {
    ({ id } = await createIntention(t.db, ctx(A.bureau!), input()));
    expect(await rowOf(id)).toMatchObject({ status: 'draft', purchaserRole: 'bureauStaff', purchaserRegionCode: '610113', budgetFen: 300_000_00 });
    expect(await auditOf(id)).toMatchObject([{ action: 'intention.create', actorRole: 'bureauStaff' }]);
  });

  it('a draft is not public and is offered to no project', async () => {
    const { rows } = await searchIntentions(t.db, { year: 2027, page: 1, pageSize: 100 });
    expect(rows.map((r) => r.id)).not.toContain(id);
    expect((await intentionsOfPurchaser(t.db, 'bureauStaff', '610113', 2027)).map((r) => r.id)).not.toContain(id);
  });

  it('nobody but the unit’s own staff may publish it (the city bureau above included); the refusal writes nothing', async () => {
    for (const who of ['city', 'station', 'committee', 'org', 'admin'])
      await refusedWritingNothing(() => publishIntention(t.db, ctx(A[who]!), id), 'forbidden', id);
  });

  it('the unit publishes it: public, offered to its projects, audited', async () => {
    const { publishedAt } = await publishIntention(t.db, ctx(A.bureau!), id);
    expect(await rowOf(id)).toMatchObject({ status: 'published', publishedAt });
    const { rows } = await searchIntentions(t.db, { year: 2027, region: '6101', category: 'elderlyCare', page: 1, pageSize: 100 });
    expect(rows.map((r) => r.id)).toContain(id);
    expect((await intentionsOfPurchaser(t.db, 'bureauStaff', '610113', 2027)).map((r) => r.id)).toContain(id);
    // Another unit's list, or another year, does not offer it.
    expect((await intentionsOfPurchaser(t.db, 'stationStaff', '610113001', 2027)).map((r) => r.id)).not.toContain(id);
    expect((await intentionsOfPurchaser(t.db, 'bureauStaff', '610113', 2028)).map((r) => r.id)).not.toContain(id);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['intention.create', 'intention.publish']);
  });

  it('publishing twice is refused as stale and writes nothing', async () => {
    await refusedWritingNothing(() => publishIntention(t.db, ctx(A.bureau!), id), 'invalidTransition', id);
  });

  it('an edit after publication is counted and its audit row names each change before and after', async () => {
    const r = await updateIntention(t.db, ctx(A.bureau!), id, input({ budget: 280_000_00, expectedMonth: 6 }));
    expect(r).toEqual({ changed: ['budgetFen', 'expectedMonth'], published: true });
    expect(await rowOf(id)).toMatchObject({ budgetFen: 280_000_00, expectedMonth: 6, revisionCount: 1, status: 'published' });
    const last = (await auditOf(id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'intention.revise',
      summary: {
        changed: ['budgetFen', 'expectedMonth'],
        before: { budgetFen: 300_000_00, expectedMonth: 5 },
        after: { budgetFen: 280_000_00, expectedMonth: 6 },
      },
    });
  });

  it('saving it unchanged writes nothing', async () => {
    const before = await rowCounts(t.db);
    const row = await rowOf(id);
    expect(await updateIntention(t.db, ctx(A.bureau!), id, input({ budget: 280_000_00, expectedMonth: 6 }))).toEqual({ changed: [], published: true });
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect(await rowOf(id)).toEqual(row);
  });

  it('an edit that breaks a rule (community funds by a bureau, a past year) is refused and writes nothing', async () => {
    await refusedWritingNothing(() => updateIntention(t.db, ctx(A.bureau!), id, input({ fundingSource: 'communityFunds' })), 'invalidInput', id);
    await refusedWritingNothing(() => updateIntention(t.db, ctx(A.bureau!), id, input({ year: 2020 })), 'invalidInput', id);
    await refusedWritingNothing(() => updateIntention(t.db, ctx(A.station!), id, input({ title: '别人的修改' })), 'forbidden', id);
  });

  it('withdrawn with a reason it stays public, with the reason; it is never deleted', async () => {
    await refusedWritingNothing(() => withdrawIntention(t.db, ctx(A.committee!), id, '预算调整'), 'forbidden', id);
    await withdrawIntention(t.db, ctx(A.bureau!), id, '年度预算调整，本项目取消。');
    const found = await getIntention(t.db, id);
    expect(found?.intention).toMatchObject({ status: 'withdrawn', statusReason: '年度预算调整，本项目取消。' });
    const { rows } = await searchIntentions(t.db, { year: 2027, page: 1, pageSize: 100 });
    expect(rows.find((r) => r.id === id)?.status).toBe('withdrawn');
    expect((await intentionsOfPurchaser(t.db, 'bureauStaff', '610113', 2027)).map((r) => r.id)).not.toContain(id);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: 'intention.withdraw', summary: { reason: '年度预算调整，本项目取消。' } });
  });

  it('a withdrawn intention is fixed: no edit, no second withdrawal, no publication', async () => {
    await refusedWritingNothing(() => updateIntention(t.db, ctx(A.bureau!), id, input({ title: '撤回后修改' })), 'invalidTransition', id);
    await refusedWritingNothing(() => withdrawIntention(t.db, ctx(A.bureau!), id, '再撤一次'), 'invalidTransition', id);
    await refusedWritingNothing(() => publishIntention(t.db, ctx(A.bureau!), id), 'invalidTransition', id);
  });
});

describe('who drafts, and with which money', () => {
  it('a station and a committee draft for their own unit; only the committee may announce community funds', async () => {
    const { id: s } = await createIntention(t.db, ctx(A.station!), input());
    expect(await rowOf(s)).toMatchObject({ purchaserRole: 'stationStaff', purchaserRegionCode: '610113001' });
    await refusedWritingNothing(() => createIntention(t.db, ctx(A.station!), input({ fundingSource: 'communityFunds' })), 'invalidInput');
    const { id: c } = await createIntention(t.db, ctx(A.committee!), input({ fundingSource: 'communityFunds', budget: 20_000_00 }));
    expect(await rowOf(c)).toMatchObject({ purchaserRole: 'committeeStaff', fundingSource: 'communityFunds' });
  });

  it('someone who buys nothing cannot draft, and nobody drafts for a year past; neither writes anything', async () => {
    await refusedWritingNothing(() => createIntention(t.db, ctx(A.org!), input()), 'forbidden');
    await refusedWritingNothing(() => createIntention(t.db, ctx(A.admin!), input()), 'forbidden');
    await refusedWritingNothing(() => createIntention(t.db, ctx(A.bureau!), input({ year: 2020 })), 'invalidInput');
  });
});

describe('the public list', () => {
  it('filters by year, region subtree and category, and pages', async () => {
    const made: string[] = [];
    for (const [who, year, category] of [
      ['station', 2028, 'childcare'],
      ['station', 2028, 'elderlyCare'],
      ['committee', 2028, 'childcare'],
      ['bureau', 2028, 'childcare'],
    ] as const) {
      const { id } = await createIntention(t.db, ctx(A[who]!), input({ year, serviceCategories: [category] }));
      await publishIntention(t.db, ctx(A[who]!), id);
      made.push(id);
    }
    const ids = async (f: Parameters<typeof searchIntentions>[1]) => (await searchIntentions(t.db, f)).rows.map((r) => r.id).sort();
    // The street's subtree holds its station and its committees, not the county bureau.
    expect(await ids({ year: 2028, region: '610113001', page: 1, pageSize: 50 })).toEqual([made[0], made[1], made[2]].sort());
    expect(await ids({ year: 2028, region: '610113001', category: 'childcare', page: 1, pageSize: 50 })).toEqual([made[0], made[2]].sort());
    expect(await ids({ year: 2028, region: '610113002', page: 1, pageSize: 50 })).toEqual([]);
    expect(await ids({ year: 2028, region: '610113', page: 1, pageSize: 50 })).toEqual([...made].sort());
    const first = await searchIntentions(t.db, { year: 2028, page: 1, pageSize: 3 });
    const second = await searchIntentions(t.db, { year: 2028, page: 2, pageSize: 3 });
    expect(first.total).toBe(4);
    expect([...first.rows, ...second.rows].map((r) => r.id).sort()).toEqual([...made].sort());
  });
});
