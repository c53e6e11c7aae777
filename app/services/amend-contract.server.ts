import { and, desc, eq, isNull, or } from 'drizzle-orm';
import { contractAmendments, contracts, milestones } from '#db/schema';
import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './filing-common.server';
import { lockContract } from './contract-common.server';

/**
 * A signed contract is immutable; it changes only by numbered amendments that both sides confirm.
 * An amendment here moves dates: the end date and milestones' due dates. (Money changes would need
 * a matching ledger adjustment and are not offered.)
 */
export interface AmendmentChanges {
  endDate?: string;
  dueDates?: Record<string, string>;
}

export async function proposeAmendment(db: Db, ctx: UseCaseContext, contractId: string, changes: AmendmentChanges) {
  if (!changes.endDate && !Object.keys(changes.dueDates ?? {}).length) throw new AppError('invalidInput', 'amendment.errors.empty');
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    if (c.status !== 'signed') throw new AppError('invalidTransition', 'contract.errors.notSigned');
    if (changes.endDate && changes.endDate < c.startDate) throw new AppError('invalidInput', 'contract.errors.dates');
    const ms = await tx.select().from(milestones).where(eq(milestones.contractId, c.id));
    for (const id of Object.keys(changes.dueDates ?? {})) if (!ms.some((m) => m.id === id)) throw new AppError('invalidInput', 'amendment.errors.milestone');
    const [open] = await tx
      .select()
      .from(contractAmendments)
      .where(and(eq(contractAmendments.contractId, c.id), or(isNull(contractAmendments.payerConfirmedAt), isNull(contractAmendments.payeeConfirmedAt))));
    if (open) throw new AppError('conflict', 'amendment.errors.open');
    const [last] = await tx.select({ number: contractAmendments.number }).from(contractAmendments).where(eq(contractAmendments.contractId, c.id)).orderBy(desc(contractAmendments.number)).limit(1);
    const number = (last?.number ?? 0) + 1;
    const at = now();
    const [row] = await tx
      .insert(contractAmendments)
      .values({ contractId: c.id, number, changes, payerConfirmedAt: side === 'payer' ? at : null, payeeConfirmedAt: side === 'payee' ? at : null })
      .returning({ id: contractAmendments.id });
    await recordAudit(tx, { actorUserId: ctx.actor.userId, actorRole: role, action: 'contract.proposeAmendment', subjectType: 'contract', subjectId: c.id, summary: { number, changes }, requestId: ctx.requestId });
    return { id: row!.id, number };
  });
}

export async function confirmAmendment(db: Db, ctx: UseCaseContext, amendmentId: string) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(contractAmendments).where(eq(contractAmendments.id, amendmentId)).for('update');
    if (!a) throw new AppError('notFound');
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, a.contractId, 'either');
    if (c.status !== 'signed') throw new AppError('invalidTransition', 'contract.errors.notSigned');
    if (a.payerConfirmedAt && a.payeeConfirmedAt) throw new AppError('invalidTransition', 'amendment.errors.done');
    if ((side === 'payer' && a.payerConfirmedAt) || (side === 'payee' && a.payeeConfirmedAt)) throw new AppError('invalidTransition', 'amendment.errors.otherSide');
    const at = now();
    await tx
      .update(contractAmendments)
      .set(side === 'payer' ? { payerConfirmedAt: at } : { payeeConfirmedAt: at })
      .where(eq(contractAmendments.id, a.id));
    const changes = a.changes as AmendmentChanges;
    if (changes.endDate) await tx.update(contracts).set({ endDate: changes.endDate }).where(eq(contracts.id, c.id));
    for (const [id, due] of Object.entries(changes.dueDates ?? {})) {
      await tx.update(milestones).set({ dueDate: due }).where(and(eq(milestones.id, id), eq(milestones.contractId, c.id)));
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.amend',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { number: a.number, before: { endDate: c.endDate }, after: changes },
      requestId: ctx.requestId,
    });
  });
}
