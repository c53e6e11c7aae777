import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { bids, biddingBans, organizations, projects } from '#db/schema';
import type { Db } from '#db/client';
import { sweepKeys } from '~/domain/deadlines';
import { ineligibility } from '~/domain/project';
import { now, todayInChina } from '~/lib/clock.server';
import { notify } from './notify.server';
import { moveProject } from './project-common.server';
import { orgAdmins, projectPurchasers } from './recipients.server';

/**
 * Bidding closes at the deadline: the deadlines sweep calls this for every due project (a job at the
 * deadline itself, and the minute's sweep; ADR 025), and so does a purchaser's cancel or edit that
 * comes first. No page does: a GET writes nothing. Eligibility is checked again at close; with no
 * eligible bid the project fails. The purchasing unit and the bidders' administrators are told in
 * the same transaction. Safe to call concurrently and again: the row lock makes the second caller
 * see it closed.
 */
export async function closeBiddingIfDue(db: Db, projectId: string, known?: { status: string; bidDeadline: Date }, at: Date = now()): Promise<boolean> {
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
    // Told in this transaction, before the audit rows (the audit chain's lock is taken last).
    await notify(tx, {
      recipients: [...(await projectPurchasers(tx, project.id)), ...(await orgAdmins(tx, [...new Set(live.map((l) => l.org.id))]))],
      kind: 'project.biddingClosed',
      params: { title: project.title, deadlineAt: project.bidDeadline.toISOString() },
      href: `/projects/${project.id}`,
      dedupeKey: sweepKeys.biddingClosed(project.id),
    });
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
