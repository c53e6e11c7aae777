import { and, eq, gte, sql } from 'drizzle-orm';
import { bids, biddingBans, organizations } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import { ineligibility } from '~/domain/project';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './filing-common.server';
import { lockProject } from './project-common.server';

export interface BidInput {
  organizationId: string;
  price: number;
  servicePlan: string;
  team: string;
  expectedOutputs: string;
}

async function bannedUntil(tx: Tx, organizationId: string, today: string) {
  const [row] = await tx
    .select({ until: sql<string | null>`max(${biddingBans.until})` })
    .from(biddingBans)
    .where(and(eq(biddingBans.organizationId, organizationId), gte(biddingBans.until, today)));
  return row?.until ?? null;
}

/**
 * An organization's administrator bids before the deadline, or replaces its bid: one live bid per
 * organization per project (a partial unique index holds it under concurrency too).
 */
export async function submitBid(db: Db, ctx: UseCaseContext, projectId: string, input: BidInput) {
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.organizationId));
    if (!org) throw new AppError('notFound');
    const decision = decide(ctx.actor, 'bid:submit', { organizationId: org.id, regionCode: org.regionCode });
    if (!decision.allowed) throw new AppError('forbidden');
    const { project } = await lockProject(tx, null, projectId);
    const at = now();
    if (project.status !== 'published' || project.bidDeadline <= at) throw new AppError('invalidTransition', 'bid.errors.closed');
    if (input.price > project.budgetFen) throw new AppError('invalidInput', 'bid.errors.overBudget');
    const today = todayInChina(at);
    const reason = ineligibility(project, org, await bannedUntil(tx, org.id, today), today);
    if (reason) throw new AppError('invalidInput', reason);
    const [previous] = await tx
      .select({ id: bids.id })
      .from(bids)
      .where(and(eq(bids.projectId, project.id), eq(bids.organizationId, org.id), eq(bids.status, 'submitted')))
      .for('update');
    if (previous) await tx.update(bids).set({ status: 'replaced', withdrawnAt: at }).where(eq(bids.id, previous.id));
    const [bid] = await tx
      .insert(bids)
      .values({
        projectId: project.id,
        organizationId: org.id,
        submittedBy: ctx.actor.userId,
        priceFen: input.price,
        servicePlan: input.servicePlan,
        team: input.team,
        expectedOutputs: input.expectedOutputs,
        submittedAt: at,
      })
      .returning({ id: bids.id });
    // The audit row says that a bid came and its price class, not its sealed content.
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: decision.role,
      action: previous ? 'bid.replace' : 'bid.submit',
      subjectType: 'bid',
      subjectId: bid!.id,
      summary: { after: { projectId: project.id, organizationId: org.id, replaced: previous?.id ?? null } },
      requestId: ctx.requestId,
    });
    return { id: bid!.id, replaced: previous?.id ?? null };
  });
}

/** The bidder withdraws its live bid before the deadline. */
export async function withdrawBid(db: Db, ctx: UseCaseContext, bidId: string) {
  return db.transaction(async (tx) => {
    const [bid] = await tx.select().from(bids).where(eq(bids.id, bidId)).for('update');
    if (!bid) throw new AppError('notFound');
    const decision = decide(ctx.actor, 'bid:submit', { organizationId: bid.organizationId });
    if (!decision.allowed) throw new AppError('forbidden');
    const { project } = await lockProject(tx, null, bid.projectId);
    if (bid.status !== 'submitted' || project.status !== 'published' || project.bidDeadline <= now()) {
      throw new AppError('invalidTransition', 'bid.errors.closed');
    }
    await tx.update(bids).set({ status: 'withdrawn', withdrawnAt: now() }).where(eq(bids.id, bid.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: decision.role,
      action: 'bid.withdraw',
      subjectType: 'bid',
      subjectId: bid.id,
      summary: { before: { status: 'submitted' }, after: { status: 'withdrawn' } },
      requestId: ctx.requestId,
    });
  });
}
