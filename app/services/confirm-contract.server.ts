import { and, eq, isNull } from 'drizzle-orm';
import { contracts, tranches } from '#db/schema';
import type { Db } from '#db/client';
import { confirmedBy, consentPendingOf, contractCapabilities } from '~/domain/contract-capabilities';
import { now } from '~/lib/clock.server';
import { enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { contractNumberOf, publishOnSigning } from './contract-document.server';
import { account, post } from './ledger.server';
import { commitForContract } from './budget.server';
import { notify } from './notify.server';
import { contractSides } from './recipients.server';

/**
 * Each side confirms the draft; with both confirmations the contract is signed and immutable, the
 * money is committed in the ledger (funding source → contract; subcontracts are paid from what the
 * hub received, so they commit nothing) and tranches due at signing unlock.
 */
export async function confirmContract(db: Db, ctx: UseCaseContext, contractId: string) {
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    // Only the confirmation is asked about: the schedule plays no part in it.
    const facts = { milestones: [], tranches: [], amendmentOpen: false };
    // A subcontract is signed only with the parent purchaser's written consent (政府采购法 §48).
    enforce(contractCapabilities(side, { status: c.status, confirmedBySide: confirmedBy(side, c), consentPending: consentPendingOf(c) }, facts).confirm);
    const at = now();
    const payerConfirmedAt = side === 'payer' ? (c.payerConfirmedAt ?? at) : c.payerConfirmedAt;
    const payeeConfirmedAt = side === 'payee' ? (c.payeeConfirmedAt ?? at) : c.payeeConfirmedAt;
    const signed = !!payerConfirmedAt && !!payeeConfirmedAt;
    await tx
      .update(contracts)
      .set({ payerConfirmedAt, payeeConfirmedAt, ...(signed ? { status: 'signed' as const, signedAt: at } : {}) })
      .where(eq(contracts.id, c.id));
    let publishedAt: Date | null = null;
    if (signed) {
      await commitForContract(tx, c);
      if (!c.payerOrganizationId) {
        const funding = await account(
          tx,
          'fundingSource',
          `${c.fundingSource}:${c.purchaserRole}:${c.purchaserRegionCode}`,
          `${c.fundingSource} ${c.purchaserRegionCode}`,
        );
        const contractAccount = await account(tx, 'contract', c.id, c.title);
        await post(tx, {
          kind: 'commitment',
          contractId: c.id,
          description: 'contract signed: amount committed',
          entries: [
            { accountId: funding, amountFen: -c.amountFen },
            { accountId: contractAccount, amountFen: c.amountFen },
          ],
        });
      }
      // Published on the project's page as it is signed: never later than 实施条例 §50's 2 working days.
      publishedAt = await publishOnSigning(tx, c, at);
      await tx
        .update(tranches)
        .set({ status: 'unlocked' })
        .where(and(eq(tranches.contractId, c.id), isNull(tranches.milestoneId), eq(tranches.status, 'locked')));
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: signed ? 'contract.sign' : 'contract.confirm',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { side, ...(signed ? { before: { status: 'draft' }, after: { status: 'signed', publishedAt } } : {}) },
      requestId: ctx.requestId,
    });
    // Signed: both sides are told. Confirmed by one side: the other, if it has not confirmed yet.
    const sides = await contractSides(tx, c);
    const params = { title: c.title, number: await contractNumberOf(tx, c.id), amountFen: c.amountFen };
    const href = `/contracts/${c.id}`;
    if (signed) {
      await notify(tx, { recipients: [...sides.payer, ...sides.payee], kind: 'contract.signed', params, href, dedupeKey: `contract.signed:${c.id}` });
    } else {
      const other = side === 'payer' ? 'payee' : 'payer';
      await notify(tx, { recipients: sides[other], kind: 'contract.toConfirm', params, href, dedupeKey: `contract.toConfirm:${c.id}:${other}` });
    }
    return { signed };
  });
}
