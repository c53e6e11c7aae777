import { eq } from 'drizzle-orm';
import { contractDocuments, contracts } from '#db/schema';
import type { Db } from '#db/client';
import { termsCapability, TERM_SECTIONS, type ContractTermsText } from '~/domain/contract-document';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';

/**
 * The payer edits the terms of a draft contract. A confirmation already given was given to the old
 * text, so it is taken back: both sides confirm the terms as they are signed. Refused once signed.
 */
export async function editContractTerms(db: Db, ctx: UseCaseContext, contractId: string, terms: ContractTermsText) {
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    enforce(termsCapability(side, c.status));
    const [doc] = await tx.select().from(contractDocuments).where(eq(contractDocuments.contractId, c.id)).for('update');
    if (!doc) throw new AppError('notFound');
    const before = doc.terms ?? {};
    const changed = TERM_SECTIONS.filter((k) => before[k] !== terms[k]);
    if (!changed.length) return { changed: [] as string[] };
    await tx.update(contractDocuments).set({ terms, termsUpdatedAt: now() }).where(eq(contractDocuments.contractId, c.id));
    const confirmed = !!c.payerConfirmedAt || !!c.payeeConfirmedAt;
    if (confirmed) await tx.update(contracts).set({ payerConfirmedAt: null, payeeConfirmedAt: null }).where(eq(contracts.id, c.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.terms',
      subjectType: 'contract',
      subjectId: c.id,
      summary: {
        number: doc.number,
        before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, terms[k]])),
        confirmationsWithdrawn: confirmed,
      },
      requestId: ctx.requestId,
    });
    return { changed: changed as string[] };
  });
}
