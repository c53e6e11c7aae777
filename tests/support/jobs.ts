import { and, eq, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { auditEvents, notifications, organizations } from '#db/schema';
import type { Db, DbHandle } from '#db/client';
import { rowsOf } from '#db/migrate';
import { sweepKeys } from '~/domain/deadlines';
import { now } from '~/lib/clock.server';
import { bossFor, enqueue, QUEUE_OPTIONS, QUEUES } from '~/lib/jobs.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { actorByEmail } from './db';
import { advanceTo, beijing, projectInput } from './procurement';

const DAY = 86_400_000;

/**
 * A published project with two bids whose deadline the app clock has just passed: due to be closed
 * by the next sweep. Returns its id.
 */
export async function dueProject(db: Db, title: string): Promise<string> {
  const ctx = async (email: string) => ({ actor: await actorByEmail(db, email), requestId: 'jobs-test' });
  const orgId = async (name: string) => (await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  const deadline = new Date(Math.ceil((now().getTime() + 10 * DAY) / 60_000) * 60_000);
  const { id } = await createProject(db, await ctx('bureau@demo.cn'), projectInput({ title, bidDeadline: beijing(deadline) }));
  await publishProject(db, await ctx('bureau@demo.cn'), id);
  const plan = { servicePlan: '每周上门探访独居老人，建立一人一档。', team: '社工2名', expectedOutputs: '探访800人次' };
  await submitBid(db, await ctx('org@demo.cn'), id, { organizationId: await orgId('永松社区助老服务队'), price: 150_000_00, ...plan });
  await submitBid(db, await ctx('agency@demo.cn'), id, { organizationId: await orgId('雁塔区启航社会工作服务中心'), price: 160_000_00, ...plan });
  advanceTo(deadline);
  return id;
}

/** A pg-boss client for the test itself (no cron, no maintenance): to change queues and take jobs by hand. */
export async function testBoss(handle: DbHandle, url?: string): Promise<PgBoss> {
  const boss = bossFor(handle, url, { supervise: false, schedule: false, migrate: false });
  boss.on('error', (err) => console.error('test boss:', err));
  await boss.start();
  return boss;
}

/**
 * The sweep queue with short times, so a dead worker's job comes back within seconds. Not shorter:
 * pg-boss also gives up on a handler running longer than its job's expiry, and a sweep over the
 * demo database takes a second or so.
 */
export async function quickSweepQueue(boss: PgBoss, over: Partial<(typeof QUEUE_OPTIONS)['deadlines-sweep']> = {}) {
  await boss.updateQueue(QUEUES.sweep, { name: QUEUES.sweep, ...QUEUE_OPTIONS[QUEUES.sweep], expireInSeconds: 5, retryDelay: 1, ...over });
}

/**
 * Enqueues one sweep (as the minute's cron does) and returns its id, after clearing the sweep jobs
 * already due (the demo seed publishes projects in the past: their deadline jobs are due), so the
 * next fetch takes this one.
 */
export async function enqueueSweep(db: Db, boss: PgBoss): Promise<string> {
  for (let due = await boss.fetch(QUEUES.sweep, { batchSize: 100 }); due.length; due = await boss.fetch(QUEUES.sweep, { batchSize: 100 })) {
    await boss.complete(
      QUEUES.sweep,
      due.map((j) => j.id),
    );
  }
  const id = await db.transaction((tx) => enqueue(tx, QUEUES.sweep, {}));
  if (!id) throw new Error('a sweep job was already waiting');
  return id;
}

export interface JobRow {
  state: string;
  retry_count: number;
}

export async function jobState(db: Db, id: string): Promise<JobRow | undefined> {
  return rowsOf<JobRow>(await db.execute(sql`SELECT state, retry_count FROM pgboss.job WHERE id = ${id}::uuid`))[0];
}

/** Waits until the job reaches `state` (polling the database), or fails after `ms`. */
export async function waitForJob(db: Db, id: string, state: string, ms = 45_000): Promise<JobRow> {
  const until = Date.now() + ms;
  for (;;) {
    const row = await jobState(db, id);
    if (row?.state === state) return row;
    if (Date.now() > until) throw new Error(`job ${id} still ${row?.state ?? 'missing'} after ${ms} ms (waiting for ${state})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What an auditor counts after the job ran: the close's audit rows, and the bidding-closed notices per person and their deliveries. */
export async function closeEffects(db: Db, projectId: string) {
  const closes = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, projectId), eq(auditEvents.action, 'project.close')));
  const told = await db
    .select({ id: notifications.id, userId: notifications.userId })
    .from(notifications)
    .where(eq(notifications.dedupeKey, sweepKeys.biddingClosed(projectId)));
  const [deliveries] = rowsOf<{ n: number }>(
    await db.execute(
      sql`SELECT count(*)::int AS n FROM pgboss.job j JOIN notifications n ON n.id::text = j.data->>'notificationId' WHERE j.name = ${QUEUES.deliver} AND n.dedupe_key = ${sweepKeys.biddingClosed(projectId)}`,
    ),
  );
  return { closes: closes.length, told: told.length, people: new Set(told.map((r) => r.userId)).size, deliveries: deliveries!.n };
}
