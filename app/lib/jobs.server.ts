import PgBoss from 'pg-boss';
import { sql, type SQL } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import { pgliteOf, type DbHandle, type Executor } from '#db/client';
import { rowsOf } from '#db/migrate';
import { JOB_SCHEMA } from '#db/roles';

/**
 * The durable job queue (ADR 025): pg-boss on the app's own database. On PostgreSQL it keeps its own
 * small `pg` pool; on the embedded PGlite it runs in-process over the one connection. Jobs are
 * enqueued inside the transaction that makes them necessary (`enqueue(tx, …)`), so a job exists
 * exactly when its cause was committed; handlers are idempotent, since delivery is at least once.
 */
export { JOB_SCHEMA };

export const QUEUES = {
  /** Send one notification's e-mail/SMS: `{ notificationId }`. */
  deliver: 'notification-deliver',
  /** Close bidding, end notices and send reminders that are due: `{}` (cron, and at each deadline). */
  sweep: 'deadlines-sweep',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface QueueOptions {
  /**
   * `short`: at most one job per singleton key waiting (a deadline enqueued twice runs once; cron
   * sweeps do not pile up while no worker runs). `standard`: no such limit.
   */
  policy: 'standard' | 'short';
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

/** Retries with backoff; a job a dead worker held comes back after `expireInSeconds`. */
export const QUEUE_OPTIONS: Record<QueueName, QueueOptions> = {
  'notification-deliver': { policy: 'standard', retryLimit: 8, retryDelay: 30, retryBackoff: true, expireInSeconds: 120 },
  'deadlines-sweep': { policy: 'short', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 300 },
};

/** The sweep runs every minute (pg-boss cron), besides the jobs enqueued for each deadline. */
export const SWEEP_CRON = '* * * * *';

/** pg-boss's own queue behind `schedule` (created by its timekeeper at start unless it exists). */
const CRON_QUEUE = '__pgboss__send-it';

interface JobDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** pg-boss over the PGlite client: parameterised statements through `query`, scripts through `exec`. */
function pgliteJobDb(pglite: PGlite): JobDb {
  return {
    async executeSql(text, values) {
      if (values && values.length) return (await pglite.query(text, values.map(nullish))) as { rows: Record<string, unknown>[] };
      const results = await pglite.exec(text);
      return { rows: (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[] };
    },
  };
}

/** pg-boss inside a drizzle transaction: its positional `$n` become drizzle parameters. */
export function txJobDb(tx: Executor): JobDb {
  return {
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i % 2 === 0) chunks.push(sql.raw(parts[i]!));
        else chunks.push(sql`${asParam(values[Number(parts[i]) - 1])}`);
      }
      return { rows: rowsOf<Record<string, unknown>>(await tx.execute(sql.join(chunks))) };
    },
  };
}

/** drizzle's drivers pass a jsonb parameter through as given: an object goes as its JSON text. */
function asParam(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) return JSON.stringify(v);
  return nullish(v);
}

function nullish(v: unknown): unknown {
  return v === undefined ? null : v;
}

/** A pg-boss instance only to build job rows; every send passes the transaction's `db`. */
let sender: PgBoss | undefined;
function senderBoss(): PgBoss {
  sender ??= new PgBoss({
    db: {
      executeSql: () => {
        throw new Error('jobs: enqueue(tx, …) must be given the transaction');
      },
    },
    schema: JOB_SCHEMA,
  });
  return sender;
}

export interface EnqueueOptions {
  /** Not before this time (the database's clock). */
  startAfter?: Date;
  /** pg-boss singleton key: at most one job with this key waiting in the queue. */
  singletonKey?: string;
}

/**
 * Add a job in the caller's transaction: committed with the state change, or not at all. Returns its
 * id, or null when a job with the same singleton key was already waiting.
 */
export async function enqueue(tx: Executor, queue: QueueName, data: object, options: EnqueueOptions = {}): Promise<string | null> {
  return senderBoss().send(queue, data, { ...options, db: txJobDb(tx) } as PgBoss.SendOptions);
}

/** A pg-boss for this database: PGlite in-process, or its own pool on the server. */
export function bossFor(handle: DbHandle, url?: string, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const pglite = pgliteOf(handle);
  const base = { schema: JOB_SCHEMA, ...options };
  if (pglite) return new PgBoss({ ...base, db: pgliteJobDb(pglite) } as PgBoss.ConstructorOptions);
  if (!url) throw new Error('jobs: a PostgreSQL handle needs its URL');
  return new PgBoss({ ...base, connectionString: url, max: 3 } as PgBoss.ConstructorOptions);
}

/**
 * Create (or migrate) pg-boss's schema, the app's queues (options kept up to date) and the sweep's
 * schedule; safe to run by every starting process. Run it as the owner role (with the migrations):
 * once everything exists it only reads, and updates rows, so a runtime role that may not create
 * anything (db/roles.ts grants it DML on the schema) can start after `npm run db:migrate`.
 */
export async function installJobs(handle: DbHandle, url?: string): Promise<void> {
  const boss = bossFor(handle, url, { supervise: false, schedule: false });
  boss.on('error', (err) => console.error('jobs: install', err));
  try {
    await boss.start();
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      const queue = (await boss.getQueue(name)) as (Partial<QueueOptions> & { name: string }) | null;
      if (!queue) await boss.createQueue(name, { name, ...options });
      else if ((Object.keys(options) as (keyof QueueOptions)[]).some((k) => queue[k] !== options[k])) await boss.updateQueue(name, { name, ...options });
    }
    if (!(await boss.getQueue(CRON_QUEUE))) await boss.createQueue(CRON_QUEUE);
    await boss.schedule(QUEUES.sweep, SWEEP_CRON, {}, { tz: 'Asia/Shanghai' });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== '42501') throw err;
    throw new Error(
      `the job queue (schema ${JOB_SCHEMA}) is not installed and this role may not create it: run npm run db:migrate as the owner role, or set MIGRATION_DATABASE_URL`,
      {
        cause: err,
      },
    );
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
