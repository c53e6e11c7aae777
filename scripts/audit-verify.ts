// `npm run audit:verify`: walks the audit chain of the configured database (DATABASE_URL, else the
// PGlite folder PGLITE_DIR) and names the first row whose hash or link does not match. Exit 1 then.
import { openDb } from '../db/client';
import { verifyAuditChain } from '../app/queries/audit.server';

const handle = openDb(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, max: 1 } : { dataDir: process.env.PGLITE_DIR ?? './.data/pglite' });
try {
  const verdict = await verifyAuditChain(handle.db);
  if (verdict.ok) {
    console.log(`audit chain intact: ${verdict.rows} rows verified (${handle.kind})`);
  } else {
    console.error(`audit chain BROKEN at row id ${verdict.firstBadId}: ${verdict.problem === 'hash' ? "the row's content does not match its hash" : "the row does not link to the previous row's hash"} (${verdict.rows} rows read)`);
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
