// `npm run audit:checkpoint`: signs the audit chain's head (latest row id and MAC, row count, time)
// and appends it to AUDIT_CHECKPOINT_DIR, printing the same line. The running app does this itself
// at start, every AUDIT_CHECKPOINT_MINUTES while the chain moves, and at shutdown; run this before a
// backup, after an incident, or from cron. On PGlite, stop the app first (one process per folder).
import { openDb } from '../db/client';
import { takeCheckpoint } from '../app/lib/audit-checkpoints.server';
import { resolveAuditKey } from '../app/lib/audit-key.server';
import { env } from '../app/lib/env.server';

const e = env();
let key;
try {
  key = resolveAuditKey(e, false);
} catch (err) {
  console.error(`no checkpoint written: ${(err as Error).message}`);
  process.exit(1);
}
const handle = openDb(e.DATABASE_URL ? { url: e.DATABASE_URL, max: 1 } : { dataDir: e.PGLITE_DIR });
try {
  const cp = await takeCheckpoint(handle.db, key, e.AUDIT_CHECKPOINT_DIR);
  if (cp) console.error(`checkpoint of row #${cp.lastId} (${cp.rows} rows) appended to ${e.AUDIT_CHECKPOINT_DIR}`);
  else console.error('the audit log is empty: nothing to checkpoint');
} catch (err) {
  console.error(`no checkpoint written: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
