import { openDb, type DbHandle, type DbLimits } from '#db/client';
import { env } from './env.server';

/**
 * The app's one database handle. Kept on globalThis so Vite's dev reloads do not open a second
 * PGlite on the same folder (PGlite is one connection; two would corrupt it).
 */
const g = globalThis as typeof globalThis & { __appDb?: DbHandle };

export function appDb(): DbHandle {
  if (!g.__appDb) {
    const e = env();
    g.__appDb = openDb(e.DATABASE_URL ? { url: e.DATABASE_URL, max: e.DB_POOL_SIZE, limits: dbLimits() } : { dataDir: e.PGLITE_DIR });
  }
  return g.__appDb;
}

export function db() {
  return appDb().db;
}

export async function closeAppDb(): Promise<void> {
  const handle = g.__appDb;
  g.__appDb = undefined;
  if (handle) await handle.close();
}

export function dbLimits(): DbLimits {
  const e = env();
  return {
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
    poolWaitMs: e.DB_POOL_WAIT_MS,
    connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
  };
}
