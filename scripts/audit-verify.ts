// `npm run audit:verify [-- --checkpoints=<folder|file> …] [-- --no-checkpoint]`: checks the audit
// chain of the configured database (DATABASE_URL, else the PGlite folder PGLITE_DIR) against the key
// (AUDIT_HMAC_KEY, AUDIT_HMAC_KEY_FILE or ./.data/audit-hmac.key) and against every checkpoint found
// (AUDIT_CHECKPOINT_DIR by default; a shipped log file works too). Names each problem; exit 1 if any.
import { openDb } from '../db/client';
import { auditReport } from '../app/queries/audit.server';
import { readCheckpoints } from '../app/lib/audit-checkpoints.server';
import { resolveAuditKey } from '../app/lib/audit-key.server';
import { env } from '../app/lib/env.server';
import { problemMessage } from '../app/domain/audit-report';
import { translator } from '../app/i18n/i18n';

const args = process.argv.slice(2);
const e = env();
const t = translator('en');
const locations = args.filter((a) => a.startsWith('--checkpoints=')).map((a) => a.slice('--checkpoints='.length));
if (!locations.length) locations.push(e.AUDIT_CHECKPOINT_DIR);
const requireCheckpoint = !args.includes('--no-checkpoint');

let key;
try {
  key = resolveAuditKey(e, false);
} catch (err) {
  console.error(`audit chain NOT VERIFIED: ${(err as Error).message}`);
  process.exit(1);
}

const read = await Promise.all(locations.map(readCheckpoints));
const found = read.flatMap((r) => r.found);
const handle = openDb(e.DATABASE_URL ? { url: e.DATABASE_URL, max: 2 } : { dataDir: e.PGLITE_DIR });
try {
  const report = await auditReport(handle.db, key.bytes, key.kid, found, { requireCheckpoint });
  const c = report.chain;
  console.log(
    `audit log of database ${report.identity.database} (${handle.kind}, ${handle.location}): ${c.rows} rows${c.rows ? `, #${c.firstId}–#${c.lastId}` : ''}`,
  );
  console.log(
    `  key ${key.kid} (${key.source}); ${c.keyedFrom === null ? 'no keyed rows' : `keyed (HMAC-SHA-256) from row #${c.keyedFrom}`}${c.legacyRows ? `; ${c.legacyRows} earlier rows on the unkeyed SHA-256 chain, anchored by the first keyed row` : ''}`,
  );
  read.forEach((r, i) => {
    const where = locations[i];
    console.log(
      `  checkpoints read from ${where}: ${r.missing ? 'none (not found)' : r.found.length}${r.unreadable.length ? `; ${r.unreadable.length} unreadable line(s): ${r.unreadable.slice(0, 5).join(', ')}` : ''}`,
    );
  });
  const l = report.latest;
  console.log(
    `  checkpoints of this chain: ${report.checkpoints}${report.otherChains ? ` (${report.otherChains} of other databases ignored)` : ''}${l ? `; latest: ${l.checkpoint.at} by ${l.checkpoint.writer} saw #${l.checkpoint.lastId} (${l.checkpoint.rows} rows), ${l.source}` : ''}`,
  );
  if (!requireCheckpoint && !report.checkpoints) console.log('  WARNING: checked without a checkpoint (--no-checkpoint): a deleted tail cannot be detected');
  if (report.problems.length) {
    console.error(`audit chain BROKEN: ${report.problems.length} problem(s)`);
    for (const p of report.problems.slice(0, 20)) {
      const m = problemMessage(p);
      console.error(`  - ${t(m.key, m.params)}`);
    }
    if (report.problems.length > 20) console.error(`  … and ${report.problems.length - 20} more`);
    process.exitCode = 1;
  } else {
    console.log(
      `audit chain intact: ${c.rows} rows verified (${handle.kind})${l ? `; ${t('audit.verify.checkpoint', { at: l.checkpoint.at, id: l.checkpoint.lastId })}` : ''}`,
    );
  }
} finally {
  await handle.close();
}
