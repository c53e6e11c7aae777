import { and, asc, eq, inArray, isNotNull, isNull, lte, notExists, or, sql } from 'drizzle-orm';
import { awards, contractDocuments, contracts, milestones, notifications, panelMembers, projects } from '#db/schema';
import type { Db, Executor } from '#db/client';
import { milestoneReminderWindow, scoresDueAt, signBy, sweepKeys, UNSIGNED_REMINDER_DAYS, unsignedReminderDue } from '~/domain/deadlines';
import type { NotificationKind } from '~/domain/notifications';
import { now, todayInChina } from '~/lib/clock.server';
import { enqueue, QUEUES } from '~/lib/jobs.server';
import { workCalendarOf } from '~/queries/calendar.server';
import { closeBiddingIfDue } from './close-bidding.server';
import { notify } from './notify.server';
import { orgAdmins, projectPurchasers } from './recipients.server';

/**
 * The deadlines sweep (ADR 025), run by the `deadlines-sweep` job every minute and at each deadline:
 * closes bidding of every project past its deadline, tells the purchasing unit when a public
 * notice has ended, and sends the reminders that are due (a milestone due within 7 days, a contract
 * unsigned 25 days after its award, scores not in after 3 working days of evaluation). Delivery
 * is at least once, so everything here is idempotent: closing re-checks the state under the row
 * lock, and each event is told once per person by its dedupe key (app/domain/deadlines.ts). One
 * transaction per event, so one that fails does not undo the others (the job is retried).
 */
export interface SweepResult {
  closed: number;
  noticesEnded: number;
  milestonesDueSoon: number;
  unsignedContracts: number;
  scoresDue: number;
}

export async function sweepDeadlines(db: Db, at: Date = now()): Promise<SweepResult> {
  return {
    closed: await closeDueProjects(db, at),
    noticesEnded: await tellNoticesEnded(db, at),
    milestonesDueSoon: await remindMilestonesDueSoon(db, at),
    unsignedContracts: await remindUnsignedContracts(db, at),
    scoresDue: await remindScoresDue(db, at),
  };
}

/**
 * Have the sweep run at `at` (a bid deadline, a notice's end), in the transaction that set that
 * time: closing happens at the deadline itself, not up to a minute later. `key` keeps one such job
 * waiting per project and time, however often the time is saved.
 */
export async function sweepAt(tx: Executor, at: Date, key: string): Promise<void> {
  await enqueue(tx, QUEUES.sweep, {}, { startAfter: at, singletonKey: `${key}:${at.toISOString()}` });
}

async function closeDueProjects(db: Db, at: Date): Promise<number> {
  const due = await db
    .select({ id: projects.id, status: projects.status, bidDeadline: projects.bidDeadline })
    .from(projects)
    .where(and(eq(projects.status, 'published'), lte(projects.bidDeadline, at)))
    .orderBy(asc(projects.bidDeadline));
  let n = 0;
  for (const p of due) if (await closeBiddingIfDue(db, p.id, p, at)) n++;
  return n;
}

/** The (person, key) pairs already told among `keys`, as `${userId} ${key}`, and the keys told to anyone. */
async function told(db: Db, keys: string[]): Promise<{ pairs: Set<string>; keys: Set<string> }> {
  const pairs = new Set<string>();
  const anyone = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .select({ userId: notifications.userId, key: notifications.dedupeKey })
      .from(notifications)
      .where(inArray(notifications.dedupeKey, keys.slice(i, i + 500)));
    for (const r of rows) {
      pairs.add(`${r.userId} ${r.key}`);
      anyone.add(r.key!);
    }
  }
  return { pairs, keys: anyone };
}

interface Telling {
  recipients: string[];
  kind: NotificationKind;
  params: Record<string, string | number>;
  href: string;
  dedupeKey: string;
}

/** Tells one event in its own transaction; false when there was nobody (new) to tell. */
async function tell(db: Db, build: (tx: Executor) => Promise<Telling[]>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const tellings = await build(tx);
    for (const t of tellings) await notify(tx, t);
    return tellings.some((t) => t.recipients.length > 0);
  });
}

async function tellNoticesEnded(db: Db, at: Date): Promise<number> {
  const ended = await db
    .select({ id: projects.id, title: projects.title, noticeEndsAt: projects.noticeEndsAt })
    .from(projects)
    .where(and(eq(projects.status, 'publicNotice'), isNotNull(projects.noticeEndsAt), lte(projects.noticeEndsAt, at)));
  const done = await told(
    db,
    ended.map((p) => sweepKeys.noticeEnded(p.id, p.noticeEndsAt!)),
  );
  let n = 0;
  for (const p of ended) {
    const dedupeKey = sweepKeys.noticeEnded(p.id, p.noticeEndsAt!);
    if (done.keys.has(dedupeKey)) continue;
    const sent = await tell(db, async (tx) => [
      {
        recipients: await projectPurchasers(tx, p.id),
        kind: 'project.noticeEnded',
        params: { title: p.title, noticeEndsAt: p.noticeEndsAt!.toISOString() },
        href: `/projects/${p.id}`,
        dedupeKey,
      },
    ]);
    if (sent) n++;
  }
  return n;
}

async function remindMilestonesDueSoon(db: Db, at: Date): Promise<number> {
  const { from, to } = milestoneReminderWindow(todayInChina(at));
  const due = await db
    .select({
      id: milestones.id,
      title: milestones.title,
      dueDate: milestones.dueDate,
      contractId: contracts.id,
      contractTitle: contracts.title,
      payee: contracts.payeeOrganizationId,
      number: contractDocuments.number,
    })
    .from(milestones)
    .innerJoin(contracts, eq(contracts.id, milestones.contractId))
    .leftJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id))
    .where(and(eq(contracts.status, 'signed'), inArray(milestones.status, ['pending', 'returned']), sql`${milestones.dueDate} BETWEEN ${from} AND ${to}`));
  const done = await told(
    db,
    due.map((m) => sweepKeys.milestoneDueSoon(m.id, m.dueDate)),
  );
  let n = 0;
  for (const m of due) {
    const dedupeKey = sweepKeys.milestoneDueSoon(m.id, m.dueDate);
    if (done.keys.has(dedupeKey)) continue;
    const sent = await tell(db, async (tx) => [
      {
        recipients: await orgAdmins(tx, [m.payee]),
        kind: 'milestone.dueSoon',
        params: { title: m.contractTitle, contractNumber: m.number ?? '', milestone: m.title, dueOn: m.dueDate },
        href: `/contracts/${m.contractId}`,
        dedupeKey,
      },
    ]);
    if (sent) n++;
  }
  return n;
}

async function remindUnsignedContracts(db: Db, at: Date): Promise<number> {
  // A coarse bound in SQL (a day of slack for China's day boundary), the exact day rule below.
  const bound = new Date(at.getTime() - (UNSIGNED_REMINDER_DAYS - 1) * 86_400_000);
  const unsigned = await db
    .select({
      awardId: awards.id,
      awardedAt: awards.awardedAt,
      organizationId: awards.organizationId,
      projectId: projects.id,
      title: projects.title,
      contractId: contracts.id,
      payerConfirmedAt: contracts.payerConfirmedAt,
      payeeConfirmedAt: contracts.payeeConfirmedAt,
      number: contractDocuments.number,
    })
    .from(awards)
    .innerJoin(projects, eq(projects.id, awards.projectId))
    .leftJoin(contracts, and(eq(contracts.awardId, awards.id), eq(contracts.status, 'draft')))
    .leftJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id))
    .where(
      and(
        eq(awards.status, 'awarded'),
        lte(awards.awardedAt, bound),
        // Signed, completed or terminated: nothing left to sign for this award.
        notExists(
          db
            .select({ one: sql`1` })
            .from(contracts)
            .where(and(eq(contracts.awardId, awards.id), sql`${contracts.status} <> 'draft'`)),
        ),
      ),
    );
  const due = unsigned.filter((u) => unsignedReminderDue(u.awardedAt, at));
  const done = await told(
    db,
    due.map((u) => sweepKeys.unsignedContract(u.awardId)),
  );
  let n = 0;
  for (const u of due) {
    const dedupeKey = sweepKeys.unsignedContract(u.awardId);
    if (done.keys.has(dedupeKey)) continue;
    const params = { title: u.title, contractNumber: u.number ?? '', awardedAt: u.awardedAt.toISOString(), signByOn: signBy(u.awardedAt) };
    const sent = await tell(db, async (tx) => [
      // The purchasing unit drafts the contract when there is none yet, and confirms it.
      {
        recipients: u.payerConfirmedAt ? [] : await projectPurchasers(tx, u.projectId),
        kind: 'contract.unsignedReminder',
        params,
        href: u.contractId ? `/contracts/${u.contractId}` : `/projects/${u.projectId}/contract/new`,
        dedupeKey,
      },
      // The winner confirms the draft; before there is one, it can only follow the project.
      {
        recipients: u.payeeConfirmedAt ? [] : await orgAdmins(tx, [u.organizationId]),
        kind: 'contract.unsignedReminder',
        params,
        href: u.contractId ? `/contracts/${u.contractId}` : `/projects/${u.projectId}`,
        dedupeKey,
      },
    ]);
    if (sent) n++;
  }
  return n;
}

async function remindScoresDue(db: Db, at: Date): Promise<number> {
  const waiting = await db
    .select({
      projectId: projects.id,
      title: projects.title,
      startedAt: projects.evaluationStartedAt,
      closedAt: projects.closedAt,
      userId: panelMembers.evaluatorUserId,
      seatedAt: panelMembers.addedAt,
    })
    .from(panelMembers)
    .innerJoin(projects, eq(projects.id, panelMembers.projectId))
    .where(
      and(
        eq(projects.status, 'evaluating'),
        eq(panelMembers.status, 'active'),
        isNull(panelMembers.submittedAt),
        or(isNotNull(projects.evaluationStartedAt), isNotNull(projects.closedAt)),
      ),
    );
  if (!waiting.length) return 0;
  const cal = await workCalendarOf(db);
  // Projects that began evaluating before the column existed count from the opening (earlier, never later).
  const due = waiting.map((w) => ({ ...w, dueAt: scoresDueAt(cal, (w.startedAt ?? w.closedAt)!, w.seatedAt) })).filter((w) => w.dueAt <= at);
  const done = await told(db, [...new Set(due.map((w) => sweepKeys.scoresDue(w.projectId)))]);
  let n = 0;
  for (const w of due) {
    const dedupeKey = sweepKeys.scoresDue(w.projectId);
    if (done.pairs.has(`${w.userId} ${dedupeKey}`)) continue;
    const sent = await tell(db, async () => [
      {
        recipients: [w.userId],
        kind: 'panel.scoresDue',
        params: { title: w.title, startedAt: (w.startedAt ?? w.closedAt)!.toISOString(), dueAt: w.dueAt.toISOString() },
        href: `/projects/${w.projectId}/score`,
        dedupeKey,
      },
    ]);
    if (sent) n++;
  }
  return n;
}
