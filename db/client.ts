import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { guardPool, MAX_BACKOFF_MS, type GuardedPool } from './guarded-pool';
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
  /**
   * The app server's limits (from the environment); scripts and tests open without them. Ignored
   * by PGlite: one in-process connection has no pool to wait for and no other session's locks.
   */
  limits?: DbLimits;
}

/** How long the database may take before a request gives up on it (README: Environment). */
export interface DbLimits {
  /** The server cancels a statement running longer (SQLSTATE 57014). */
  statementTimeoutMs: number;
  /** The server fails a statement waiting longer for a lock (55P03). */
  lockTimeoutMs: number;
  /** How long a query or a transaction may wait for a free connection of the pool. */
  poolWaitMs: number;
  /** How long opening a connection (TCP, TLS, start-up) may take. */
  connectTimeoutMs: number;
}

export function openDb(options: OpenOptions = {}): DbHandle {
  if (options.url) {
    const url = options.url;
    const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
    const max = options.max ?? 10;
    const limits = options.limits;
    if (!limits) {
      const client = postgres(url, {
        max,
        onnotice: () => {},
        // A statement that waits for a lock longer than this is a bug, not a slow query.
        connection: { lock_timeout: 10_000 },
      });
      const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db;
      return { db, kind: 'postgres', location, close: () => client.end({ timeout: 5 }) };
    }
    const pool = guardPool(
      () =>
        postgres(url, {
          max,
          onnotice: () => {},
          connect_timeout: limits.connectTimeoutMs / 1000,
          // postgres.js waits up to 20 s between attempts after repeated failures; a page would
          // wait that long for its 503, and the process as long to notice the server is back.
          backoff: (retries: number) => Math.min(0.05 * 2 ** retries, MAX_BACKOFF_MS / 1000),
          connection: { statement_timeout: limits.statementTimeoutMs, lock_timeout: limits.lockTimeoutMs },
        }),
      { max, poolWaitMs: limits.poolWaitMs, statementTimeoutMs: limits.statementTimeoutMs, connectTimeoutMs: limits.connectTimeoutMs },
    );
    const db = drizzlePostgres(pool.sql, { schema }) as unknown as Db;
    return { db, kind: 'postgres', location, close: () => pool.close(5), ...({ pool } as object) };
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

/**
 * drizzle sends every query through `unsafe`, which postgres.js runs unprepared unless told: the
 * server then plans each page's queries on every request (measured: planning was most of the
 * contract page's database time). Prepared, a connection plans a query text once and reuses it.
 * Transactions (client.begin) keep postgres.js's default; they are the write paths (ADR 010).
 * The guarded pool (guarded-pool.ts) does the same in its own `unsafe`.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: unknown[], options?: object) => target.unsafe(query, params as never, { ...options, prepare: true });
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** The guarded pool behind a server handle opened with limits (tests read its stats). */
export function poolOf(handle: DbHandle): GuardedPool | undefined {
  return (handle as DbHandle & { pool?: GuardedPool }).pool;
}

export function pgliteOf(handle: DbHandle): PGlite | undefined {
  return (handle as DbHandle & { pglite?: PGlite }).pglite;
}
