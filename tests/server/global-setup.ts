import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDb } from '../../db/client';
import { migrate } from '../../db/migrate';
import { readRegions, seedRegions } from '../../db/seed/regions';
import { seedDemo } from '../../scripts/demo/demo';
import { installJobs } from '../../app/lib/jobs.server';
import { testDbPrefix, withDatabase } from '../support/global-setup';
import { TEST_AUDIT_KEY } from '../support/audit-key';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder holding a private copy of the production build and server.js. */
    serverApp: string;
    /** With DATABASE_URL: a migrated, seeded template database that servers' databases are copied from. */
    serverDbTemplate: { url: string; template: string; prefix: string } | null;
  }
}

/** What `node server.js` needs beside itself; everything else it reads relative to the checkout. */
export const APP_FILES = ['build', 'server.js'];

/**
 * Once per run: build the app and copy the build into a private folder (a build in the checkout
 * while the tests run must not swap assets under a running server), and, on PostgreSQL, seed a
 * template database once.
 */
export default async function setup(project: TestProject) {
  const root = path.resolve('.');
  const app = path.resolve('.data/server-test-app');
  const r = spawnSync('npx', ['remix', 'vite:build'], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error(`remix vite:build failed:\n${r.stdout}\n${r.stderr}`);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  for (const f of APP_FILES) if (existsSync(path.join(root, f))) cpSync(path.join(root, f), path.join(app, f), { recursive: true });
  project.provide('serverApp', app);

  const url = process.env.DATABASE_URL;
  // The template's audit rows are signed with the key every test server is started with (startApp).
  process.env.AUDIT_HMAC_KEY = TEST_AUDIT_KEY;
  if (!url) {
    project.provide('serverDbTemplate', null);
    return () => rmSync(app, { recursive: true, force: true });
  }
  const prefix = `${testDbPrefix(url)}_srv`;
  const template = `${prefix}_template`;
  const dropAll = async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} });
    const left = await a<{ datname: string }[]>`SELECT datname FROM pg_database WHERE datname = ${template} OR datname LIKE ${`${prefix}\\_w\\_%`}`;
    for (const { datname } of left) await a.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await a.end();
  };
  await dropAll();
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${template}"`);
  await admin.end();
  const handle = openDb({ url: withDatabase(url, template), max: 1 });
  await migrate(handle.db);
  // The demo's use cases enqueue jobs (deadlines, notifications) in their transactions.
  await installJobs(handle, withDatabase(url, template));
  await seedRegions(handle.db, readRegions());
  await seedDemo(handle.db);
  await handle.close();
  project.provide('serverDbTemplate', { url, template, prefix });
  return async () => {
    await dropAll();
    rmSync(app, { recursive: true, force: true });
  };
}
