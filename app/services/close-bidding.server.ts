import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { bids, biddingBans, organizations, projects } from '#db/schema';
import type { Db } from '#db/client';
import { ineligibility } from '~/domain/project';
import { now, todayInChina } from '~/lib/clock.server';
import { moveProject } from './project-common.server';

/**
 * Bidding closes at the deadline "whoever looks first": any page that reads a published project
 * past its deadline calls this. Eligibility is checked again at close; with no eligible bid the
 * project fails. Safe to call concurrently: the row lock makes the second caller see it closed.
 */
export async function closeBiddingIfDue(db: Db, projectId: string, known?: { status: string; bidDeadline: Date }): Promise<boolean> {
  const at = now();
  if (known) {
    if (known.status !== 'published' || known.bidDeadline > at) return false;
  } else {
    const [candidate] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, projectId), eq(projects.status, 'published'), lte(projects.bidDeadline, at)));
    if (!candidate) return false;
  }
  return db.transaction(async (tx) => {
    // Another request closing it right now holds the lock: let it, do not queue behind it.
    const [project] = await tx.select().from(projects).where(eq(projects.id, projectId)).for('update', { skipLocked: true });
    if (!project || project.status !== 'published' || project.bidDeadline > at) return false;
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
          .where(
            and(
              inArray(
                biddingBans.organizationId,
                live.map((l) => l.org.id),
              ),
              gte(biddingBans.until, today),
            ),
          )
          .groupBy(biddingBans.organizationId)
      : [];
    let eligibleCount = 0;
    for (const { bid, org } of live) {
      const reason = ineligibility(project, org, bans.find((b) => b.organizationId === org.id)?.until ?? null, today);
      if (reason) await tx.update(bids).set({ eligible: false, ineligibleReason: reason }).where(eq(bids.id, bid.id));
      else eligibleCount++;
    }
    // The opening: from here the live bids are open to the purchaser and the panel, and the record
    // names each one with its organization and submitter (the bids' own audit rows do not).
    const opened = live.map(({ bid }) => ({ bidId: bid.id, organizationId: bid.organizationId, submittedBy: bid.submittedBy }));
    await moveProject(tx, null, project, 'close', 'system', { closedAt: at }, { bids: live.length, eligible: eligibleCount, opened });
    if (eligibleCount === 0) {
      await moveProject(tx, null, { ...project, status: 'biddingClosed' }, 'fail', 'system', { statusReason: 'noEligibleBid' }, { reason: 'noEligibleBid' });
    }
    return true;
  });
}

/** Closes the given projects that are published and past their deadline (the rows a page shows). */
export async function closeDueAmong(db: Db, rows: { id: string; status: string; bidDeadline: Date }[]): Promise<number> {
  let n = 0;
  for (const r of rows) if (await closeBiddingIfDue(db, r.id, r)) n++;
  return n;
}
