import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, organizations, projects, tranches } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { draftSubcontract } from '~/services/draft-contract.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { terminateContract } from '~/services/terminate-contract.server';
import { checkLedger } from '~/queries/ledger.server';
import { actorByEmail, setupTestDb } from '../support/db';

/**
 * The payer pays a tranche in one tab while a colleague terminates the contract in another. Paying
 * locked the tranche and then the contract; terminating locks the contract and then its tranches:
 * at the same moment each waited for the other, PostgreSQL broke the deadlock by failing one of
 * them, and the person saw a server error. Found while building the two-process burst (issue 8).
 * Ten such pairs at once, each on its own subcontract of the demo hub.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'pay-terminate-race' });
const PAIRS = 10;
const EACH = 1_000_00;
let hub: Actor;
const pairs: { contractId: string; trancheId: string }[] = [];

beforeAll(async () => {
  hub = await actorByEmail(t.db, 'hub@demo.cn');
  const org = await actorByEmail(t.db, 'org@demo.cn');
  const [parent] = await t.db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .where(and(eq(projects.title, '小寨路街道社区为老服务统筹项目'), eq(contracts.status, 'signed')));
  const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
  for (let i = 0; i < PAIRS; i++) {
    const { id } = await draftSubcontract(t.db, ctx(hub), parent!.id, dance!.id, `永松社区邻里活动第${i + 1}期`, {
      amountFen: EACH,
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      paymentRail: 'treasury',
      milestones: [{ title: '活动总结', kind: 'delivery', dueDate: '2027-12-31' }],
      tranches: [{ percent: 100, milestoneIndex: null }],
    });
    await confirmContract(t.db, ctx(hub), id);
    await confirmContract(t.db, ctx(org), id);
    pairs.push({ contractId: id, trancheId: (await t.db.select({ id: tranches.id }).from(tranches).where(eq(tranches.contractId, id)))[0]!.id });
  }
});

describe('paying a tranche while the contract is terminated (PostgreSQL)', () => {
  it('one of the two goes first; the other is told why; no database error reaches the person', async () => {
    const results = await Promise.allSettled(
      pairs.flatMap((p, i) => [
        disburseByTreasury(t.db, ctx(hub), p.trancheId, { voucherNumber: `联合会-2027-${i}`, paymentDate: '2027-01-15', bankReference: `R${i}` }),
        terminateContract(t.db, ctx(hub), p.contractId, '活动场地无法使用，双方协商终止。'),
      ]),
    );
    const unexpected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof AppError)).map((r) => {
      const e = r.reason as { code?: string; cause?: { code?: string; message?: string } };
      return `${e.cause?.code ?? e.code ?? ''} ${e.cause?.message ?? String(r.reason)}`;
    });
    expect(unexpected).toEqual([]);
    for (const [i, p] of pairs.entries()) {
      const [pay, terminate] = [results[2 * i]!, results[2 * i + 1]!];
      const [c] = await t.db.select().from(contracts).where(eq(contracts.id, p.contractId));
      const [tr] = await t.db.select().from(tranches).where(eq(tranches.id, p.trancheId));
      // Terminating always succeeds (paid stays paid); the payment either came first or is refused as stale.
      expect(terminate.status).toBe('fulfilled');
      expect(c!.status).toBe('terminated');
      if (pay.status === 'fulfilled') expect(tr!.status).toBe('paid');
      else expect([tr!.status, (pay.reason as AppError).code]).toEqual(['locked', 'invalidTransition']);
    }
    expect((await checkLedger(t.db)).filter((r) => r.violations.length)).toEqual([]);
  });
});
