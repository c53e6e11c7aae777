import type PgBoss from 'pg-boss';
import type { DbHandle } from '#db/client';
import { deliverNotification } from '~/services/deliver-notification.server';
import { sweepDeadlines } from '~/services/sweep-deadlines.server';
import { bossFor, QUEUES, type QueueName } from './jobs.server';

/**
 * The job workers of this process (ADR 025), started by startup() after the seed and stopped by
 * shutdown() before the database closes. On PGlite they run in-process over the one connection;
 * on PostgreSQL pg-boss keeps its own small pool. Delivery is at least once: a job whose worker
 * died comes back when it expires, and a failed one is retried with backoff, so every handler is
 * idempotent. pg-boss's errors are logged, never thrown at the process.
 */
export type JobHandler = (job: PgBoss.JobWithMetadata<Record<string, unknown>>) => Promise<void>;

export interface JobWorkerOptions {
  /** PostgreSQL: the URL pg-boss opens its pool with (the app's role). */
  url?: string;
  log?: (msg: string) => void;
  /** Replaces a queue's handler (tests). */
  handlers?: Partial<Record<QueueName, JobHandler>>;
  /** How often an idle worker looks for a job (pg-boss default 2 s). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are put back for another worker (pg-boss default 120 s). */
  maintenanceIntervalSeconds?: number;
  /** Run the cron (the minute's sweep); default true. */
  schedule?: boolean;
}

/** Jobs taken per fetch, per queue. */
const BATCH: Record<QueueName, number> = { 'notification-deliver': 20, 'deadlines-sweep': 10 };

export interface JobWorkers {
  boss: PgBoss;
  /** Finish the jobs in hand (up to `timeoutMs`), stop polling; the database stays open. */
  stop(timeoutMs?: number): Promise<void>;
}

/** What each queue's job does. */
export function jobHandlers(handle: DbHandle, log: (msg: string) => void): Record<QueueName, JobHandler> {
  // A sweep covers every deadline up to when it started: a sweep job due before the start of one
  // that finished here has nothing left to do (after a pause, the waiting deadline jobs run as one).
  let sweptFrom = 0;
  return {
    [QUEUES.sweep]: async (job) => {
      if (new Date(job.startAfter).getTime() < sweptFrom) return;
      const started = Date.now();
      const done = await sweepDeadlines(handle.db);
      sweptFrom = Math.max(sweptFrom, started);
      if (Object.values(done).some((n) => n > 0)) log(`jobs: deadlines swept ${JSON.stringify(done)}`);
    },
    [QUEUES.deliver]: async (job) => {
      const id = job.data?.notificationId;
      if (typeof id !== 'string') throw new Error(`jobs: ${QUEUES.deliver} job ${job.id} has no notificationId`);
      await deliverNotification(handle.db, id);
    },
  };
}

/**
 * pg-boss marks a job done or failed without awaiting it: a database fault at that moment would be
 * an unhandled rejection, which ends a Node process. Those two statements' faults are logged
 * instead; the job then stays active, expires and runs again (its handler is idempotent).
 */
const COMPLETION = /^\s*WITH (results|deleted_jobs) AS \(/;

function tolerateCompletionFaults(boss: PgBoss) {
  const db = boss.getDb() as PgBoss.Db;
  const run = db.executeSql.bind(db);
  db.executeSql = async (text: string, values: unknown[]) => {
    try {
      return await run(text, values);
    } catch (err) {
      if (!COMPLETION.test(text)) throw err;
      console.error('jobs: could not record a job as done or failed; it will run again after it expires', err);
      return { rows: [{ count: 0 }] };
    }
  };
}

export async function startJobWorkers(handle: DbHandle, options: JobWorkerOptions = {}): Promise<JobWorkers> {
  const log = options.log ?? console.log;
  const boss = bossFor(handle, options.url, {
    // The owner installed the schema (installJobs, with the migrations); this role only uses it.
    migrate: false,
    supervise: true,
    schedule: options.schedule ?? true,
    ...(options.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
  });
  boss.on('error', (err) => console.error('jobs:', err));
  tolerateCompletionFaults(boss);
  await boss.start();
  const handlers = { ...jobHandlers(handle, log), ...options.handlers };
  for (const queue of Object.values(QUEUES)) {
    const handler = handlers[queue];
    await boss.work<Record<string, unknown>>(
      queue,
      {
        // pg-boss v10 fetches once per polling interval: a batch keeps deliveries flowing, and
        // lets a backlog of sweep jobs be answered by one sweep.
        batchSize: BATCH[queue],
        includeMetadata: true,
        ...(options.pollingIntervalSeconds ? { pollingIntervalSeconds: options.pollingIntervalSeconds } : {}),
      },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job);
          } catch (err) {
            // This job alone is failed, and retried with backoff up to the queue's limit; pg-boss
            // records the rest of the batch done when this function returns.
            console.warn(`jobs: ${queue} job ${job.id} failed; it will be retried`, err);
            const e = err as Error;
            await boss.fail(queue, job.id, { message: e?.message ?? String(err), stack: e?.stack });
          }
        }
      },
    );
  }
  return {
    boss,
    async stop(timeoutMs = 10_000) {
      try {
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
      } catch (err) {
        console.error('jobs: stopping the workers', err);
      }
    },
  };
}
