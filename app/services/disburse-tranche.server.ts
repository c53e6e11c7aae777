import { eq } from 'drizzle-orm';
import { tranches } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { trancheCapabilities } from '~/domain/contract-capabilities';
import { serviceStarted } from '~/domain/contract-execution';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockTrancheOfContract, type ContractRow } from './contract-common.server';
import { account, balanceForDebit, post } from './ledger.server';
import { notify } from './notify.server';
import { orgAdmins } from './recipients.server';

export interface TreasuryTransfer {
  voucherNumber: string;
  paymentDate: string;
  bankReference: string;
}

/**
 * Pays an unlocked tranche by a recorded treasury transfer (the usual case for Chinese public
 * money): the transfer is already done when recorded, so the tranche goes to paid and the ledger
 * moves the money in the same transaction. A subcontract is paid from what the hub received.
 */
export async function disburseByTreasury(db: Db, ctx: UseCaseContext, trancheId: string, transfer: TreasuryTransfer) {
  if (!transfer.voucherNumber.trim() || !transfer.bankReference.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(transfer.paymentDate)) {
    throw new AppError('invalidInput', 'tranche.errors.transfer');
  }
  return db.transaction(async (tx) => {
    const { contract, side, role, tranche: t } = await lockTrancheOfContract(tx, ctx.actor, trancheId, 'either');
    // Before the service period only an advance is paid (the day in China, not the recorded payment date).
    const started = serviceStarted(contract.startDate, todayInChina());
    enforce(trancheCapabilities(side, contract, { status: t.status, stripeAttempt: false, advance: t.advance }, started).payTreasury);
    await recordPayment(tx, contract, t.id, t.amountFen);
    await tx
      .update(tranches)
      .set({
        status: 'paid',
        rail: 'treasury',
        voucherNumber: transfer.voucherNumber.trim(),
        bankReference: transfer.bankReference.trim(),
        paymentDate: transfer.paymentDate,
        paidAt: now(),
      })
      .where(eq(tranches.id, t.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'tranche.pay',
      subjectType: 'tranche',
      subjectId: t.id,
      summary: { before: { status: t.status }, after: { status: 'paid' }, amountFen: t.amountFen, rail: 'treasury', voucherNumber: transfer.voucherNumber },
      requestId: ctx.requestId,
    });
    await tellPaid(tx, contract, t.id, t.amountFen);
    return { paid: t.amountFen };
  });
}

/** The payee's administrators are told a tranche was paid (by treasury transfer, or Stripe's confirmation). */
export async function tellPaid(tx: Tx, contract: ContractRow, trancheId: string, amountFen: number) {
  await notify(tx, {
    recipients: await orgAdmins(tx, [contract.payeeOrganizationId]),
    kind: 'tranche.paid',
    params: { title: contract.title, amountFen },
    href: `/contracts/${contract.id}`,
    dedupeKey: `tranche.paid:${trancheId}`,
  });
}

/** The ledger side of a paid tranche: contract → payee, or hub → community organization. */
export async function recordPayment(tx: Tx, contract: ContractRow, trancheId: string, amountFen: number) {
  const payee = await account(tx, 'organization', contract.payeeOrganizationId, contract.payeeOrganizationId);
  const from = contract.payerOrganizationId
    ? await account(tx, 'organization', contract.payerOrganizationId, contract.payerOrganizationId)
    : await account(tx, 'contract', contract.id, contract.title);
  if ((await balanceForDebit(tx, from)) < amountFen) {
    throw new AppError('invalidInput', contract.payerOrganizationId ? 'tranche.errors.hubFunds' : 'tranche.errors.overContract');
  }
  await post(tx, {
    kind: 'tranchepayment',
    contractId: contract.id,
    trancheId,
    description: 'tranche paid',
    entries: [
      { accountId: from, amountFen: -amountFen },
      { accountId: payee, amountFen },
    ],
  });
}
