import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '#db/client';

/** postgres.js answers an array of rows, PGlite `{ rows }`. */
async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

/** The number of rows in every table of the schema, in one statement (cheap enough to run after each request). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = (
    await rowsOf<{ table_name: string }>(
      db,
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  ).map((r) => r.table_name);
  const [row] = await rowsOf<Record<string, number>>(db, sql.raw(`SELECT ${tables.map((t) => `(SELECT count(*) FROM "${t}")::int AS "${t}"`).join(', ')}`));
  return row!;
}

/** Tables whose counts differ, as "table: before → after". */
export function changedTables(before: Record<string, number>, after: Record<string, number>, ignore: readonly string[] = []): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => !ignore.includes(t) && before[t] !== after[t])
    .map((t) => `${t}: ${before[t]} → ${after[t]}`);
}
