import { and, eq, inArray } from 'drizzle-orm';
import { contracts, tranches } from '#db/schema';
import type { Db } from '#db/client';
import { contractCapabilities } from '~/domain/contract-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { withdrawOpenAmendments } from './amend-contract.server';
import { now } from '~/lib/clock.server';
import { account, accountBalance, post } from './ledger.server';
import { releaseUnpaid } from './budget.server';

/**
 * The payer ends a contract early, with a reason. What was paid stays paid; what was committed and
 * not paid goes back to the funding source in a balanced ledger transaction; tranches not yet paid
 * are withdrawn. A payment in flight (Stripe, processing) must settle first.
 */
export async function terminateContract(db: Db, ctx: UseCaseContext, contractId: string, reason: string) {
  if (!reason.trim()) throw new AppError('invalidInput', 'contract.terminate.errors.reason');
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    const ts = await tx.select().from(tranches).where(eq(tranches.contractId, c.id)).for('update');
    enforce(contractCapabilities(side, { status: c.status, confirmedBySide: true }, { milestones: [], tranches: ts, amendmentOpen: false }).terminate);
    let released = 0;
    if (c.status === 'signed' && !c.payerOrganizationId) {
      const contractAccount = await account(tx, 'contract', c.id, c.title);
      released = await accountBalance(tx, contractAccount);
      if (released > 0) {
        const funding = await account(
          tx,
          'fundingSource',
          `${c.fundingSource}:${c.purchaserRole}:${c.purchaserRegionCode}`,
          `${c.fundingSource} ${c.purchaserRegionCode}`,
        );
        await post(tx, {
          kind: 'commitment',
          contractId: c.id,
          description: 'contract terminated: unpaid commitment released',
          entries: [
            { accountId: contractAccount, amountFen: -released },
            { accountId: funding, amountFen: released },
          ],
        });
      }
    }
    const releasedBudgetFen = await releaseUnpaid(tx, c);
    // Unpaid tranches can no longer be paid: they go back to locked and the contract is final.
    await tx
      .update(tranches)
      .set({ status: 'locked' })
      .where(and(eq(tranches.contractId, c.id), inArray(tranches.status, ['unlocked'])));
    await tx.update(contracts).set({ status: 'terminated', statusReason: reason.trim(), terminatedAt: now() }).where(eq(contracts.id, c.id));
    await withdrawOpenAmendments(tx, c.id, reason.trim());
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.terminate',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { before: { status: c.status }, after: { status: 'terminated' }, reason, releasedFen: released, releasedBudgetFen },
      requestId: ctx.requestId,
    });
    return { releasedFen: released };
  });
}
