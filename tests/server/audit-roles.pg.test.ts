import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_AUDIT_KEY } from '../support/audit-key';
import { withDatabase } from '../support/global-setup';
import { Client, serverCheckpointDir, startApp, type AppProcess } from './support';

/**
 * The README's production recipe, as a process: an empty database owned by the owner role, the
 * server started with DATABASE_URL (runtime role) and MIGRATION_DATABASE_URL (owner). It migrates,
 * grants, seeds and serves; a committee passes a filing over HTTP; the chain verifies.
 */
const tpl = inject('serverDbTemplate')!;
const suffix = randomBytes(3).toString('hex');
const OWNER = `${tpl.prefix}_owner_${suffix}`;
const APP = `${tpl.prefix}_app_${suffix}`;
const DB = `${tpl.prefix}_w_${process.pid}_roles_${suffix}`;
const asRole = (role: string) => {
  const u = new URL(withDatabase(tpl.url, DB));
  u.username = role;
  return u.toString();
};
const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
let app: AppProcess | undefined;

beforeAll(async () => {
  await admin.unsafe(`CREATE ROLE "${OWNER}" LOGIN`);
  await admin.unsafe(`CREATE ROLE "${APP}" LOGIN`);
  await admin.unsafe(`CREATE DATABASE "${DB}" OWNER "${OWNER}"`);
  app = await startApp({ env: { DATABASE_URL: asRole(APP), MIGRATION_DATABASE_URL: asRole(OWNER) } });
});

afterAll(async () => {
  await app?.stop();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin.unsafe(`DROP ROLE IF EXISTS "${APP}"`);
  await admin.unsafe(`DROP ROLE IF EXISTS "${OWNER}"`);
  await admin.end();
});

describe('production on PostgreSQL with an owner role and a runtime role', () => {
  it('migrates as the owner, serves as the runtime role without the ownership warning, and the audit chain verifies', async () => {
    expect(app!.output()).toContain(`migrations run as postgres://${OWNER}@`);
    expect(app!.output()).toContain(`runtime role ${APP} granted`);
    expect(app!.output()).not.toContain('WARNING');

    const committee = await new Client(app!.url).signIn('committee@demo.cn');
    const db = postgres(asRole(APP), { max: 1, onnotice: () => {} });
    try {
      const [waiting] = await db<{ id: string }[]>`SELECT id FROM filing_applications WHERE status = 'submitted' AND region_code = '610113001002' LIMIT 1`;
      const r = await committee.post(`/filings/${waiting!.id}`, { intent: 'pass' });
      expect(r.status).toBe(200);
      const [after] = await db<{ status: string }[]>`SELECT status FROM filing_applications WHERE id = ${waiting!.id}`;
      expect(after!.status).toBe('firstReviewPassed');
    } finally {
      await db.end();
    }
    expect(await app!.stop()).toBe(0);

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: asRole(APP),
      AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
      AUDIT_CHECKPOINT_DIR: serverCheckpointDir(),
    };
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], { env, encoding: 'utf8' });
    expect(stdout).toMatch(/audit chain intact: \d+ rows verified \(postgres\); matches the checkpoint of /);
  });
});
