import { randomBytes } from 'node:crypto';
import { and, asc, eq, gte, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import { awards, biddingBans, bids, organizations, rankings, type SkippedBid } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import { now, todayInChina } from '~/lib/clock.server';
import { bidCapabilities } from '~/domain/bid-capabilities';
import { drawLots } from '~/domain/lots';
import { ineligibility, type EligibilityProject } from '~/domain/project';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { noticeFrom, refuseAwardWhileChallengeable } from './challenge-common.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';
import { commitBudget, uncommitBudget } from './budget.server';
import { notify } from './notify.server';
import { biddingOrganizations, orgAdmins } from './recipients.server';
import { sweepAt } from './sweep-deadlines.server';

/**
 * After the notice period the purchaser awards the best-ranked bid whose organization has not
 * declined and still qualifies today (`ineligibility`: active, not banned, its legal status allowed
 * for this purchaser and money); a better-ranked bid that no longer qualifies is skipped, and the
 * award records it with the reason, shown on the project page. When several remaining bids share that rank (tied, 并列: equal total and price), lots
 * are drawn as the documents state (财政部令第87号 Art 65, ADR 017): a seed from a cryptographic random
 * source, drawn by the pure `drawLots`, recorded in the award row and in the audit row of the same
 * transaction, so anyone can re-run it. Exactly one live award per project: the row lock serializes
 * awards in one database, and the partial unique index `awards_one_live_uq` refuses a second one
 * whatever happens.
 */
export async function awardProject(db: Db, ctx: UseCaseContext, projectId: string) {
  try {
    return await db.transaction(async (tx) => {
      const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'award' });
      if (!project.noticeEndsAt || project.noticeEndsAt > now()) {
        throw new AppError('invalidTransition', 'award.errors.noticeRunning', { until: project.noticeEndsAt?.toISOString() ?? '' });
      }
      await refuseAwardWhileChallengeable(tx, project);
      const declined = (
        await tx
          .select({ bidId: awards.bidId })
          .from(awards)
          .where(and(eq(awards.projectId, project.id), eq(awards.status, 'declined')))
      ).map((d) => d.bidId);
      const remaining = await tx
        .select({ bid: bids, rank: rankings.rank })
        .from(rankings)
        .innerJoin(bids, eq(bids.id, rankings.bidId))
        .where(and(eq(rankings.projectId, project.id), isNotNull(rankings.rank), declined.length ? notInArray(rankings.bidId, declined) : undefined))
        .orderBy(asc(rankings.rank));
      // Eligibility again, as of today (a ban, a suspension, a deregistration since the ranking): a
      // bid that no longer qualifies is skipped, and the award records which and why.
      const { eligible, skipped } = await stillEligible(tx, project, remaining);
      if (!eligible.length) throw new AppError('invalidTransition', 'award.errors.noneLeft');
      const best = eligible.filter((r) => r.rank === eligible[0]!.rank);
      const draw =
        best.length > 1
          ? drawLots(
              best.map((r) => r.bid.id),
              randomBytes(16).toString('hex'),
            )
          : null;
      const first = draw ? best.find((r) => r.bid.id === draw.drawn)! : best[0]!;
      const lots = draw ? { ...draw, rank: first.rank! } : null;
      const [award] = await tx
        .insert(awards)
        .values({
          projectId: project.id,
          bidId: first.bid.id,
          organizationId: first.bid.organizationId,
          amountFen: first.bid.priceFen,
          awardedBy: ctx.actor.userId,
          awardedAt: now(),
          lots,
          skipped: skipped.filter((k) => k.rank <= first.rank!),
        })
        .returning({ id: awards.id });
      await commitBudget(tx, project.id, first.bid.priceFen);
      await moveProject(
        tx,
        ctx,
        project,
        'award',
        role,
        { awardedAt: now() },
        {
          awardId: award!.id,
          bidId: first.bid.id,
          organizationId: first.bid.organizationId,
          amountFen: first.bid.priceFen,
          rank: first.rank,
          lots,
          skipped: skipped.filter((k) => k.rank <= first.rank!),
        },
      );
      // The winner learns its award and price; every other bidder only that it did not win (an
      // organization that declined an earlier award of this project is not told again).
      const href = `/projects/${project.id}`;
      await notify(tx, {
        recipients: await orgAdmins(tx, [first.bid.organizationId]),
        kind: 'project.awarded',
        params: { title: project.title, amountFen: first.bid.priceFen },
        href,
        dedupeKey: `project.awarded:${award!.id}`,
      });
      const declinedOrgs = (
        await tx
          .select({ organizationId: awards.organizationId })
          .from(awards)
          .where(and(eq(awards.projectId, project.id), eq(awards.status, 'declined')))
      ).map((a) => a.organizationId);
      const others = (await biddingOrganizations(tx, project.id)).filter((o) => o !== first.bid.organizationId && !declinedOrgs.includes(o));
      await notify(tx, {
        recipients: await orgAdmins(tx, others),
        kind: 'project.notAwarded',
        params: { title: project.title },
        href,
        dedupeKey: `project.notAwarded:${project.id}`,
      });
      return { awardId: award!.id, bidId: first.bid.id, organizationId: first.bid.organizationId, amountFen: first.bid.priceFen, lots };
    });
  } catch (e) {
    // A concurrent award that slipped past the lock (another database session) meets the unique index.
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === '23505') throw new AppError('conflict', 'award.errors.already');
    throw e;
  }
}

type Ranked = { bid: typeof bids.$inferSelect; rank: number | null };

/** Splits the ranked bids into those whose organization still qualifies today and those skipped, with the reason. */
async function stillEligible(tx: Tx, project: EligibilityProject, ranked: Ranked[]) {
  const orgIds = [...new Set(ranked.map((r) => r.bid.organizationId))];
  if (!orgIds.length) return { eligible: [] as Ranked[], skipped: [] as SkippedBid[] };
  const today = todayInChina(now());
  const orgs = await tx.select().from(organizations).where(inArray(organizations.id, orgIds));
  const bans = await tx
    .select({ organizationId: biddingBans.organizationId, until: sql<string>`max(${biddingBans.until})` })
    .from(biddingBans)
    .where(and(inArray(biddingBans.organizationId, orgIds), gte(biddingBans.until, today)))
    .groupBy(biddingBans.organizationId);
  const eligible: Ranked[] = [];
  const skipped: SkippedBid[] = [];
  for (const r of ranked) {
    const org = orgs.find((o) => o.id === r.bid.organizationId)!;
    const reason = ineligibility(project, org, bans.find((b) => b.organizationId === org.id)?.until ?? null, today);
    if (reason) skipped.push({ bidId: r.bid.id, organizationId: org.id, organizationName: org.name, rank: r.rank!, reason });
    else eligible.push(r);
  }
  return { eligible, skipped };
}

/**
 * The awarded organization declines. The project goes back to its public notice, which starts again
 * for the full notice period (and its challenge window): the next-ranked bid is awarded only after the public has seen that
 * the award moves to it (a fallback award gets its own notice).
 */
export async function declineAward(db: Db, ctx: UseCaseContext, projectId: string, reason: string) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    const [live] = await tx
      .select()
      .from(awards)
      .where(and(eq(awards.projectId, project.id), eq(awards.status, 'awarded')))
      .for('update');
    enforce(bidCapabilities(ctx.actor, project, { organizationId: live?.organizationId ?? null, award: live ?? null }, now()).declineAward);
    const award = live!;
    const d = decide(ctx.actor, 'bid:submit', { organizationId: award.organizationId });
    if (!d.allowed) throw new AppError('forbidden');
    await tx.update(awards).set({ status: 'declined', declineReason: reason }).where(eq(awards.id, award.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: d.role,
      action: 'award.decline',
      subjectType: 'award',
      subjectId: award.id,
      summary: { before: { status: 'awarded' }, after: { status: 'declined' }, reason },
      requestId: ctx.requestId,
    });
    await uncommitBudget(tx, project.id);
    const notice = await noticeFrom(tx, now(), project.noticeDays);
    await sweepAt(tx, notice.noticeEndsAt, `notice:${project.id}`);
    await moveProject(
      tx,
      ctx,
      project,
      'decline',
      d.role,
      { awardedAt: null, ...notice },
      { awardId: award.id, noticeEndsAt: notice.noticeEndsAt.toISOString() },
    );
  });
}
