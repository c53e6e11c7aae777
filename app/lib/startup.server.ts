import { sql } from 'drizzle-orm';
import { openDb, type Db, type DbHandle } from '#db/client';
import { withPoolWait } from '#db/guarded-pool';
import { migrate, migrationState } from '#db/migrate';
import { grantRuntimeRole, roleExposure } from '#db/roles';
import { readRegions, regionCount, seedRegions } from '#db/seed/regions';
import { seedDemo } from '../../scripts/demo/demo';
import { appDb, closeAppDb } from './db.server';
import { classifyDbFault, HEALTH_DEADLINE, type DbProblem } from './db-faults';
import { auditKey } from './audit-key.server';
import { startCheckpoints, type CheckpointTimer } from './audit-checkpoints.server';
import { env, runtimeRoleOf } from './env.server';
import { installJobs } from './jobs.server';
import { startJobWorkers, type JobWorkers } from './job-workers.server';

let checkpoints: CheckpointTimer | undefined;
let workers: JobWorkers | undefined;

/**
 * Migrations and the job queue's schema: under MIGRATION_DATABASE_URL (the owner role) when it is
 * set, which then grants the runtime role its privileges; otherwise under the app's own connection,
 * migrations only when something is pending (a runtime role cannot even run CREATE TABLE IF NOT
 * EXISTS), and the job queue's install then only reads what `npm run db:migrate` created (installJobs).
 */
async function runMigrations(work: DbHandle, log: (msg: string) => void): Promise<string[]> {
  const e = env();
  const db = work.db;
  if (e.MIGRATION_DATABASE_URL) {
    const owner = openDb({ url: e.MIGRATION_DATABASE_URL, max: 1 });
    try {
      const applied = await migrate(owner.db);
      await installJobs(owner, e.MIGRATION_DATABASE_URL);
      const role = runtimeRoleOf(e)!;
      await grantRuntimeRole(owner.db, role);
      log(`migrations run as ${owner.location}; runtime role ${role} granted DML, history tables SELECT and INSERT only`);
      return applied;
    } finally {
      await owner.close();
    }
  }
  const { pending } = await migrationState(db);
  const applied = pending.length ? await migrateOwnTables(db, pending) : [];
  await installJobs(work, e.DATABASE_URL);
  return applied;
}

async function migrateOwnTables(db: Db, pending: string[]): Promise<string[]> {
  try {
    return await migrate(db);
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code !== '42501') throw err;
    throw new Error(
      `migrations pending (${pending.join(', ')}) and the app's role may not apply them: run npm run db:migrate as the owner role, or set MIGRATION_DATABASE_URL`,
      { cause: err },
    );
  }
}

/** Migrate, and on an empty database load the region tree and the demo accounts. */
export async function startup(log: (msg: string) => void = console.log): Promise<void> {
  const e = env();
  const key = auditKey();
  const handle = appDb();
  // On PostgreSQL, migrating and seeding go through a connection of their own without the request
  // limits: an index built on a large table may rightly take longer than any page may.
  const work: DbHandle = handle.kind === 'postgres' && e.DATABASE_URL ? openDb({ url: e.DATABASE_URL, max: 1 }) : handle;
  try {
    const t0 = performance.now();
    const applied = await runMigrations(work, log);
    log(`database: ${handle.kind} (${handle.location}); migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
    if (handle.kind === 'postgres' && e.NODE_ENV === 'production') {
      const x = await roleExposure(work.db);
      if (x.superuser || x.writable.length) {
        console.warn(
          `WARNING: the app's database role ${x.role} ${x.superuser ? 'is a superuser' : `owns or may rewrite ${x.writable.join(', ')}`}: an insider with its password can rewrite the audit log and the ledger. Run it under a runtime role and migrate with MIGRATION_DATABASE_URL (README, "Production").`,
        );
      }
    }
    if (e.SEED_ON_START === '1' && (await regionCount(work.db)) === 0) {
      const t1 = performance.now();
      const n = await seedRegions(work.db, readRegions());
      log(`seeded ${n} regions in ${Math.round(performance.now() - t1)} ms`);
      const t2 = performance.now();
      await seedDemo(work.db);
      log(`seeded demo accounts and organizations in ${Math.round(performance.now() - t2)} ms`);
    }
    log(
      `audit: HMAC key ${key.kid} (${key.source}); checkpoints to ${e.AUDIT_CHECKPOINT_DIR}${e.AUDIT_CHECKPOINT_MINUTES ? ` every ${e.AUDIT_CHECKPOINT_MINUTES} min while the chain moves` : ' at start and shutdown'}`,
    );
    // The app's own handle: the timer keeps using it after the start-up connection is closed.
    checkpoints = await startCheckpoints(handle.db, key, e.AUDIT_CHECKPOINT_DIR, e.AUDIT_CHECKPOINT_MINUTES, log);
    // After the seed, which moves this process's clock while it plays the demo's history: a sweep
    // running meanwhile would close projects at the wrong time. On the app's own handle, like the timer.
    if (e.JOBS_WORKERS === 'on') {
      workers = await startJobWorkers(handle, { url: e.DATABASE_URL, log });
      log(`jobs: workers started (deadlines swept every minute and at each deadline; notifications delivered)`);
    } else log('jobs: JOBS_WORKERS=off, this process runs no jobs');
    log(`ready in ${Math.round(performance.now() - t0)} ms`);
  } finally {
    if (work !== handle) await work.close();
  }
}

export async function shutdown(): Promise<void> {
  // The jobs in hand finish (or are failed, to be retried) while the database is still open.
  await workers?.stop();
  workers = undefined;
  await checkpoints?.stop();
  checkpoints = undefined;
  await closeAppDb();
}

/** /healthz must answer within one second whatever the database does; this leaves a margin. */
export const HEALTH_BUDGET_MS = 600;

export type Health =
  | { ok: boolean; database: DbHandle['kind']; migrations: { applied: number; pending: string[] } }
  | { ok: false; database: DbHandle['kind']; problem: DbProblem | 'error'; code: string };

/**
 * What a load balancer needs to know: can this process serve a signed-in page now? The migration
 * state, and a read of the sessions table (every signed-in page reads it first) under short lock
 * and statement timeouts, all within HEALTH_BUDGET_MS; otherwise what is wrong.
 */
export async function health(): Promise<Health> {
  const handle = appDb();
  const database = handle.kind;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${HEALTH_BUDGET_MS} ms`), { code: HEALTH_DEADLINE })), HEALTH_BUDGET_MS);
  });
  try {
    const state = await Promise.race([withPoolWait(250, () => probe(handle.db)), deadline]);
    return { ok: state.pending.length === 0, database, migrations: { applied: state.applied.length, pending: state.pending } };
  } catch (e) {
    const fault = classifyDbFault(e);
    if (!fault) console.error('health check failed', e);
    return fault ? { ok: false, database, ...fault } : { ok: false, database, problem: 'error', code: (e as { code?: string }).code ?? 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}

function probe(db: Db) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL lock_timeout = '300ms'`);
    await tx.execute(sql`SET LOCAL statement_timeout = '450ms'`);
    const state = await migrationState(tx);
    if (state.pending.length === 0) await tx.execute(sql`SELECT 1 FROM sessions LIMIT 1`);
    return state;
  });
}
