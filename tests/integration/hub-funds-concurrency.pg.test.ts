import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, ledgerAccounts, ledgerEntries, organizations, projects, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { draftSubcontract } from '~/services/draft-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';

/**
 * A hub pays its subcontractors out of what it has received. Each payment locks its own
 * subcontract, so payments of two different subcontracts run side by side: both must not read the
 * same balance and both spend it (found while building the two-process burst, issue 8).
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'hub-funds-race' });
const SUBS = 3;
const EACH = 15_000_00;
let hub: Actor;
let hubOrgId: string;
const due: string[] = [];

async function hubBalance() {
  const [account] = await t.db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.kind, 'organization'), eq(ledgerAccounts.ref, hubOrgId)));
  return (await t.db.select({ a: ledgerEntries.amountFen }).from(ledgerEntries).where(eq(ledgerEntries.accountId, account!.id))).reduce(
    (s, e) => s + Number(e.a),
    0,
  );
}

beforeAll(async () => {
  hub = await actorByEmail(t.db, 'hub@demo.cn');
  const org = await actorByEmail(t.db, 'org@demo.cn');
  // The demo hub's contract (96,000.00, half received, 14,000.00 of it paid on to the dance group; up to 70%
  // may be subcontracted, 35,000.00 already is): the draft still waiting for consent is ended to make room.
  const bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  const [parent] = await t.db
    .select({ id: contracts.id, payee: contracts.payeeOrganizationId })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .where(and(eq(projects.title, '小寨路街道社区为老服务统筹项目'), eq(contracts.status, 'signed')));
  hubOrgId = parent!.payee;
  const [waiting] = await t.db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.parentContractId, parent!.id), eq(contracts.status, 'draft')));
  if (waiting) await terminateContract(t.db, ctx(hub), waiting.id, '改由本测试的分包承接');
  const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
  for (let i = 0; i < SUBS; i++) {
    const { id } = await draftSubcontract(t.db, ctx(hub), parent!.id, dance!.id, `永松社区助老活动第${i + 1}期`, {
      amountFen: EACH,
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      paymentRail: 'treasury',
      milestones: [{ title: '活动总结', kind: 'delivery', dueDate: '2027-12-31' }],
      tranches: [{ percent: 100, milestoneIndex: null }],
    });
    await decideSubcontractConsent(t.db, ctx(bureau), parent!.id, id, 'given', '同意分包');
    await confirmContract(t.db, ctx(hub), id);
    await confirmContract(t.db, ctx(org), id);
    due.push((await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.contractId, id)))[0]!.id);
  }
});

describe('a hub paying several subcontracts at once (PostgreSQL)', () => {
  it('spends no more than it holds: the payments it cannot cover are refused, its account never goes negative', async () => {
    const held = await hubBalance();
    const coverable = Math.floor(held / EACH);
    expect(coverable).toBeGreaterThanOrEqual(1);
    expect(coverable).toBeLessThan(SUBS);
    const results = await Promise.allSettled(
      due.map((id, i) => disburseByTreasury(t.db, ctx(hub), id, { voucherNumber: `联合会-2027-${i}`, paymentDate: '2027-01-15', bankReference: `R${i}` })),
    );
    const paid = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as { messageKey?: string }).messageKey)).toEqual(Array(SUBS - coverable).fill('tranche.errors.hubFunds'));
    expect(paid).toHaveLength(coverable);
    expect(await hubBalance()).toBe(held - coverable * EACH);
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });
});
