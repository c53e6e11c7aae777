import { openDb } from '#db/client';
import { migrate, migrationState } from '#db/migrate';
import { grantRuntimeRole, roleExposure } from '#db/roles';
import { readRegions, regionCount, seedRegions } from '#db/seed/regions';
import { seedDemo } from '#db/seed/demo';
import { appDb, closeAppDb } from './db.server';
import { auditKey } from './audit-key.server';
import { startCheckpoints, type CheckpointTimer } from './audit-checkpoints.server';
import { env, runtimeRoleOf } from './env.server';

let checkpoints: CheckpointTimer | undefined;

/**
 * Migrations: under MIGRATION_DATABASE_URL (the owner role) when it is set, which then grants the
 * runtime role its privileges; otherwise under the app's own connection, and only when something is
 * pending (a runtime role cannot even run CREATE TABLE IF NOT EXISTS).
 */
async function runMigrations(log: (msg: string) => void): Promise<string[]> {
  const e = env();
  if (e.MIGRATION_DATABASE_URL) {
    const owner = openDb({ url: e.MIGRATION_DATABASE_URL, max: 1 });
    try {
      const applied = await migrate(owner.db);
      const role = runtimeRoleOf(e)!;
      await grantRuntimeRole(owner.db, role);
      log(`migrations run as ${owner.location}; runtime role ${role} granted DML, history tables SELECT and INSERT only`);
      return applied;
    } finally {
      await owner.close();
    }
  }
  const handle = appDb();
  const { pending } = await migrationState(handle.db);
  if (!pending.length) return [];
  try {
    return await migrate(handle.db);
  } catch (err) {
    const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code !== '42501') throw err;
    throw new Error(`migrations pending (${pending.join(', ')}) and the app's role may not apply them: run npm run db:migrate as the owner role, or set MIGRATION_DATABASE_URL`, { cause: err });
  }
}

/** Migrate, and on an empty database load the region tree and the demo accounts. */
export async function startup(log: (msg: string) => void = console.log): Promise<void> {
  const e = env();
  const key = auditKey();
  const handle = appDb();
  const t0 = performance.now();
  const applied = await runMigrations(log);
  log(`database: ${handle.kind} (${handle.location}); migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  if (handle.kind === 'postgres' && e.NODE_ENV === 'production') {
    const x = await roleExposure(handle.db);
    if (x.superuser || x.writable.length) {
      console.warn(`WARNING: the app's database role ${x.role} ${x.superuser ? 'is a superuser' : `owns or may rewrite ${x.writable.join(', ')}`}: an insider with its password can rewrite the audit log and the ledger. Run it under a runtime role and migrate with MIGRATION_DATABASE_URL (README, "Production").`);
    }
  }
  if (e.SEED_ON_START === '1' && (await regionCount(handle.db)) === 0) {
    const t1 = performance.now();
    const n = await seedRegions(handle.db, readRegions());
    log(`seeded ${n} regions in ${Math.round(performance.now() - t1)} ms`);
    const t2 = performance.now();
    await seedDemo(handle.db);
    log(`seeded demo accounts and organizations in ${Math.round(performance.now() - t2)} ms`);
  }
  log(`audit: HMAC key ${key.kid} (${key.source}); checkpoints to ${e.AUDIT_CHECKPOINT_DIR}${e.AUDIT_CHECKPOINT_MINUTES ? ` every ${e.AUDIT_CHECKPOINT_MINUTES} min while the chain moves` : ' at start and shutdown'}`);
  checkpoints = await startCheckpoints(handle.db, key, e.AUDIT_CHECKPOINT_DIR, e.AUDIT_CHECKPOINT_MINUTES, log);
  log(`ready in ${Math.round(performance.now() - t0)} ms`);
}

export async function shutdown(): Promise<void> {
  await checkpoints?.stop();
  checkpoints = undefined;
  await closeAppDb();
}

export async function health() {
  const handle = appDb();
  const state = await migrationState(handle.db);
  return { database: handle.kind, migrations: { applied: state.applied.length, pending: state.pending } };
}
