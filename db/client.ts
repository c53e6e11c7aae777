import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  kind: DbKind;
  /** Where the data lives: the PGlite folder, or the server URL without its password. */
  location: string;
  close(): Promise<void>;
}

export const DEFAULT_PGLITE_DIR = './.data/pglite';

export interface OpenOptions {
  /** postgres:// URL; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data folder (default ./.data/pglite), or 'memory://'. */
  dataDir?: string;
  /** A PGlite data dir dump (from dumpDataDir) to start from; tests use it. */
  loadDataDir?: Blob | File;
  /** Pool size for postgres.js. */
  max?: number;
}

export function openDb(options: OpenOptions = {}): DbHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // A statement that waits for a lock longer than this is a bug, not a slow query.
      connection: { lock_timeout: 10_000 },
    });
    // drizzle sends every query through `unsafe`, which postgres.js runs unprepared unless told: the
    // server then plans each page's queries on every request (measured: planning was most of the
    // contract page's database time). Prepared, a connection plans a query text once and reuses it.
    // Transactions (client.begin) keep postgres.js's default; they are the write paths.
    const prepared = new Proxy(client, {
      get(target, prop, receiver) {
        if (prop === 'unsafe') return (query: string, params?: unknown[], options?: object) => target.unsafe(query, params as never, { ...options, prepare: true });
        return Reflect.get(target, prop, receiver);
      },
    });
    const db = drizzlePostgres(prepared, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      location: options.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? DEFAULT_PGLITE_DIR;
  if (!dataDir.startsWith('memory://')) mkdirSync(path.resolve(dataDir), { recursive: true });
  // The options-object form: with a positional undefined dataDir, PGlite ignores loadDataDir.
  const client = new PGlite({
    dataDir: dataDir.startsWith('memory://') ? undefined : path.resolve(dataDir),
    loadDataDir: options.loadDataDir,
  });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    close: async () => {
      if (!client.closed) await client.close();
    },
    // exposed for tests that dump a template
    ...({ pglite: client } as object),
  };
}

export function pgliteOf(handle: DbHandle): PGlite | undefined {
  return (handle as DbHandle & { pglite?: PGlite }).pglite;
}
