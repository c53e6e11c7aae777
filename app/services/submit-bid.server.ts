import { and, eq, gte, sql } from 'drizzle-orm';
import { attachments, bids, biddingBans, organizations } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import { bidCapabilities } from '~/domain/bid-capabilities';
import { ineligibility } from '~/domain/project';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
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
 * organization per project (a partial unique index holds it under concurrency too). Its documents
 * move to the new version.
 */
export async function submitBid(db: Db, ctx: UseCaseContext, projectId: string, input: BidInput) {
  return db.transaction(async (tx) => {
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, input.organizationId));
    if (!org) throw new AppError('notFound');
    const { project } = await lockProject(tx, null, projectId);
    const at = now();
    enforce(bidCapabilities(ctx.actor, project, { organizationId: org.id }, at).bid);
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
    // A replacement carries the documents over: they always sit on the live version (ADR 019).
    if (previous) await tx.update(attachments).set({ bidId: bid!.id }).where(eq(attachments.bidId, previous.id));
    await recordAudit(tx, sealedBidAudit(previous ? 'bid.replace' : 'bid.submit', bid!.id, ctx.requestId, previous ? { replaced: previous.id } : {}));
    return { id: bid!.id, replaced: previous?.id ?? null };
  });
}

/**
 * The bidder withdraws its live bid before the deadline, or after the project was cancelled before
 * its opening. Nobody ever opens a withdrawn bid.
 */
export async function withdrawBid(db: Db, ctx: UseCaseContext, bidId: string) {
  return db.transaction(async (tx) => {
    // The project before the bid, as submitBid and closeBiddingIfDue take them (one lock order, no deadlock).
    const [found] = await tx.select({ projectId: bids.projectId, organizationId: bids.organizationId }).from(bids).where(eq(bids.id, bidId));
    if (!found) throw new AppError('notFound');
    // Who may act for the bid's organization is asked before anything of the project is locked or read.
    if (!decide(ctx.actor, 'bid:submit', { organizationId: found.organizationId }).allowed) throw new AppError('forbidden');
    const { project } = await lockProject(tx, null, found.projectId);
    const [bid] = await tx.select().from(bids).where(eq(bids.id, bidId)).for('update');
    if (!bid) throw new AppError('notFound');
    enforce(bidCapabilities(ctx.actor, project, { organizationId: bid.organizationId, bid }, now()).withdraw);
    await tx.update(bids).set({ status: 'withdrawn', withdrawnAt: now() }).where(eq(bids.id, bid.id));
    await recordAudit(tx, sealedBidAudit('bid.withdraw', bid.id, ctx.requestId, { before: { status: 'submitted' }, after: { status: 'withdrawn' } }));
  });
}

/**
 * The audit row of a sealed bid says that something happened to a bid, never who bid or on which
 * project: an administrator reading the log before the opening must not learn who bid, nor count the
 * bids of a project. The opening's audit row (project.close) names every bid with its organization
 * and the person who submitted it, so nothing is lost to the record.
 */
function sealedBidAudit(action: string, bidId: string, requestId: string | undefined, summary: Record<string, unknown>) {
  return { actorUserId: null, actorRole: 'bidder', action, subjectType: 'bid', subjectId: bidId, summary: { sealed: true, ...summary }, requestId };
}
