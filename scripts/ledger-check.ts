// `npm run ledger:check`: checks the ledger invariants against the configured database (DATABASE_URL,
// else the PGlite folder PGLITE_DIR); prints each with its number of violations; exits 1 if any.
import { openDb } from '../db/client';
import { checkLedger } from '../app/queries/ledger.server';
import { env } from '../app/lib/env.server';

const { DATABASE_URL, PGLITE_DIR } = env();
const handle = openDb(DATABASE_URL ? { url: DATABASE_URL, max: 2 } : { dataDir: PGLITE_DIR });
try {
  const results = await checkLedger(handle.db);
  for (const r of results) {
    console.log(`${r.violations.length === 0 ? 'ok  ' : 'FAIL'} ${r.name}: ${r.violations.length} violation(s)`);
    for (const v of r.violations.slice(0, 10)) console.log(`       ${v}`);
  }
  if (results.some((r) => r.violations.length)) process.exitCode = 1;
} finally {
  await handle.close();
}
