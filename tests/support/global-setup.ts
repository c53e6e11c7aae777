import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb, pgliteOf } from '../../db/client';
import { migrate } from '../../db/migrate';
import { readRegions, seedRegions } from '../../db/seed/regions';
import { seedDemo } from '../../scripts/demo/demo';
import { installJobs } from '../../app/lib/jobs.server';
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
    await installJobs(handle, templateUrl);
    await seedRegions(handle.db, readRegions());
    await seedDemo(handle.db);
    await handle.close();
    project.provide('dbTemplate', { kind: 'postgres', url, template: TEMPLATE_DB, prefix });
    return async () => {
      const a = postgres(url, { max: 1, onnotice: () => {} });
      const left = await a<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname = ${TEMPLATE_DB} OR datname LIKE ${`${prefix}\\_w\\_%`}`;
      for (const { datname } of left) await a.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await a.end();
      rmSync(path.resolve('tests/.tmp'), { recursive: true, force: true });
    };
  }
  // Temp files of this run (audit checkpoints, …) go to tests/.tmp, removed when the run ends.
  const tmp = path.resolve('tests/.tmp');
  mkdirSync(tmp, { recursive: true });
  const teardown = () => rmSync(tmp, { recursive: true, force: true });
  const key = templateKey();
  const cached = path.join(TEMPLATE_CACHE_DIR, `template-${key}.tar.gz`);
  if (process.env.TEST_TEMPLATE_CACHE !== '0' && existsSync(cached)) {
    project.provide('dbTemplate', { kind: 'pglite', file: cached });
    return teardown;
  }
  const handle = openDb({ dataDir: 'memory://' });
  await migrate(handle.db);
  await installJobs(handle);
  await seedRegions(handle.db, readRegions());
  await seedDemo(handle.db);
  const dump = await pgliteOf(handle)!.dumpDataDir('gzip');
  await handle.close();
  // Only the newest template is kept; written under a private name and renamed, so a run starting
  // meanwhile never reads half a file.
  mkdirSync(TEMPLATE_CACHE_DIR, { recursive: true });
  for (const old of readdirSync(TEMPLATE_CACHE_DIR)) if (old !== path.basename(cached)) rmSync(path.join(TEMPLATE_CACHE_DIR, old), { force: true });
  const part = `${cached}.${process.pid}.part`;
  writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
  renameSync(part, cached);
  project.provide('dbTemplate', { kind: 'pglite', file: cached });
  return teardown;
}

/** Where the seeded PGlite template is kept between runs (PostgreSQL runs seed their template every run). */
const TEMPLATE_CACHE_DIR = path.resolve('node_modules/.cache/test-db-template');

/**
 * Everything the template is built from: migrations, the schema and seeds (db/, scripts/), the use
 * cases and rules the demo seed drives, the region extract, this file and the lock file. A change to
 * any of them builds a new template. So does a new day in China: the demo seed places deadlines
 * relative to the day it runs (a bid deadline 14 days ahead), and a template must not outlive that.
 */
const TEMPLATE_INPUTS = [
  'drizzle',
  'db',
  'scripts',
  'app/services',
  'app/domain',
  'app/lib',
  'app/auth',
  'app/schemas',
  'app/queries',
  'tests/support/global-setup.ts',
  'tests/support/audit-key.ts',
  'package-lock.json',
];

function templateKey(): string {
  const h = createHash('sha256');
  const files = TEMPLATE_INPUTS.flatMap((p) => filesUnder(path.resolve(p))).sort();
  for (const f of files) {
    h.update(path.relative('.', f)).update('\0').update(readFileSync(f)).update('\0');
  }
  h.update(`${process.env.REGIONS_FILE ?? ''}\0${process.env.MIGRATIONS_DIR ?? ''}\0`);
  h.update(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
  return h.digest('hex').slice(0, 16);
}

function filesUnder(p: string): string[] {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
