import { eq } from 'drizzle-orm';
import { contracts } from '#db/schema';
import type { Db } from '#db/client';
import { consentCapabilities } from '~/domain/contract-capabilities';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { contractNumberOf } from './contract-document.server';
import { notify } from './notify.server';
import { contractSides } from './recipients.server';

/**
 * The parent contract's purchaser answers a draft subcontract in writing (政府采购法 §48): consent
 * (it may then be signed) or refusal with a reason (it ends: terminated, and its amount no longer
 * counts against the share). The parent is locked before the subcontract, as drafting does.
 */
export async function decideSubcontractConsent(
  db: Db,
  ctx: UseCaseContext,
  parentContractId: string,
  subcontractId: string,
  decision: 'given' | 'refused',
  text: string,
) {
  const words = text.trim();
  if (words.length < 4 || words.length > 2000)
    throw new AppError('invalidInput', decision === 'given' ? 'execution.errors.consentText' : 'execution.errors.refuseReason');
  return db.transaction(async (tx) => {
    const { contract: parent, side, role } = await lockContract(tx, ctx.actor, parentContractId, 'either');
    const [sub] = await tx.select().from(contracts).where(eq(contracts.id, subcontractId)).for('update');
    if (!sub || sub.parentContractId !== parent.id) throw new AppError('notFound', 'execution.errors.notSubcontract');
    enforce(consentCapabilities(side, parent.status, sub)[decision === 'given' ? 'consent' : 'refuseConsent']);
    const at = now();
    await tx
      .update(contracts)
      .set({
        consentDecision: decision,
        consentText: words,
        consentBy: ctx.actor.userId,
        consentAt: at,
        ...(decision === 'refused' ? { status: 'terminated' as const, statusReason: words, terminatedAt: at } : {}),
      })
      .where(eq(contracts.id, sub.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: decision === 'given' ? 'subcontract.consent' : 'subcontract.refuseConsent',
      subjectType: 'contract',
      subjectId: sub.id,
      summary: {
        before: { status: sub.status, consent: null },
        after: { status: decision === 'given' ? sub.status : 'terminated', consent: decision },
        parentContractId: parent.id,
        text: words,
      },
      requestId: ctx.requestId,
    });
    // The hub learns the answer; with consent, the subcontracted organization may now confirm it too.
    const sides = await contractSides(tx, sub);
    const href = `/contracts/${sub.id}`;
    if (decision === 'given') {
      await notify(tx, {
        recipients: sides.payer,
        kind: 'subcontract.consentGiven',
        params: { title: sub.title },
        href,
        dedupeKey: `subcontract.consent:${sub.id}`,
      });
      await notify(tx, {
        recipients: sides.payee,
        kind: 'contract.toConfirm',
        params: { title: sub.title, number: await contractNumberOf(tx, sub.id), amountFen: sub.amountFen },
        href,
        dedupeKey: `contract.toConfirm:${sub.id}:payee`,
      });
    } else {
      await notify(tx, {
        recipients: sides.payer,
        kind: 'subcontract.consentRefused',
        params: { title: sub.title, reason: words },
        href,
        dedupeKey: `subcontract.consent:${sub.id}`,
      });
    }
  });
}
