import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { bids, biddingBans, organizations, projects } from '#db/schema';
import type { Db } from '#db/client';
import { ineligibility } from '~/domain/project';
import { now, todayInChina } from '~/lib/clock.server';
import { moveProject, lockProject } from './project-common.server';

/**
 * Bidding closes at the deadline "whoever looks first": any page that reads a published project
 * past its deadline calls this. Eligibility is checked again at close; with no eligible bid the
 * project fails. Safe to call concurrently: the row lock makes the second caller see it closed.
 */
export async function closeBiddingIfDue(db: Db, projectId: string): Promise<boolean> {
  const at = now();
  const [candidate] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.status, 'published'), lte(projects.bidDeadline, at)));
  if (!candidate) return false;
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    if (project.status !== 'published' || project.bidDeadline > at) return false;
    const live = await tx
      .select({ bid: bids, org: organizations })
      .from(bids)
      .innerJoin(organizations, eq(organizations.id, bids.organizationId))
      .where(and(eq(bids.projectId, project.id), eq(bids.status, 'submitted')));
    const today = todayInChina(at);
    const bans = live.length
      ? await tx
          .select({ organizationId: biddingBans.organizationId, until: sql<string>`max(${biddingBans.until})` })
          .from(biddingBans)
          .where(and(inArray(biddingBans.organizationId, live.map((l) => l.org.id)), gte(biddingBans.until, today)))
          .groupBy(biddingBans.organizationId)
      : [];
    let eligibleCount = 0;
    for (const { bid, org } of live) {
      const reason = ineligibility(project, org, bans.find((b) => b.organizationId === org.id)?.until ?? null, today);
      if (reason) await tx.update(bids).set({ eligible: false, ineligibleReason: reason }).where(eq(bids.id, bid.id));
      else eligibleCount++;
    }
    await moveProject(tx, null, project, 'close', 'system', { closedAt: at }, { bids: live.length, eligible: eligibleCount });
    if (eligibleCount === 0) {
      await moveProject(tx, null, { ...project, status: 'biddingClosed' }, 'fail', 'system', { statusReason: 'noEligibleBid' }, { reason: 'noEligibleBid' });
    }
    return true;
  });
}

/** Closes every published project past its deadline (for the library page and a scheduler). */
export async function closeDueProjects(db: Db, limit = 100): Promise<number> {
  const due = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.status, 'published'), lte(projects.bidDeadline, now())))
    .limit(limit);
  let n = 0;
  for (const p of due) if (await closeBiddingIfDue(db, p.id)) n++;
  return n;
}
