import { and, desc, eq } from 'drizzle-orm';
import { contractAmendments, contracts, milestones } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { AMENDMENT_TRANSITIONS, amendmentProblems, type AmendmentAction, type AmendmentChanges } from '~/domain/contract';
import { amendmentCapabilities, contractCapabilities } from '~/domain/contract-capabilities';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract, type ContractRow } from './contract-common.server';
import { notify } from './notify.server';
import { contractSides } from './recipients.server';

/** Tells one side of the contract of an amendment: the other side when proposed, the proposer when answered. */
async function tellSide(
  tx: Tx,
  c: ContractRow,
  to: 'payer' | 'payee',
  kind: 'amendment.proposed' | 'amendment.answered',
  params: Record<string, string | number>,
  amendmentId: string,
) {
  await notify(tx, {
    recipients: (await contractSides(tx, c))[to],
    kind,
    params: { title: c.title, ...params },
    href: `/contracts/${c.id}`,
    dedupeKey: `${kind}:${amendmentId}`,
  });
}

const otherSide = (side: 'payer' | 'payee') => (side === 'payer' ? 'payee' : 'payer');

export type { AmendmentChanges } from '~/domain/contract';

/**
 * A signed contract is immutable; it changes only by numbered amendments (补充协议) that both sides
 * confirm. One side proposes, with a reason; the other confirms (the changes apply then) or declines
 * with a reason; the proposer may withdraw it while it waits. An amendment moves dates: the end date
 * and milestones' due dates. (Money changes would need a matching ledger adjustment and are not offered.)
 */
export async function proposeAmendment(db: Db, ctx: UseCaseContext, contractId: string, changes: AmendmentChanges, reason: string) {
  if (!reason.trim()) throw new AppError('invalidInput', 'amendment.errors.reason');
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    const may = (amendmentOpen: boolean) =>
      contractCapabilities(side, { status: c.status, confirmedBySide: true }, { milestones: [], tranches: [], amendmentOpen }).amend;
    // Who and when first, then what the changes are, then whether another one waits (the order of the answers).
    enforce(may(false));
    const ms = await tx.select().from(milestones).where(eq(milestones.contractId, c.id));
    const [problem] = amendmentProblems(c, ms, changes);
    if (problem) throw new AppError('invalidInput', problem[1]);
    const [open] = await tx
      .select({ id: contractAmendments.id })
      .from(contractAmendments)
      .where(and(eq(contractAmendments.contractId, c.id), eq(contractAmendments.status, 'proposed')));
    enforce(may(!!open));
    const [last] = await tx
      .select({ number: contractAmendments.number })
      .from(contractAmendments)
      .where(eq(contractAmendments.contractId, c.id))
      .orderBy(desc(contractAmendments.number))
      .limit(1);
    const number = (last?.number ?? 0) + 1;
    const at = now();
    // Only what really changes is kept, with the values it replaces, so the record reads "from … to …".
    const kept: AmendmentChanges = {};
    const before: AmendmentChanges = {};
    if (changes.endDate && changes.endDate !== c.endDate) {
      kept.endDate = changes.endDate;
      before.endDate = c.endDate;
    }
    if (Object.keys(changes.dueDates ?? {}).length) {
      kept.dueDates = { ...changes.dueDates };
      before.dueDates = Object.fromEntries(Object.keys(changes.dueDates!).map((id) => [id, ms.find((m) => m.id === id)!.dueDate]));
    }
    const [row] = await tx
      .insert(contractAmendments)
      .values({
        contractId: c.id,
        number,
        changes: kept,
        before,
        reason: reason.trim(),
        proposedBySide: side,
        createdAt: at,
        payerConfirmedAt: side === 'payer' ? at : null,
        payeeConfirmedAt: side === 'payee' ? at : null,
      })
      .returning({ id: contractAmendments.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.proposeAmendment',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { number, before, after: kept, reason: reason.trim() },
      requestId: ctx.requestId,
    });
    await tellSide(tx, c, otherSide(side), 'amendment.proposed', { number, reason: reason.trim() }, row!.id);
    return { id: row!.id, number };
  });
}

/**
 * Locks the contract and then the amendment (the order every writer follows, see
 * lockTrancheOfContract), and checks that `side` may take `action` on it now.
 */
async function lockAmendment(tx: Tx, ctx: UseCaseContext, amendmentId: string, action: AmendmentAction) {
  const [ref] = await tx.select({ contractId: contractAmendments.contractId }).from(contractAmendments).where(eq(contractAmendments.id, amendmentId));
  if (!ref) throw new AppError('notFound');
  const { contract: c, side, role } = await lockContract(tx, ctx.actor, ref.contractId, 'either');
  const a = (await tx.select().from(contractAmendments).where(eq(contractAmendments.id, amendmentId)).for('update'))[0]!;
  // The proposer withdraws; only the other side confirms or declines.
  enforce(amendmentCapabilities(side, c.status, a)[action]);
  return { a, c, side, role };
}

export async function confirmAmendment(db: Db, ctx: UseCaseContext, amendmentId: string) {
  return db.transaction(async (tx) => {
    const { a, c, side, role } = await lockAmendment(tx, ctx, amendmentId, 'confirm');
    const changes = a.changes as AmendmentChanges;
    // Checked again against the contract as it is now: it may have moved on since the proposal.
    const ms = await tx.select().from(milestones).where(eq(milestones.contractId, c.id));
    const [problem] = amendmentProblems(c, ms, changes);
    if (problem) throw new AppError('invalidInput', problem[1]);
    const at = now();
    await tx
      .update(contractAmendments)
      .set({ status: 'inForce', ...(side === 'payer' ? { payerConfirmedAt: at } : { payeeConfirmedAt: at }) })
      .where(eq(contractAmendments.id, a.id));
    if (changes.endDate) await tx.update(contracts).set({ endDate: changes.endDate }).where(eq(contracts.id, c.id));
    for (const [id, due] of Object.entries(changes.dueDates ?? {})) {
      await tx
        .update(milestones)
        .set({ dueDate: due })
        .where(and(eq(milestones.id, id), eq(milestones.contractId, c.id)));
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.amend',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { number: a.number, before: a.before, after: changes },
      requestId: ctx.requestId,
    });
    await tellSide(tx, c, a.proposedBySide, 'amendment.answered', { number: a.number, outcomeKey: 'notification.outcome.inForce' }, a.id);
  });
}

/** The other side declines (with a reason) or the proposer withdraws an amendment still waiting; nothing changes. */
export async function closeAmendment(db: Db, ctx: UseCaseContext, amendmentId: string, action: 'decline' | 'withdraw', reason: string) {
  if (action === 'decline' && !reason.trim()) throw new AppError('invalidInput', 'amendment.errors.reason');
  return db.transaction(async (tx) => {
    const { a, c, role } = await lockAmendment(tx, ctx, amendmentId, action);
    await tx
      .update(contractAmendments)
      .set({ status: AMENDMENT_TRANSITIONS[action].to, closedAt: now(), closeReason: reason.trim() || null })
      .where(eq(contractAmendments.id, a.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: action === 'decline' ? 'contract.declineAmendment' : 'contract.withdrawAmendment',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { number: a.number, reason: reason.trim() || null },
      requestId: ctx.requestId,
    });
    // A declined amendment is answered; a withdrawn one was the proposer's own act.
    if (action === 'decline')
      await tellSide(tx, c, a.proposedBySide, 'amendment.answered', { number: a.number, outcomeKey: 'notification.outcome.declined' }, a.id);
  });
}

/** When a contract ends (final acceptance or termination), an amendment still waiting is withdrawn with it. */
export async function withdrawOpenAmendments(tx: Tx, contractId: string, reason: string) {
  await tx
    .update(contractAmendments)
    .set({ status: 'withdrawn', closedAt: now(), closeReason: reason })
    .where(and(eq(contractAmendments.contractId, contractId), eq(contractAmendments.status, 'proposed')));
}
