import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { env } from '~/lib/env.server';
import type { Db, Executor } from './client';

/**
 * The app's own migrator: applies drizzle-kit's generated SQL in journal order, all pending files in one
 * transaction under an advisory lock, so several app processes starting together on one PostgreSQL
 * apply each migration exactly once. Works the same on PGlite.
 */
const MIGRATION_LOCK = 727_061_001;

interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

export function migrationsFolder(): string {
  return path.resolve(env().MIGRATIONS_DIR);
}

export function readJournal(folder = migrationsFolder()): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return [...journal.entries].sort((a, b) => a.idx - b.idx);
}

const CREATE_TABLE = sql`CREATE TABLE IF NOT EXISTS app_migrations (
  tag text PRIMARY KEY,
  hash text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

export interface MigrationState {
  applied: string[];
  pending: string[];
}

export async function migrationState(db: Executor, folder = migrationsFolder()): Promise<MigrationState> {
  const exists = await db.execute<{ present: boolean }>(sql`SELECT to_regclass('app_migrations') IS NOT NULL AS present`);
  const applied = rowsOf<{ present: boolean }>(exists)[0]?.present
    ? rowsOf<{ tag: string }>(await db.execute(sql`SELECT tag FROM app_migrations ORDER BY tag`)).map((r) => r.tag)
    : [];
  const pending = readJournal(folder)
    .map((e) => e.tag)
    .filter((tag) => !applied.includes(tag));
  return { applied, pending };
}

export async function migrate(db: Db, folder = migrationsFolder()): Promise<string[]> {
  const entries = readJournal(folder);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(CREATE_TABLE);
    const done = new Set(rowsOf<{ tag: string }>(await tx.execute(sql`SELECT tag FROM app_migrations`)).map((r) => r.tag));
    const appliedNow: string[] = [];
    for (const entry of entries) {
      if (done.has(entry.tag)) continue;
      const text = readFileSync(path.join(folder, `${entry.tag}.sql`), 'utf8');
      for (const statement of text.split('--> statement-breakpoint')) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      const hash = createHash('sha256').update(text).digest('hex');
      await tx.execute(sql`INSERT INTO app_migrations (tag, hash) VALUES (${entry.tag}, ${hash})`);
      appliedNow.push(entry.tag);
    }
    return appliedNow;
  });
}

/** postgres.js returns an array of rows, PGlite an object with `rows`; callers want the rows. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
