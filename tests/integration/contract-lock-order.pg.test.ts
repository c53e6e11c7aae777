import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractAmendments, contracts, milestones, organizations, projects, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { draftSubcontract } from '~/services/draft-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
import { submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';

/**
 * Two people act on one contract at the same moment. Every writer must lock the contract before
 * its tranches, milestones and amendments: a use case that took the child first (paying a tranche,
 * handing in a deliverable, answering an amendment) and one that took the contract first
 * (terminating, confirming an amendment) each held what the other waited for, PostgreSQL failed
 * one of them with a deadlock, and the person saw a server error. Found while building the
 * two-process burst (issue 8). Ten pairs at once per case, each on its own subcontract of the
 * demo hub (the hub pays, the dance team is paid).
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'contract-lock-order' });
const PAIRS = 10;
const A = {} as Record<'hub' | 'org' | 'bureau', Actor>;
let parentId: string;
let danceId: string;
let serial = 0;

beforeAll(async () => {
  A.hub = await actorByEmail(t.db, 'hub@demo.cn');
  A.bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  A.org = await actorByEmail(t.db, 'org@demo.cn');
  const [parent] = await t.db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .where(and(eq(projects.title, '小寨路街道社区为老服务统筹项目'), eq(contracts.status, 'signed')));
  parentId = parent!.id;
  danceId = (await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队')))[0]!.id;
});

/** Signed subcontracts of 1,000.00, paid in full at signing, with one milestone. */
async function signedSubcontracts(n: number) {
  const out: { contractId: string; trancheId: string; milestoneId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await draftSubcontract(t.db, ctx(A.hub), parentId, danceId, `永松社区邻里活动第${++serial}期`, {
      amountFen: 1_000_00,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      paymentRail: 'treasury',
      milestones: [{ title: '活动总结', kind: 'delivery', dueDate: '2027-12-31' }],
      tranches: [{ percent: 100, milestoneIndex: null }],
    });
    // Within the demo contract's 70% share; signed only with the bureau's written consent (ADR 022).
    await decideSubcontractConsent(t.db, ctx(A.bureau), parentId, id, 'given', '同意分包');
    await confirmContract(t.db, ctx(A.hub), id);
    await confirmContract(t.db, ctx(A.org), id);
    const [tr] = await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.contractId, id));
    const [m] = await t.db.select({ id: milestones.id }).from(milestones).where(eq(milestones.contractId, id));
    out.push({ contractId: id, trancheId: tr!.id, milestoneId: m!.id });
  }
  return out;
}

/** Runs the pairs at once; returns each pair's two outcomes, after checking none failed but with an AppError. */
async function race<T>(items: T[], first: (x: T, i: number) => Promise<unknown>, second: (x: T, i: number) => Promise<unknown>) {
  const results = await Promise.allSettled(items.flatMap((x, i) => [first(x, i), second(x, i)]));
  const unexpected = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof AppError))
    .map((r) => {
      const e = r.reason as { code?: string; cause?: { code?: string; message?: string } };
      return `${e.cause?.code ?? e.code ?? ''} ${e.cause?.message ?? String(r.reason)}`;
    });
  expect(unexpected).toEqual([]);
  return items.map((_, i) => [results[2 * i]!, results[2 * i + 1]!] as const);
}

const refusedAs = (r: PromiseSettledResult<unknown>) => (r.status === 'rejected' ? (r.reason as AppError).code : 'done');
const ENDING = '活动场地无法使用，双方协商终止。';

describe('two people on one contract at the same moment (PostgreSQL)', () => {
  it('paying a tranche while the contract is terminated: one goes first, the other is told why', async () => {
    const subs = await signedSubcontracts(PAIRS);
    const outcomes = await race(
      subs,
      (s, i) => disburseByTreasury(t.db, ctx(A.hub), s.trancheId, { voucherNumber: `联合会-2027-${i}`, paymentDate: '2027-01-15', bankReference: `R${i}` }),
      (s) => terminateContract(t.db, ctx(A.hub), s.contractId, ENDING),
    );
    for (const [i, [pay, terminate]] of outcomes.entries()) {
      const [tr] = await t.db.select().from(tranches).where(eq(tranches.id, subs[i]!.trancheId));
      // Terminating always succeeds (what was paid stays paid); the payment came first or is refused as stale.
      expect(terminate.status).toBe('fulfilled');
      expect([refusedAs(pay), tr!.status]).toEqual(pay.status === 'fulfilled' ? ['done', 'paid'] : ['invalidTransition', 'locked']);
    }
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });

  it('the payee confirming an amendment while the payer terminates: one goes first, the other is told why', async () => {
    const subs = await signedSubcontracts(PAIRS);
    const amendments: string[] = [];
    for (const s of subs) amendments.push((await proposeAmendment(t.db, ctx(A.hub), s.contractId, { endDate: '2028-01-31' }, '春节活动顺延一个月。')).id);
    const outcomes = await race(
      subs,
      (_, i) => confirmAmendment(t.db, ctx(A.org), amendments[i]!),
      (s) => terminateContract(t.db, ctx(A.hub), s.contractId, ENDING),
    );
    for (const [i, [confirm, terminate]] of outcomes.entries()) {
      const [a] = await t.db.select().from(contractAmendments).where(eq(contractAmendments.id, amendments[i]!));
      expect(terminate.status).toBe('fulfilled');
      // Confirmed before the end, or withdrawn with the contract and the confirmation refused.
      expect([refusedAs(confirm), a!.status]).toEqual(confirm.status === 'fulfilled' ? ['done', 'inForce'] : ['invalidTransition', 'withdrawn']);
    }
  });

  it('the payee handing in a deliverable while the payer confirms an amendment moving its due date: both done', async () => {
    const subs = await signedSubcontracts(PAIRS);
    const amendments: string[] = [];
    for (const s of subs)
      amendments.push(
        (await proposeAmendment(t.db, ctx(A.org), s.contractId, { dueDates: { [s.milestoneId]: '2027-11-30' } }, '年底集中演出，总结提前一个月。')).id,
      );
    const outcomes = await race(
      subs,
      (s) =>
        submitDeliverable(t.db, ctx(A.org), s.milestoneId, {
          report: '全年开展邻里互助活动12场。',
          beneficiaries: { emptyNestElderly: 60 },
          activityCount: 12,
        }),
      (_, i) => confirmAmendment(t.db, ctx(A.hub), amendments[i]!),
    );
    for (const [i, [submit, confirm]] of outcomes.entries()) {
      const [m] = await t.db.select().from(milestones).where(eq(milestones.id, subs[i]!.milestoneId));
      expect([refusedAs(submit), refusedAs(confirm), m!.status, m!.dueDate]).toEqual(['done', 'done', 'submitted', '2027-11-30']);
    }
  });
});
