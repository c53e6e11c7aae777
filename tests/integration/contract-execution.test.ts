import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, ledgerTransactions, milestones, organizations, regions, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { addCalendarDays } from '~/domain/working-days';
import { advanceClock, now, todayInChina } from '~/lib/clock.server';
import * as contractPage from '~/routes/contracts.$id';
import * as orgPage from '~/routes/orgs.$id';
import { confirmContract } from '~/services/confirm-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByStripe } from '~/services/disburse-by-stripe.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { draftContract, draftSubcontract, type ContractTerms } from '~/services/draft-contract.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Subcontracting by the rules and delivery within the service period (ADR 022): the share and its
 * ceiling to the fen, eligible targets, the purchaser's written consent before signing, nothing
 * accepted or paid before the first day but an advance, acceptance opinions and the performance
 * score on the payee's page. Every refusal writes nothing.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'contract-execution' });
const transfer = (n: number) => ({ voucherNumber: `雁财支-执行-${n}`, paymentDate: todayInChina(), bankReference: `BOC${n}` });
let hubId = '';
let moved = 0;

const count = async (table: typeof contracts | typeof auditEvents | typeof ledgerTransactions) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
/** What a refusal must leave as it was: contracts, audit rows and ledger transactions. */
const snapshot = async () => ({ contracts: await count(contracts), audit: await count(auditEvents), ledger: await count(ledgerTransactions) });

const terms = (amountFen: number, over: Partial<ContractTerms> = {}): ContractTerms => ({
  amountFen,
  startDate: '2026-01-01',
  endDate: '2028-12-31',
  paymentRail: 'treasury',
  milestones: [
    { title: '中期报告', kind: 'reporting', dueDate: '2028-06-30' },
    { title: '终期验收', kind: 'delivery', dueDate: '2028-12-31' },
  ],
  tranches: [
    { percent: 50, milestoneIndex: null },
    { percent: 50, milestoneIndex: 1 },
  ],
  ...over,
});

/** A signed main contract for the hub; `over` may read today (after the award moved the clock). */
async function signedMain(price: number, over: Partial<ContractTerms> | (() => Partial<ContractTerms>)) {
  const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price });
  const { id } = await draftContract(t.db, ctx(A.bureau!), projectId, terms(price, typeof over === 'function' ? over() : over));
  await confirmContract(t.db, ctx(A.bureau!), id);
  await confirmContract(t.db, ctx(A.hub!), id);
  return id;
}

const orgNamed = async (name: string) => (await t.db.select().from(organizations).where(eq(organizations.name, name)))[0]!;
const trancheRows = async (contractId: string) => t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);

beforeAll(async () => {
  for (const w of ['bureau', 'hub', 'org', 'agency']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  hubId = (await orgNamed('小寨路街道社区社会组织联合会')).id;
});

afterAll(() => {
  if (moved) advanceClock(-moved);
});

describe('subcontracts by the rules (政府采购法 §48)', () => {
  let parent = '';
  let none = '';
  const subTerms = (fen: number) => terms(fen, { tranches: [{ percent: 100, milestoneIndex: null }] });

  beforeAll(async () => {
    parent = await signedMain(100_000_01, { subcontracting: { maxPercent: 70, excludedWork: '个案关爱服务、项目统筹与督导' } });
  });

  it('a contract allowing no share cannot be subcontracted at all', async () => {
    none = await signedMain(50_000_00, {});
    const dance = await orgNamed('永松社区夕阳红舞蹈队');
    const before = await snapshot();
    await expect(draftSubcontract(t.db, ctx(A.hub!), none, dance.id, '文体助老活动', subTerms(1))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('ineligible targets are refused with the reason, and nothing is written', async () => {
    const dance = await orgNamed('永松社区夕阳红舞蹈队');
    // A filed community organization of a neighbouring street: outside the hub's area.
    const hubRegion = (await orgNamed('小寨路街道社区社会组织联合会')).regionCode;
    const [community] = await t.db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, 'community'), sql`${regions.code} LIKE ${hubRegion.slice(0, 6) + '%'}`, sql`${regions.code} NOT LIKE ${hubRegion + '%'}`))
      .limit(1);
    const [elsewhere] = await t.db
      .insert(organizations)
      .values({
        name: '邻街道社区书画社',
        kind: 'communityOrg',
        legalStatus: 'filed',
        filingNumber: '测试备-0001',
        regionCode: community!.code,
        serviceCategories: ['culture'],
        beneficiaryGroups: ['allResidents'],
        leaderName: '李明',
        contactPhone: '13800000000',
        foundedOn: '2020-01-01',
        memberCount: 10,
      })
      .returning();
    const mediators = await orgNamed('永松社区邻里调解志愿队');
    // A filed group whose filing number is missing is not a filed organization.
    await t.db.update(organizations).set({ filingNumber: null }).where(eq(organizations.id, mediators.id));
    const before = await snapshot();
    const tryTarget = (id: string) => draftSubcontract(t.db, ctx(A.hub!), parent, id, '分包服务项目', subTerms(1_000_00));
    await expect(tryTarget(elsewhere!.id)).rejects.toMatchObject({ messageKey: 'subcontract.errors.targetRegion' });
    await expect(tryTarget(mediators.id)).rejects.toMatchObject({ messageKey: 'execution.errors.targetStanding' });
    await expect(tryTarget(hubId)).rejects.toMatchObject({ messageKey: 'execution.errors.targetSelf' });
    await t.db.update(organizations).set({ status: 'suspended' }).where(eq(organizations.id, dance.id));
    await expect(tryTarget(dance.id)).rejects.toMatchObject({ messageKey: 'subcontract.errors.targetInactive' });
    await t.db.update(organizations).set({ status: 'active' }).where(eq(organizations.id, dance.id));
    expect(await snapshot()).toEqual(before);
  });

  it('¥100,000.00 of ¥100,000.01 is refused; exactly the 70% share (¥70,000.00) is not; a refused consent frees it', async () => {
    const dance = await orgNamed('永松社区夕阳红舞蹈队');
    const before = await snapshot();
    await expect(draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '转包全部服务', subTerms(100_000_00))).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'execution.errors.overShare',
    });
    await expect(draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '文体助老活动', subTerms(70_000_01))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    expect(await snapshot()).toEqual(before);
    const { id } = await draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '文体助老活动', subTerms(70_000_00));
    const [sub] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(sub).toMatchObject({ status: 'draft', consentDecision: null, amountFen: 70_000_00 });
    await expect(draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '再分一分钱', subTerms(1))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    // The purchaser refuses in writing: the subcontract ends and its amount no longer counts.
    await decideSubcontractConsent(t.db, ctx(A.bureau!), parent, id, 'refused', '分包比例过高，主体服务应由中标人自行履行。');
    const [refused] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(refused).toMatchObject({ status: 'terminated', consentDecision: 'refused', consentBy: A.bureau!.userId });
    await expect(confirmContract(t.db, ctx(A.hub!), id)).rejects.toMatchObject({ code: 'invalidTransition' });
    await draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '文体助老活动（调整）', subTerms(30_000_00));
  });

  it('a subcontract is signed only after the purchaser consents in writing; no one else may consent', async () => {
    const dance = await orgNamed('永松社区夕阳红舞蹈队');
    const { id } = await draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '重阳节活动', subTerms(5_000_00));
    const before = await snapshot();
    await expect(confirmContract(t.db, ctx(A.hub!), id)).rejects.toMatchObject({ code: 'invalidTransition', messageKey: 'execution.errors.noConsent' });
    await expect(confirmContract(t.db, ctx(A.org!), id)).rejects.toMatchObject({ messageKey: 'execution.errors.noConsent' });
    await expect(decideSubcontractConsent(t.db, ctx(A.hub!), parent, id, 'given', '我们同意')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decideSubcontractConsent(t.db, ctx(A.agency!), parent, id, 'given', '我们同意')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(decideSubcontractConsent(t.db, ctx(A.bureau!), parent, id, 'given', '同意')).rejects.toMatchObject({
      messageKey: 'execution.errors.consentText',
    });
    // Not a subcontract of the contract named.
    await expect(decideSubcontractConsent(t.db, ctx(A.bureau!), none, id, 'given', '同意分包重阳节活动')).rejects.toMatchObject({
      code: 'notFound',
      messageKey: 'execution.errors.notSubcontract',
    });
    const [untouched] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(untouched).toMatchObject({ payerConfirmedAt: null, payeeConfirmedAt: null, consentDecision: null });
    expect(await snapshot()).toEqual(before);

    await decideSubcontractConsent(t.db, ctx(A.bureau!), parent, id, 'given', '同意将重阳节活动分包给该组织实施。');
    await expect(decideSubcontractConsent(t.db, ctx(A.bureau!), parent, id, 'refused', '改变主意了')).rejects.toMatchObject({
      messageKey: 'execution.errors.consentDone',
    });
    await confirmContract(t.db, ctx(A.hub!), id);
    expect(await confirmContract(t.db, ctx(A.org!), id)).toEqual({ signed: true });
    const [signed] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(signed).toMatchObject({
      status: 'signed',
      consentDecision: 'given',
      consentText: '同意将重阳节活动分包给该组织实施。',
      consentBy: A.bureau!.userId,
    });
    expect(signed!.consentAt).toBeInstanceOf(Date);
  });

  it('through the page: the purchaser sees the consent form; bad text is a 400 writing nothing; the hub cannot post it', async () => {
    const dance = await orgNamed('永松社区夕阳红舞蹈队');
    const { id } = await draftSubcontract(t.db, ctx(A.hub!), parent, dance.id, '端午节活动', subTerms(1_000_00));
    const [bureau, hub] = await Promise.all([cookieFor(t.db, 'bureau@demo.cn'), cookieFor(t.db, 'hub@demo.cn')]);
    const call = (cookie: string, form?: Record<string, string>) =>
      callRoute(form ? contractPage.action : contractPage.loader, { url: `/contracts/${parent}`, cookie, params: { id: parent }, form });
    expect(((await call(bureau)).data as { may: { consent: string[] } }).may.consent).toContain(id);
    expect(((await call(hub)).data as { may: { consent: string[] } }).may.consent).toEqual([]);
    const before = await snapshot();
    let r = await call(bureau, { intent: 'consentSubcontract', subcontractId: id, reason: '' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ reason: 'execution.errors.consentText' });
    r = await call(hub, { intent: 'consentSubcontract', subcontractId: id, reason: '同意分包端午节活动' });
    expect(r.status).toBe(403);
    expect(await snapshot()).toEqual(before);
    r = await call(bureau, { intent: 'refuseSubcontract', subcontractId: id, reason: '端午节活动属于主体工作，不得分包。' });
    expect(r.data).toEqual({ done: 'consentRefused' });
    const [ended] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(ended).toMatchObject({ status: 'terminated', consentDecision: 'refused' });
  });
});

describe('delivery within the service period', () => {
  let early = '';
  let start = '';

  beforeAll(async () => {
    early = await signedMain(60_000_00, () => {
      // Tomorrow in China, read after the award moved the clock on.
      start = addCalendarDays(todayInChina(), 1);
      return {
        startDate: start,
        tranches: [
          { percent: 30, milestoneIndex: null, advance: true },
          { percent: 20, milestoneIndex: null },
          { percent: 50, milestoneIndex: 1 },
        ],
      };
    });
  });

  it('before the start day the advance is paid; nothing else is paid or accepted, and the refusals write nothing', async () => {
    const [advance, atSigning] = await trancheRows(early);
    expect([advance!.advance, advance!.status, atSigning!.advance, atSigning!.status]).toEqual([true, 'unlocked', false, 'unlocked']);
    await disburseByTreasury(t.db, ctx(A.bureau!), advance!.id, transfer(1));
    const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, early)).orderBy(milestones.position);
    // The payee may hand work in before the period; it is not accepted before it.
    await submitDeliverable(t.db, ctx(A.hub!), ms[0]!.id, { report: '服务前期筹备：走访需求调研。', beneficiaries: {}, activityCount: 2 });
    const before = await snapshot();
    await expect(disburseByTreasury(t.db, ctx(A.bureau!), atSigning!.id, transfer(2))).rejects.toMatchObject({
      code: 'invalidTransition',
      messageKey: 'execution.errors.beforeStart',
    });
    await expect(reviewDeliverable(t.db, ctx(A.bureau!), ms[0]!.id, 'accept', '前期筹备工作符合要求。')).rejects.toMatchObject({
      messageKey: 'execution.errors.beforeStart',
    });
    expect(await snapshot()).toEqual(before);
    expect((await trancheRows(early))[1]!.status).toBe('unlocked');
    expect((await t.db.select().from(milestones).where(eq(milestones.id, ms[0]!.id)))[0]!.status).toBe('submitted');
  });

  it('the Stripe rail is held the same way, before any call to Stripe', async () => {
    const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 10_000_00 });
    const { id } = await draftContract(
      t.db,
      ctx(A.bureau!),
      projectId,
      terms(10_000_00, { startDate: addCalendarDays(todayInChina(), 1), paymentRail: 'stripe' }),
    );
    await confirmContract(t.db, ctx(A.bureau!), id);
    await confirmContract(t.db, ctx(A.hub!), id);
    const [first] = await trancheRows(id);
    let called = 0;
    const client = {
      transfers: {
        create: () => {
          called++;
          throw new Error('no call to Stripe before the service period');
        },
      },
    } as unknown as Stripe;
    const before = await snapshot();
    await expect(disburseByStripe(t.db, ctx(A.bureau!), first!.id, client)).rejects.toMatchObject({ messageKey: 'execution.errors.beforeStart' });
    expect(called).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect((await trancheRows(id))[0]).toMatchObject({ status: 'unlocked', idempotencyKey: null });
  });

  it('the boundary is midnight of the start day in China: a second before it is still refused, the day itself is not', async () => {
    const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, early)).orderBy(milestones.position);
    const [, atSigning] = await trancheRows(early);
    const midnight = new Date(`${start}T00:00:00+08:00`).getTime();
    const toBefore = midnight - 1000 - now().getTime();
    advanceClock(toBefore);
    moved += toBefore;
    expect(todayInChina()).toBe(addCalendarDays(start, -1));
    await expect(reviewDeliverable(t.db, ctx(A.bureau!), ms[0]!.id, 'accept', '前期筹备工作符合要求。')).rejects.toMatchObject({
      messageKey: 'execution.errors.beforeStart',
    });
    advanceClock(2000);
    moved += 2000;
    expect(todayInChina()).toBe(start);
    await reviewDeliverable(t.db, ctx(A.bureau!), ms[0]!.id, 'accept', '前期筹备工作符合要求。');
    await disburseByTreasury(t.db, ctx(A.bureau!), atSigning!.id, transfer(3));
    expect((await trancheRows(early)).map((x) => x.status)).toEqual(['paid', 'paid', 'locked']);
  });

  it('an advance is only the first tranche unlocked at signing: anything else is refused at drafting, writing nothing', async () => {
    const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 10_000_00 });
    const before = await snapshot();
    const bad = [
      [
        { percent: 50, milestoneIndex: null },
        { percent: 50, milestoneIndex: null, advance: true },
      ],
      [
        { percent: 50, milestoneIndex: 0, advance: true },
        { percent: 50, milestoneIndex: 1 },
      ],
    ];
    for (const tranches of bad)
      await expect(draftContract(t.db, ctx(A.bureau!), projectId, terms(10_000_00, { tranches }))).rejects.toMatchObject({
        messageKey: 'execution.errors.advance',
      });
    expect(await snapshot()).toEqual(before);
  });
});

describe('acceptance opinions and the performance evaluation', () => {
  let id = '';
  let final = '';
  let bureau = '';
  const post = (form: Record<string, string>) => callRoute(contractPage.action, { url: `/contracts/${id}`, cookie: bureau, params: { id }, form });

  beforeAll(async () => {
    id = await signedMain(20_000_00, {});
    bureau = await cookieFor(t.db, 'bureau@demo.cn');
    const ms = await t.db.select().from(milestones).where(eq(milestones.contractId, id)).orderBy(milestones.position);
    for (const m of ms) await submitDeliverable(t.db, ctx(A.hub!), m.id, { report: '按计划开展服务并提交台账。', beneficiaries: {}, activityCount: 4 });
    await reviewDeliverable(t.db, ctx(A.bureau!), ms[0]!.id, 'accept', '中期报告符合要求。');
    final = ms[1]!.id;
  });

  it('accepting a deliverable needs a written opinion: 400 without one, nothing written; the opinion is kept and shown', async () => {
    const before = await snapshot();
    for (const reason of ['', '好']) {
      const r = await post({ intent: 'accept', milestoneId: final, reason });
      expect(r.status).toBe(400);
      expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ reason: 'execution.errors.opinion' });
    }
    await expect(reviewDeliverable(t.db, ctx(A.bureau!), final, 'accept')).rejects.toMatchObject({ messageKey: 'execution.errors.opinion' });
    expect(await snapshot()).toEqual(before);
    expect(await post({ intent: 'accept', milestoneId: final, reason: '终期成果符合合同约定的数量和质量标准。' })).toMatchObject({
      data: { done: 'accepted' },
    });
    const page = await callRoute(contractPage.loader, { url: `/contracts/${id}`, cookie: bureau, params: { id } });
    const round = (page.data as { milestones: { id: string; rounds: { status: string; reviewReason: string }[] }[] }).milestones.find((m) => m.id === final)!
      .rounds[0]!;
    expect(round).toMatchObject({ status: 'accepted', reviewReason: '终期成果符合合同约定的数量和质量标准。' });
  });

  it('final acceptance needs a written opinion; the score is 0–100 or none; it is stored and shown on the payee’s page', async () => {
    const base = { intent: 'complete', rating: '4', comment: '服务扎实' };
    const before = await snapshot();
    let r = await post({ ...base, opinion: '' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ opinion: 'execution.errors.opinion' });
    r = await post({ ...base, opinion: '按合同约定完成，验收合格。', performanceScore: '101' });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ performanceScore: 'execution.errors.score' });
    r = await post({ ...base, opinion: '按合同约定完成，验收合格。', performanceScore: '8.5' });
    expect(r.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await t.db.select().from(contracts).where(eq(contracts.id, id)))[0]!.status).toBe('signed');

    r = await post({ ...base, opinion: '按合同约定完成，验收合格。', performanceScore: '87' });
    expect(r.data).toEqual({ done: 'completed' });
    const [done] = await t.db.select().from(contracts).where(eq(contracts.id, id));
    expect(done).toMatchObject({ status: 'completed', acceptanceOpinion: '按合同约定完成，验收合格。', performanceScore: 87 });
    const org = await callRoute(orgPage.loader, { url: `/orgs/${hubId}`, params: { id: hubId } });
    const completed = (org.data as { completed: { id: string; performanceScore: number | null }[] }).completed;
    expect(completed.find((c) => c.id === id)).toMatchObject({ performanceScore: 87 });
    // The public record carries no opinion, report or payment detail.
    expect(JSON.stringify(completed)).not.toContain('验收合格');
  });
});
