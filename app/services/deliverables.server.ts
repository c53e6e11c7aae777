import { and, desc, eq } from 'drizzle-orm';
import { deliverables, milestones, tranches } from '#db/schema';
import type { Db } from '#db/client';
import { isLate, MILESTONE_TRANSITIONS } from '~/domain/contract';
import { milestoneCapabilities } from '~/domain/contract-capabilities';
import { serviceStarted } from '~/domain/contract-execution';
import { type BENEFICIARY_GROUPS } from '~/domain/catalog';
import type { Actor } from '~/domain/permissions';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { notify } from './notify.server';
import { contractSides } from './recipients.server';

export interface DeliverableInput {
  report: string;
  beneficiaries: Partial<Record<(typeof BENEFICIARY_GROUPS)[number], number>>;
  activityCount: number;
}

/** The milestone, locked after its contract (the order every writer follows, see lockTrancheOfContract). */
async function lockMilestone(tx: Parameters<Parameters<Db['transaction']>[0]>[0], actor: Actor, milestoneId: string, need: 'payer' | 'payee' | 'either') {
  const [ref] = await tx.select({ contractId: milestones.contractId }).from(milestones).where(eq(milestones.id, milestoneId));
  if (!ref) throw new AppError('notFound');
  const locked = await lockContract(tx, actor, ref.contractId, need);
  const [m] = await tx.select().from(milestones).where(eq(milestones.id, milestoneId)).for('update');
  return { ...locked, m: m! };
}

/** The organization hands in a milestone's deliverable; a returned one comes back as a new round. */
export async function submitDeliverable(db: Db, ctx: UseCaseContext, milestoneId: string, input: DeliverableInput) {
  if (!input.report.trim() || !Number.isInteger(input.activityCount) || input.activityCount < 0) throw new AppError('invalidInput', 'deliverable.errors.input');
  return db.transaction(async (tx) => {
    const { m, contract, side, role } = await lockMilestone(tx, ctx.actor, milestoneId, 'either');
    enforce(milestoneCapabilities(side, contract.status, m, serviceStarted(contract.startDate, todayInChina())).submit);
    const [last] = await tx
      .select({ round: deliverables.round })
      .from(deliverables)
      .where(eq(deliverables.milestoneId, m.id))
      .orderBy(desc(deliverables.round))
      .limit(1);
    const at = now();
    const late = isLate(m.dueDate, at);
    const [d] = await tx
      .insert(deliverables)
      .values({
        milestoneId: m.id,
        contractId: contract.id,
        round: (last?.round ?? 0) + 1,
        report: input.report.trim(),
        beneficiaries: input.beneficiaries,
        activityCount: input.activityCount,
        late,
        submittedBy: ctx.actor.userId,
        submittedAt: at,
      })
      .returning({ id: deliverables.id, round: deliverables.round });
    await tx.update(milestones).set({ status: 'submitted' }).where(eq(milestones.id, m.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'deliverable.submit',
      subjectType: 'milestone',
      subjectId: m.id,
      summary: { before: { status: m.status }, after: { status: 'submitted' }, round: d!.round, late },
      requestId: ctx.requestId,
    });
    // The payer reviews it: the purchasing unit, or the hub for a subcontract.
    await notify(tx, {
      recipients: (await contractSides(tx, contract)).payer,
      kind: 'deliverable.submitted',
      params: { title: contract.title, milestone: m.title, round: d!.round },
      href: `/contracts/${contract.id}`,
      dedupeKey: `deliverable.submitted:${d!.id}`,
    });
    return { id: d!.id, round: d!.round, late };
  });
}

/**
 * The payer accepts with a written acceptance opinion (验收意见; the tranches tied to the milestone
 * unlock), once the service period has started, or returns it with reasons. Either text is kept as
 * the round's review reason.
 */
export async function reviewDeliverable(db: Db, ctx: UseCaseContext, milestoneId: string, decision: 'accept' | 'return', reason?: string) {
  if (decision === 'return' && !reason?.trim()) throw new AppError('invalidInput', 'filing.errors.reason.required');
  if (decision === 'accept' && (reason?.trim().length ?? 0) < 4) throw new AppError('invalidInput', 'execution.errors.opinion');
  return db.transaction(async (tx) => {
    const { m, contract, side, role } = await lockMilestone(tx, ctx.actor, milestoneId, 'either');
    enforce(milestoneCapabilities(side, contract.status, m, serviceStarted(contract.startDate, todayInChina()))[decision]);
    const [d] = await tx.select().from(deliverables).where(eq(deliverables.milestoneId, m.id)).orderBy(desc(deliverables.round)).limit(1);
    const at = now();
    await tx
      .update(deliverables)
      .set({ status: decision === 'accept' ? 'accepted' : 'returned', reviewReason: reason?.trim() ?? null, reviewedBy: ctx.actor.userId, reviewedAt: at })
      .where(eq(deliverables.id, d!.id));
    await tx
      .update(milestones)
      .set({ status: MILESTONE_TRANSITIONS[decision].to, acceptedAt: decision === 'accept' ? at : null })
      .where(eq(milestones.id, m.id));
    if (decision === 'accept') {
      await tx
        .update(tranches)
        .set({ status: 'unlocked' })
        .where(and(eq(tranches.milestoneId, m.id), eq(tranches.status, 'locked')));
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: `deliverable.${decision}`,
      subjectType: 'milestone',
      subjectId: m.id,
      summary: {
        before: { status: m.status },
        after: { status: MILESTONE_TRANSITIONS[decision].to },
        round: d!.round,
        ...(reason ? { [decision === 'accept' ? 'opinion' : 'reason']: reason.trim() } : {}),
      },
      requestId: ctx.requestId,
    });
    await notify(tx, {
      recipients: (await contractSides(tx, contract)).payee,
      kind: decision === 'accept' ? 'deliverable.accepted' : 'deliverable.returned',
      params: { title: contract.title, milestone: m.title, ...(decision === 'return' ? { reason: reason!.trim() } : {}) },
      href: `/contracts/${contract.id}`,
      dedupeKey: `deliverable.reviewed:${d!.id}`,
    });
  });
}
