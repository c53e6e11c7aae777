/** Writing generated rows in bulk, and the small helpers of the seed's report. */
import { sql } from 'drizzle-orm';
import cliProgress from 'cli-progress';
import type { Db, Tx } from '#db/client';
import { rowsOf } from '#db/migrate';
import type {
  attachments,
  awards,
  bids,
  contracts,
  deliverables,
  filingApplications,
  filingSteps,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  milestones,
  organizations,
  projectCriteria,
  projects,
  rankings,
  roleAssignments,
  tranches,
  users,
} from '#db/schema';

type Table =
  | typeof organizations
  | typeof users
  | typeof roleAssignments
  | typeof filingApplications
  | typeof filingSteps
  | typeof projects
  | typeof projectCriteria
  | typeof bids
  | typeof rankings
  | typeof awards
  | typeof contracts
  | typeof milestones
  | typeof tranches
  | typeof deliverables
  | typeof attachments
  | typeof ledgerAccounts
  | typeof ledgerTransactions
  | typeof ledgerEntries;

/** Multi-row inserts inside one transaction, sized to stay under PostgreSQL's 65,535 bind parameters. */
export async function insertAll<T extends Record<string, unknown>>(db: Db, label: string, table: Table, rows: T[]): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!).length;
  const batch = Math.max(100, Math.min(5000, Math.floor(60_000 / columns)));
  const bar = new cliProgress.SingleBar(
    { format: `  ${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  bar.start(rows.length, 0);
  await db.transaction(async (tx: Tx) => {
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      // The row objects are built to the table's insert shape below; the union of tables defeats inference.
      await tx.insert(table).values(chunk as never);
      bar.update(Math.min(rows.length, i + batch));
    }
  });
  bar.stop();
  if (!process.stdout.isTTY) console.log(`  ${label}: ${rows.length} rows`);
  console.log(`    ${rows.length.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return rows.length;
}

export async function count(db: Db, table: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)));
  return Number(rows[0]?.n ?? 0);
}

export const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
