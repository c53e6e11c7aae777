import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDb, type DbHandle } from '../../db/client';
import { roleAssignments, users } from '../../db/schema';
import type { Actor } from '~/domain/permissions';

/** A fresh copy of the seeded template database for this test file (on PostgreSQL, with its URL). */
export async function createTestDb(): Promise<DbHandle & { url?: string; drop(): Promise<void> }> {
  const tpl = inject('dbTemplate');
  if (tpl.kind === 'pglite') {
    const blob = new Blob([readFileSync(tpl.file)]);
    const handle = openDb({ dataDir: 'memory://', loadDataDir: blob });
    return { ...handle, drop: () => handle.close() };
  }
  const name = `${tpl.prefix}_w_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${tpl.template}"`);
  await admin.end();
  const u = new URL(tpl.url);
  u.pathname = `/${name}`;
  const handle = openDb({ url: u.toString(), max: 20 });
  return {
    ...handle,
    url: u.toString(),
    drop: async () => {
      await handle.close();
      const a = postgres(tpl.url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Opens a test database for the file and installs it as the app's database (for route tests). */
export function setupTestDb() {
  const box = {} as { handle: DbHandle & { drop(): Promise<void> } };
  beforeAll(async () => {
    box.handle = await createTestDb();
    (globalThis as { __appDb?: DbHandle }).__appDb = box.handle;
  });
  afterAll(async () => {
    (globalThis as { __appDb?: DbHandle }).__appDb = undefined;
    await box.handle?.drop();
  });
  return {
    get db() {
      return box.handle.db;
    },
    get handle() {
      return box.handle;
    },
  };
}

export const isPostgres = () => inject('dbTemplate').kind === 'postgres';

/** The actor of a seeded demo account, with its role assignments. */
export async function actorByEmail(db: DbHandle['db'], email: string): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error(`no demo user ${email}`);
  const assignments = await db
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, user.id));
  return { userId: user.id, assignments };
}
