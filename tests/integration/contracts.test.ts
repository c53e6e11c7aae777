import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, ledgerAccounts, ledgerEntries, organizations, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftContract, draftSubcontract, type ContractTerms } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { completeContract } from '~/services/complete-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';

const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'contracts-test' });
const transfer = (n: number) => ({ voucherNumber: `雁财支-2027-${n}`, paymentDate: '2027-01-15', bankReference: `BOC${n}` });

async function ledgerClean() {
  const results = await checkLedger(t.db);
  expect(results.filter((r) => r.violations.length).map((r) => [r.name, r.violations])).toEqual([]);
}

// The service period has started (today in these tests is before 2027): nothing waits for its first day here.
const terms = (amountFen: number, over: Partial<ContractTerms> = {}): ContractTerms => ({
  amountFen,
  startDate: '2026-01-01',
  endDate: '2027-12-31',
  paymentRail: 'treasury',
  milestones: [
    { title: '中期报告', kind: 'reporting', dueDate: '2027-06-30' },
    { title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' },
  ],
  tranches: [
    { percent: 50, milestoneIndex: null },
    { percent: 30, milestoneIndex: 0 },
    { percent: 20, milestoneIndex: 1 },
  ],
  ...over,
});

let projectId: string;
let hubId: string;

beforeAll(async () => {
  for (const who of ['bureau', 'hub', 'org', 'agency', 'station']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  ({ projectId, organizationId: hubId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 100_000_01 }));
});

describe('a contract from an award, its tranches, a subcontract to a filed organization, every fen in the ledger', () => {
  let contractId: string;
  let subId: string;

  it('the purchaser drafts within the awarded amount; the split is exact to the fen', async () => {
    await expect(draftContract(t.db, ctx(A.bureau!), projectId, terms(100_000_02))).rejects.toMatchObject({ messageKey: 'contract.errors.overAward' });
    await expect(draftContract(t.db, ctx(A.station!), projectId, terms(100_000_01))).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      draftContract(
        t.db,
        ctx(A.bureau!),
        projectId,
        terms(100_000_01, {
          tranches: [
            { percent: 50, milestoneIndex: null },
            { percent: 30, milestoneIndex: 0 },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      messageKey: 'contract.errors.tranches.sum',
    });
    ({ id: contractId } = await draftContract(
      t.db,
      ctx(A.bureau!),
      projectId,
      terms(100_000_01, { subcontracting: { maxPercent: 70, excludedWork: '个案关爱服务、项目统筹与督导' } }),
    ));
    const rows = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
    expect(rows.map((r) => r.amountFen)).toEqual([50_000_00, 30_000_00, 20_000_01]);
    await expect(draftContract(t.db, ctx(A.bureau!), projectId, terms(100_000_01))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('both sides confirm; signing commits the amount and unlocks the first tranche, which the bureau pays', async () => {
    expect(await confirmContract(t.db, ctx(A.hub!), contractId)).toEqual({ signed: false });
    await expect(confirmContract(t.db, ctx(A.org!), contractId)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await confirmContract(t.db, ctx(A.bureau!), contractId)).toEqual({ signed: true });
    const [first, second] = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
    expect([first!.status, second!.status]).toEqual(['unlocked', 'locked']);
    await expect(disburseByTreasury(t.db, ctx(A.bureau!), second!.id, transfer(2))).rejects.toMatchObject({ code: 'invalidTransition' });
    await expect(disburseByTreasury(t.db, ctx(A.hub!), first!.id, transfer(1))).rejects.toMatchObject({ code: 'forbidden' });
    await disburseByTreasury(t.db, ctx(A.bureau!), first!.id, transfer(1));
    await expect(disburseByTreasury(t.db, ctx(A.bureau!), first!.id, transfer(1))).rejects.toMatchObject({ code: 'invalidTransition' });
    await ledgerClean();
  });

  it('the hub subcontracts to a community organization of its street, within the share the contract allows, with the purchaser’s consent', async () => {
    const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
    const [other] = await t.db.select().from(organizations).where(eq(organizations.name, '小寨东路社区四点半课堂'));
    const [agency] = await t.db.select().from(organizations).where(eq(organizations.kind, 'socialWorkAgency'));
    await expect(draftSubcontract(t.db, ctx(A.hub!), contractId, agency!.id, '心理慰藉', terms(10_000_00))).rejects.toMatchObject({
      messageKey: 'subcontract.errors.targetKind',
    });
    await expect(draftSubcontract(t.db, ctx(A.hub!), contractId, dance!.id, '文体助老', terms(100_000_02))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    // Passing on (almost) the whole contract: ¥100,000.00 of ¥100,000.01 is over the 70% share.
    await expect(draftSubcontract(t.db, ctx(A.hub!), contractId, dance!.id, '文体助老', terms(100_000_00))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    await expect(draftSubcontract(t.db, ctx(A.hub!), contractId, dance!.id, '文体助老', terms(70_000_01))).rejects.toMatchObject({
      messageKey: 'execution.errors.overShare',
    });
    await expect(draftSubcontract(t.db, ctx(A.bureau!), contractId, dance!.id, '文体助老', terms(10_000_00))).rejects.toMatchObject({ code: 'forbidden' });
    ({ id: subId } = await draftSubcontract(
      t.db,
      ctx(A.hub!),
      contractId,
      dance!.id,
      '永松社区文体助老活动',
      terms(20_000_00, {
        tranches: [
          { percent: 40, milestoneIndex: null },
          { percent: 60, milestoneIndex: 1 },
        ],
      }),
    ));
    await draftSubcontract(t.db, ctx(A.hub!), contractId, other!.id, '小寨东路社区课业辅导', terms(10_000_00));
    // Not signed until the purchaser of the main contract consents in writing; the hub cannot consent for it.
    await expect(confirmContract(t.db, ctx(A.hub!), subId)).rejects.toMatchObject({ messageKey: 'execution.errors.noConsent' });
    await expect(decideSubcontractConsent(t.db, ctx(A.hub!), contractId, subId, 'given', '同意分包')).rejects.toMatchObject({ code: 'forbidden' });
    await decideSubcontractConsent(t.db, ctx(A.bureau!), contractId, subId, 'given', '同意将文体助老活动分包给该组织实施。');
    await confirmContract(t.db, ctx(A.hub!), subId);
    expect(await confirmContract(t.db, ctx(A.org!), subId)).toEqual({ signed: true });
    const [sub] = await t.db.select().from(contracts).where(eq(contracts.id, subId));
    expect(sub).toMatchObject({ parentContractId: contractId, payerOrganizationId: hubId, status: 'signed' });
  });

  it('the filed organization delivers; the hub accepts and pays it from what it received', async () => {
    const subTranches = await t.db.select().from(tranches).where(eq(tranches.contractId, subId)).orderBy(tranches.position);
    await disburseByTreasury(t.db, ctx(A.hub!), subTranches[0]!.id, transfer(11));
    const milestoneId = subTranches[1]!.milestoneId!;
    // Deliver the first milestone too, so the final one can be accepted in order of the schedule.
    await submitDeliverable(t.db, ctx(A.org!), milestoneId, {
      report: '全年开展文体助老活动24场。',
      beneficiaries: { emptyNestElderly: 180 },
      activityCount: 24,
    });
    await expect(reviewDeliverable(t.db, ctx(A.org!), milestoneId, 'accept', '符合合同约定')).rejects.toMatchObject({ code: 'forbidden' });
    await reviewDeliverable(t.db, ctx(A.hub!), milestoneId, 'accept', '活动场次和服务人数符合合同约定。');
    await disburseByTreasury(t.db, ctx(A.hub!), subTranches[1]!.id, transfer(12));
    await ledgerClean();
  });

  it('a hub cannot pay more than it has received (no organization account goes negative)', async () => {
    const hubHolds = async () => {
      const [hubAccount] = await t.db
        .select()
        .from(ledgerAccounts)
        .where(and(eq(ledgerAccounts.kind, 'organization'), eq(ledgerAccounts.ref, hubId)));
      return (await t.db.select({ a: ledgerEntries.amountFen }).from(ledgerEntries).where(eq(ledgerEntries.accountId, hubAccount!.id))).reduce(
        (s, e) => s + Number(e.a),
        0,
      );
    };
    const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
    const signedSub = async (parent: string, title: string, amountFen: number) => {
      const { id } = await draftSubcontract(
        t.db,
        ctx(A.hub!),
        parent,
        dance!.id,
        title,
        terms(amountFen, { tranches: [{ percent: 100, milestoneIndex: null }] }),
      );
      await decideSubcontractConsent(t.db, ctx(A.bureau!), parent, id, 'given', '同意分包。');
      await confirmContract(t.db, ctx(A.hub!), id);
      await confirmContract(t.db, ctx(A.org!), id);
      return (await t.db.select().from(tranches).where(eq(tranches.contractId, id)))[0]!;
    };
    // 20,000.00 + 10,000.00 + 40,000.00: the whole 70% share of ¥100,000.01 (¥70,000.00), to the fen; not one fen more.
    const big = await signedSub(contractId, '永松社区重阳节活动', 40_000_00);
    await expect(
      draftSubcontract(t.db, ctx(A.hub!), contractId, dance!.id, '再一项', terms(1, { tranches: [{ percent: 100, milestoneIndex: null }] })),
    ).rejects.toMatchObject({ messageKey: 'execution.errors.overShare' });
    await disburseByTreasury(t.db, ctx(A.hub!), big.id, transfer(21));
    // Under the demo hub contract (70% of ¥96,000.00, ¥35,000.00 subcontracted): more than the hub now holds.
    const [demo] = await t.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(
        and(
          eq(contracts.payeeOrganizationId, hubId),
          eq(contracts.status, 'signed'),
          sql`${contracts.id} <> ${contractId}`,
          sql`${contracts.parentContractId} IS NULL`,
        ),
      );
    const over = await signedSub(demo!.id, '永松社区冬至活动', 32_000_00);
    expect(await hubHolds()).toBeLessThan(32_000_00);
    await expect(disburseByTreasury(t.db, ctx(A.hub!), over.id, transfer(22))).rejects.toMatchObject({ messageKey: 'tranche.errors.hubFunds' });
    const [after] = await t.db.select().from(tranches).where(eq(tranches.id, over.id));
    expect(after!.status).toBe('unlocked');
    await ledgerClean();
  });

  it('the main deliverable is returned, revised and accepted; the final tranche is paid; final acceptance', async () => {
    const ts = await t.db.select().from(tranches).where(eq(tranches.contractId, contractId)).orderBy(tranches.position);
    const mid = ts[1]!.milestoneId!;
    const fin = ts[2]!.milestoneId!;
    const r1 = await submitDeliverable(t.db, ctx(A.hub!), mid, {
      report: '中期报告：已开展活动10场。',
      beneficiaries: { emptyNestElderly: 80 },
      activityCount: 10,
    });
    expect(r1.round).toBe(1);
    await reviewDeliverable(t.db, ctx(A.bureau!), mid, 'return', '缺少受益人签到表，请补充。');
    await expect(disburseByTreasury(t.db, ctx(A.bureau!), ts[1]!.id, transfer(3))).rejects.toMatchObject({ code: 'invalidTransition' });
    const r2 = await submitDeliverable(t.db, ctx(A.hub!), mid, {
      report: '中期报告（修订）：补充签到表。',
      beneficiaries: { emptyNestElderly: 80 },
      activityCount: 10,
    });
    expect(r2.round).toBe(2);
    await reviewDeliverable(t.db, ctx(A.bureau!), mid, 'accept', '中期报告补充签到表后符合要求。');
    await disburseByTreasury(t.db, ctx(A.bureau!), ts[1]!.id, transfer(3));
    const final = { rating: 5, comment: '服务扎实，居民满意', opinion: '全年服务按合同约定完成，验收合格。', performanceScore: 92 };
    await expect(completeContract(t.db, ctx(A.bureau!), contractId, final)).rejects.toMatchObject({ messageKey: 'contract.errors.openMilestones' });
    await submitDeliverable(t.db, ctx(A.hub!), fin, {
      report: '终期报告：全年服务1000人次。',
      beneficiaries: { emptyNestElderly: 600, disabled: 40 },
      activityCount: 40,
    });
    await reviewDeliverable(t.db, ctx(A.bureau!), fin, 'accept', '终期成果符合合同约定。');
    await disburseByTreasury(t.db, ctx(A.bureau!), ts[2]!.id, transfer(4));
    await completeContract(t.db, ctx(A.bureau!), contractId, final);
    const [c] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(c).toMatchObject({ status: 'completed', rating: 5, acceptanceOpinion: final.opinion, performanceScore: 92 });
    const paid = (await t.db.select().from(tranches).where(eq(tranches.contractId, contractId))).reduce(
      (s, x) => s + (x.status === 'paid' ? x.amountFen : 0),
      0,
    );
    expect(paid).toBe(100_000_01);
    await ledgerClean();
  });
});

describe('a signed contract is immutable at the database', () => {
  it('refuses to change its parties, money or schedule, or to delete it; dates and state still move', async () => {
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    // A signed contract of the demo data, with its schedule.
    const [c] = await t.db.select().from(contracts).where(eq(contracts.status, 'signed')).limit(1);
    const contractId = c!.id;
    expect(await reason(t.db.execute(sql`UPDATE contracts SET amount_fen = amount_fen + 100 WHERE id = ${contractId}`))).toMatch(/only by amendment/);
    expect(await reason(t.db.execute(sql`UPDATE contracts SET payee_organization_id = payer_organization_id WHERE id = ${contractId}`))).toMatch(
      /only by amendment/,
    );
    expect(await reason(t.db.execute(sql`UPDATE contracts SET status = 'draft' WHERE id = ${contractId}`))).toMatch(/only by amendment/);
    // The subcontracting terms and the consent are part of what was signed (ADR 022).
    expect(await reason(t.db.execute(sql`UPDATE contracts SET subcontract_max_percent = 70 WHERE id = ${contractId}`))).toMatch(/only by amendment/);
    expect(await reason(t.db.execute(sql`UPDATE contracts SET consent_text = '改' WHERE id = ${contractId}`))).toMatch(/only by amendment/);
    expect(await reason(t.db.execute(sql`UPDATE tranches SET advance = NOT advance WHERE contract_id = ${contractId}`))).toMatch(
      /schedule of a contract is fixed/,
    );
    expect(await reason(t.db.execute(sql`DELETE FROM contracts WHERE id = ${contractId}`))).toMatch(/DELETE refused/);
    expect(await reason(t.db.execute(sql`UPDATE tranches SET amount_fen = amount_fen + 1 WHERE contract_id = ${contractId}`))).toMatch(
      /schedule of a contract is fixed/,
    );
    expect(await reason(t.db.execute(sql`UPDATE milestones SET title = '改名' WHERE contract_id = ${contractId}`))).toMatch(/schedule of a contract is fixed/);
    expect(await reason(t.db.execute(sql`DELETE FROM tranches WHERE contract_id = ${contractId}`))).toMatch(/DELETE refused/);
    // What amendments and transitions write is still allowed.
    expect(await reason(t.db.execute(sql`UPDATE contracts SET end_date = end_date, status_reason = status_reason WHERE id = ${contractId}`))).toBe('allowed');
    expect(await reason(t.db.execute(sql`UPDATE milestones SET due_date = due_date WHERE contract_id = ${contractId}`))).toBe('allowed');
    const [after] = await t.db.select().from(contracts).where(eq(contracts.id, contractId));
    expect(after).toEqual(c);
  });
});

describe('the ledger is append-only', () => {
  it('the database refuses to edit or delete ledger rows', async () => {
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await reason(t.db.execute(sql`UPDATE ledger_entries SET amount_fen = amount_fen + 1`))).toMatch(/append-only/);
    expect(await reason(t.db.execute(sql`DELETE FROM ledger_transactions`))).toMatch(/append-only/);
  });
});
