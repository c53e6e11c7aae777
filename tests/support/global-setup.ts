import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb, pgliteOf } from '../../db/client';
import { migrate } from '../../db/migrate';
import { readRegions, seedRegions } from '../../db/seed/regions';
import { seedDemo } from '../../scripts/demo/demo';
import { TEST_AUDIT_KEY } from './audit-key';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: path of a dumped data dir; PostgreSQL: name of the template database. */
    dbTemplate: { kind: 'pglite'; file: string } | { kind: 'postgres'; url: string; template: string; prefix: string };
  }
}

/**
 * Names of the test databases, derived from the database of DATABASE_URL (`test` gives
 * `app_test_template` and `app_test_w_…`), so two runs against different databases of one server
 * (two checkouts, say) do not drop each other's copies.
 */
export function testDbPrefix(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  return name === 'test' ? 'app_test' : `app_test_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
}

/**
 * Once per run: a database migrated and seeded with the whole region tree and the demo accounts.
 * Each test file then starts from a copy: PGlite loads the dumped data dir; PostgreSQL creates a
 * database from the template. So tests are isolated and fast, and never mock the database.
 */
export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  process.env.TZ = 'UTC';
  // The seed writes audit rows; the workers (vitest.config.ts env) verify them with the same key.
  process.env.AUDIT_HMAC_KEY = TEST_AUDIT_KEY;
  if (url) {
    const prefix = testDbPrefix(url);
    const TEMPLATE_DB = `${prefix}_template`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const stale = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname = ${TEMPLATE_DB} OR datname LIKE ${`${prefix}\\_w\\_%`}`;
    for (const { datname } of stale) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${TEMPLATE_DB}"`);
    await admin.end();
    const templateUrl = withDatabase(url, TEMPLATE_DB);
    const handle = openDb({ url: templateUrl, max: 1 });
    await migrate(handle.db);
    await seedRegions(handle.db, readRegions());
    await seedDemo(handle.db);
    await handle.close();
    project.provide('dbTemplate', { kind: 'postgres', url, template: TEMPLATE_DB, prefix });
    return async () => {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      const left = await a<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname = ${TEMPLATE_DB} OR datname LIKE ${`${prefix}\\_w\\_%`}`;
      for (const { datname } of left) await a.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await a.end();
    };
  }
  const dir = path.resolve('tests/.tmp');
  mkdirSync(dir, { recursive: true });
  const handle = openDb({ dataDir: 'memory://' });
  await migrate(handle.db);
  await seedRegions(handle.db, readRegions());
  await seedDemo(handle.db);
  const dump = await pgliteOf(handle)!.dumpDataDir('gzip');
  const file = path.join(dir, `template-${process.pid}.tar.gz`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('dbTemplate', { kind: 'pglite', file });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
