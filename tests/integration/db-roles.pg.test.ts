import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb, type DbHandle } from '#db/client';
import { HISTORY_TABLES, roleExposure } from '#db/roles';
import { auditEvents, filingApplications } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import * as login from '~/routes/login';
import * as filingPage from '~/routes/filings.$id';
import { appDb } from '~/lib/db.server';
import { auditKey } from '~/lib/audit-key.server';
import { resetEnvForTests } from '~/lib/env.server';
import { shutdown, startup } from '~/lib/startup.server';
import { enqueue, QUEUES } from '~/lib/jobs.server';
import { rowsOf } from '#db/migrate';
import { verifyAuditChain } from '~/queries/audit.server';
import { withDatabase } from '../support/global-setup';
import { callRoute } from '../support/routes';

/**
 * Production's two roles on a fresh database: the owner migrates (at start, MIGRATION_DATABASE_URL)
 * and grants; the app seeds and serves under the runtime role, which cannot rewrite history.
 * Roles are cluster-wide: named after this run's test database prefix, dropped at the end.
 */
const tpl = inject('dbTemplate');
if (tpl.kind !== 'postgres') throw new Error('db-roles.pg.test.ts runs on PostgreSQL only');
const suffix = randomBytes(3).toString('hex');
const OWNER = `${tpl.prefix}_owner_${suffix}`;
const APP = `${tpl.prefix}_app_${suffix}`;
const DB = `${tpl.prefix}_w_${process.pid}_roles_${suffix}`;
const asRole = (role: string) => {
  const u = new URL(withDatabase(tpl.url, DB));
  u.username = role;
  u.password = '';
  return u.toString();
};

const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
const saved = { DATABASE_URL: process.env.DATABASE_URL };
const log: string[] = [];
let app: postgres.Sql;
let owner: DbHandle;

beforeAll(async () => {
  await admin.unsafe(`CREATE ROLE "${OWNER}" LOGIN`);
  await admin.unsafe(`CREATE ROLE "${APP}" LOGIN`);
  await admin.unsafe(`CREATE DATABASE "${DB}" OWNER "${OWNER}"`);
  process.env.DATABASE_URL = asRole(APP);
  process.env.MIGRATION_DATABASE_URL = asRole(OWNER);
  resetEnvForTests();
  await startup((line) => log.push(line));
  app = postgres(asRole(APP), { max: 1, onnotice: () => {} });
  owner = openDb({ url: asRole(OWNER), max: 1 });
}, 180_000);

afterAll(async () => {
  await shutdown();
  await app?.end();
  await owner?.close();
  process.env.DATABASE_URL = saved.DATABASE_URL;
  delete process.env.MIGRATION_DATABASE_URL;
  resetEnvForTests();
  await admin.unsafe(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin.unsafe(`DROP ROLE IF EXISTS "${APP}"`);
  await admin.unsafe(`DROP ROLE IF EXISTS "${OWNER}"`);
  await admin.end();
});

/** The SQLSTATE and message a statement run as the runtime role fails with ('ok' if it runs). */
async function refusal(statement: string): Promise<string> {
  return app.unsafe(statement).then(
    () => 'ok',
    (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
  );
}

describe('production roles: the owner migrates, the app runs as a role that owns nothing', () => {
  it('start-up migrates as the owner and grants the runtime role, which then seeds and takes a checkpoint', async () => {
    expect(log.join('\n')).toContain(`migrations run as postgres://${OWNER}@`);
    expect(log.join('\n')).toMatch(/migrations applied now: 0000_foundation, .*0014_audit_keyed_chain/);
    expect(log.join('\n')).toMatch(/seeded 21809 regions/);
    expect(log.join('\n')).toMatch(/^AUDIT-CHECKPOINT \{/m);
    const [notOwned] =
      await app`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S') AND pg_get_userbyid(relowner) <> ${OWNER}`;
    expect(notOwned).toEqual({ n: 0 });
    expect(await roleExposure(appDb().db)).toEqual({ role: APP, superuser: false, writable: [] });
    expect(await roleExposure(owner.db)).toEqual({ role: OWNER, superuser: false, writable: [...HISTORY_TABLES].sort() });
  });

  it('the app works under it: a demo account signs in, the committee passes a filing, the audit chain verifies', async () => {
    const signedIn = await callRoute(login.action, { url: '/login', form: { identifier: 'committee@demo.cn', password: 'Demo@2026pass', next: '/filings' } });
    expect(signedIn.status).toBe(302);
    const cookie = signedIn.headers.get('Set-Cookie')!.split(';')[0]!;
    const db = appDb().db;
    const [waiting] = await db
      .select()
      .from(filingApplications)
      .where(and(eq(filingApplications.status, 'submitted'), eq(filingApplications.regionCode, DEMO.community)))
      .limit(1);
    const passed = await callRoute(filingPage.action, { url: `/filings/${waiting!.id}`, cookie, params: { id: waiting!.id }, form: { intent: 'pass' } });
    expect(passed).toMatchObject({ status: 200, data: { done: 'pass' } });
    const [after] = await db.select().from(filingApplications).where(eq(filingApplications.id, waiting!.id));
    expect(after!.status).toBe('firstReviewPassed');
    const rows = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, waiting!.id));
    expect(rows.map((r) => r.action)).toContain('filing.pass');
    expect(await verifyAuditChain(db, auditKey().bytes)).toMatchObject({ ok: true });
  });

  it('cannot UPDATE, DELETE or TRUNCATE the audit log or the ledger, nor set a history sequence', async () => {
    for (const table of HISTORY_TABLES) {
      for (const statement of [`UPDATE ${table} SET id = id`, `DELETE FROM ${table}`, `TRUNCATE ${table}`]) {
        expect(await refusal(statement), statement).toBe(`42501: permission denied for table ${table}`);
      }
    }
    expect(await refusal(`SELECT setval('audit_events_id_seq', 1)`)).toBe('42501: permission denied for sequence audit_events_id_seq');
  });

  it('cannot disable, drop or replace the append-only triggers, drop the tables, or switch triggers off for its session', async () => {
    const owner = (kind: string, name: string) => `42501: must be owner of ${kind} ${name}`;
    for (const table of HISTORY_TABLES) {
      expect(await refusal(`ALTER TABLE ${table} DISABLE TRIGGER ALL`)).toBe(owner('table', table));
      expect(await refusal(`DROP TABLE ${table} CASCADE`)).toBe(owner('table', table));
      expect(await refusal(`ALTER TABLE ${table} OWNER TO "${APP}"`)).toBe(owner('table', table));
      expect(await refusal(`CREATE TRIGGER t_${suffix} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`)).toBe(
        `42501: permission denied for table ${table}`,
      );
    }
    expect(await refusal('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update')).toBe(owner('table', 'audit_events'));
    expect(await refusal('DROP TRIGGER audit_events_no_update ON audit_events')).toBe(owner('relation', 'audit_events'));
    expect(await refusal('DROP TRIGGER ledger_entries_no_change ON ledger_entries')).toBe(owner('relation', 'ledger_entries'));
    // Replacing a trigger's function with a no-op: it may not even create in the schema.
    for (const fn of ['audit_events_refuse_change', 'ledger_refuse_change']) {
      expect(await refusal(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql`)).toBe(
        '42501: permission denied for schema public',
      );
      expect(await refusal(`ALTER FUNCTION ${fn}() RENAME TO ${fn}_old`)).toBe(owner('function', fn));
    }
    expect(await refusal('SET session_replication_role = replica')).toBe('42501: permission denied to set parameter "session_replication_role"');
    // A GRANT by a non-owner only warns; nothing is granted.
    await app.unsafe(`GRANT UPDATE, DELETE, TRUNCATE ON audit_events TO "${APP}"`);
    const [can] =
      await app`SELECT has_table_privilege('audit_events', 'UPDATE') OR has_table_privilege('audit_events', 'DELETE') OR has_table_privilege('audit_events', 'TRUNCATE') AS any`;
    expect(can).toEqual({ any: false });
    // And the chain is as it was.
    expect(await verifyAuditChain(appDb().db, auditKey().bytes)).toMatchObject({ ok: true });
  });

  it('the job queue is the owner’s: the runtime role’s workers run its jobs and it cannot create anything in it', async () => {
    expect(log.join('\n')).toContain('jobs: workers started');
    const [notOwned] =
      await app`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'pgboss'::regnamespace AND relkind IN ('r', 'p', 'S') AND pg_get_userbyid(relowner) <> ${OWNER}`;
    expect(notOwned).toEqual({ n: 0 });
    expect(await refusal('CREATE TABLE pgboss.intruder (id int)')).toBe('42501: permission denied for schema pgboss');
    expect(await refusal(`SELECT pgboss.create_queue('intruder', '{}'::json)`)).toMatch(/^42501: permission denied for schema pgboss/);
    // A sweep enqueued by the app is taken, run and recorded done by this process's workers, all as the runtime role.
    const db = appDb().db;
    const id = await db.transaction((tx) => enqueue(tx, QUEUES.sweep, {}, { singletonKey: `roles-test-${suffix}` }));
    const until = Date.now() + 30_000;
    let state = '';
    while (state !== 'completed' && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      state = rowsOf<{ state: string }>(await db.execute(sql`SELECT state FROM pgboss.job WHERE id = ${id}::uuid`))[0]?.state ?? '';
    }
    expect(state).toBe('completed');
  });

  it('a process started with DATABASE_URL alone, once migrations ran, does not try to migrate nor create the job queue', async () => {
    await shutdown();
    delete process.env.MIGRATION_DATABASE_URL;
    resetEnvForTests();
    const lines: string[] = [];
    await startup((line) => lines.push(line));
    expect(lines.join('\n')).toContain('migrations applied now: none');
    expect(lines.join('\n')).toContain('jobs: workers started');
  });
});
