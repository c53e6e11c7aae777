// `npm run db:migrate`: applies pending migrations and installs the job queue (pg-boss) as the owner
// role (MIGRATION_DATABASE_URL, else DATABASE_URL, else the PGlite folder) and, on PostgreSQL, grants
// the runtime role (APP_DATABASE_ROLE, else DATABASE_URL's user when MIGRATION_DATABASE_URL is set)
// its privileges. For deployments that migrate in a separate step and start the app with DATABASE_URL alone.
import { openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { grantRuntimeRole } from '../db/roles';
import { env, runtimeRoleOf } from '../app/lib/env.server';
import { installJobs, JOB_SCHEMA } from '../app/lib/jobs.server';

const e = env();
const url = e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL;
const handle = openDb(url ? { url, max: 1 } : { dataDir: e.PGLITE_DIR });
try {
  const applied = await migrate(handle.db);
  console.log(`${handle.kind} (${handle.location}): migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
  // The job queue's schema and queues, as the owner: the runtime role only uses them (db/roles.ts).
  await installJobs(handle, url);
  console.log(`job queue installed (schema ${JOB_SCHEMA})`);
  const role = e.APP_DATABASE_ROLE ?? (e.MIGRATION_DATABASE_URL ? runtimeRoleOf(e) : null);
  if (role && handle.kind === 'postgres') {
    await grantRuntimeRole(handle.db, role);
    console.log(`runtime role ${role}: DML on ordinary tables and the job queue; SELECT and INSERT only on the audit log and the ledger`);
  }
} catch (err) {
  console.error(`migration failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
