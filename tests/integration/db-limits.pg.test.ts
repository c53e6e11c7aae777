import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, poolOf, type DbHandle, type DbLimits } from '../../db/client';
import { classifyDbFault } from '~/lib/db-faults';
import { createTestDb } from '../support/db';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

// Short limits so the file runs in seconds; the server tests use the defaults.
const LIMITS: DbLimits = { statementTimeoutMs: 800, lockTimeoutMs: 400, poolWaitMs: 300, connectTimeoutMs: 500 };
const ANSWER_MS = LIMITS.statementTimeoutMs + 1_000;

let base: Awaited<ReturnType<typeof createTestDb>>;
let url: string;
const opened: DbHandle[] = [];

function open(u = url, max = 2) {
  const h = openDb({ url: u, max, limits: LIMITS });
  opened.push(h);
  return h;
}

/** How a call failed (the classified fault) and how long it took. */
async function outcome(p: Promise<unknown>) {
  const t0 = performance.now();
  try {
    await p;
    return { ok: true as const, ms: performance.now() - t0, fault: null, code: null };
  } catch (e) {
    const fault = classifyDbFault(e);
    return { ok: false as const, ms: performance.now() - t0, fault: fault?.problem ?? null, code: fault?.code ?? String((e as Error).message) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  base = await createTestDb();
  url = base.url!;
  await base.db.execute(sql`CREATE TABLE pool_probe (v text)`);
});
afterAll(async () => {
  for (const h of opened) await h.close().catch(() => {});
  await base?.drop();
});

describe('the guarded pool on PostgreSQL', () => {
  it('a query that finds no free connection within the pool wait limit fails, and never runs later', async () => {
    const h = open();
    // drizzle's query builders run when awaited: start both now.
    const busy = [Promise.resolve(h.db.execute(sql`SELECT pg_sleep(0.6)`)), h.db.transaction((tx) => tx.execute(sql`SELECT pg_sleep(0.6)`))];
    await sleep(50);
    const late = await outcome(h.db.execute(sql`INSERT INTO pool_probe VALUES ('late')`));
    console.log(`pool wait: refused after ${Math.round(late.ms)} ms (limit ${LIMITS.poolWaitMs} ms)`);
    expect(late).toMatchObject({ ok: false, fault: 'timeout', code: 'DB_POOL_TIMEOUT' });
    expect(late.ms).toBeGreaterThanOrEqual(LIMITS.poolWaitMs - 20);
    expect(late.ms).toBeLessThan(550);
    await Promise.all(busy);
    await sleep(300);
    const rows = await base.db.execute(sql`SELECT count(*)::int AS n FROM pool_probe WHERE v = 'late'`);
    expect((rows as unknown as { n: number }[])[0]!.n).toBe(0);
    expect(poolOf(h)!.stats()).toMatchObject({ available: 2, waiting: 0 });
    await h.db.execute(sql`INSERT INTO pool_probe VALUES ('on time')`);
  });

  it('the server cancels a statement that runs past the statement timeout', async () => {
    const h = open();
    const r = await outcome(h.db.execute(sql`SELECT pg_sleep(5)`));
    console.log(`statement timeout: cancelled after ${Math.round(r.ms)} ms (limit ${LIMITS.statementTimeoutMs} ms)`);
    expect(r).toMatchObject({ ok: false, fault: 'timeout', code: '57014' });
    expect(r.ms).toBeLessThan(2_000);
  });

  it('a held lock fails queries and transactions after the lock timeout, and their connections come back', async () => {
    const h = open();
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    const session = await holder.reserve();
    try {
      await session`BEGIN`;
      await session`LOCK TABLE pool_probe IN ACCESS EXCLUSIVE MODE`;
      const read = outcome(h.db.execute(sql`SELECT count(*) FROM pool_probe`));
      const write = outcome(h.db.transaction((tx) => tx.execute(sql`INSERT INTO pool_probe VALUES ('locked out')`)));
      const third = outcome(h.db.execute(sql`SELECT count(*) FROM pool_probe`));
      const [r, w, t] = await Promise.all([read, write, third]);
      console.log(
        `lock held: read ${Math.round(r.ms)} ms (${r.code}), transaction ${Math.round(w.ms)} ms (${w.code}), third ${Math.round(t.ms)} ms (${t.code})`,
      );
      expect(r).toMatchObject({ ok: false, fault: 'timeout', code: '55P03' });
      expect(w).toMatchObject({ ok: false, fault: 'timeout', code: '55P03' });
      // Two connections, both waiting for the lock: the third waits for a connection, not for the lock.
      expect(t).toMatchObject({ ok: false, fault: 'timeout', code: 'DB_POOL_TIMEOUT' });
      for (const x of [r, w, t]) expect(x.ms).toBeLessThan(1_500);
      expect(poolOf(h)!.stats()).toMatchObject({ available: 2, waiting: 0 });
    } finally {
      await session`ROLLBACK`;
      session.release();
      await holder.end();
    }
    expect(await outcome(h.db.execute(sql`SELECT count(*) FROM pool_probe`))).toMatchObject({ ok: true });
    const rows = await base.db.execute(sql`SELECT count(*)::int AS n FROM pool_probe WHERE v = 'locked out'`);
    expect((rows as unknown as { n: number }[])[0]!.n).toBe(0);
  });
});

describe('the guarded pool behind a faulty network path', () => {
  let proxy: TcpProxy;
  let proxied: string;
  beforeAll(async () => {
    const u = new URL(url);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    u.port = String(proxy.port);
    proxied = u.toString();
  });
  afterAll(async () => {
    await proxy?.close();
  });

  it('a frozen server: queries give up after statement timeout + 1 s, the pool is rebuilt, and it serves again when the path heals', async () => {
    await proxy.set('forward');
    const h = open(proxied);
    const pool = poolOf(h)!;
    expect(await outcome(h.db.execute(sql`SELECT 1`))).toMatchObject({ ok: true });

    await proxy.set('blackhole');
    const stuck = await outcome(h.db.execute(sql`SELECT 1`));
    console.log(`frozen connection: gave up after ${Math.round(stuck.ms)} ms (${stuck.code}); answer limit ${ANSWER_MS} ms`);
    expect(stuck).toMatchObject({ ok: false, fault: 'timeout', code: 'DB_NO_RESPONSE' });
    expect(stuck.ms).toBeGreaterThan(ANSWER_MS - 50);
    expect(stuck.ms).toBeLessThan(ANSWER_MS + 1_000);
    expect(pool.stats().rebuilds).toBe(1);

    // The new pool's connections are accepted and never answered: the connect timeout ends them.
    const connecting = await outcome(h.db.transaction((tx) => tx.execute(sql`SELECT 1`)));
    console.log(`black hole, new connection: gave up after ${Math.round(connecting.ms)} ms (${connecting.code})`);
    expect(connecting).toMatchObject({ ok: false, fault: 'timeout', code: 'CONNECT_TIMEOUT' });
    expect(connecting.ms).toBeLessThan(LIMITS.connectTimeoutMs + 1_000);

    await proxy.set('forward');
    const back = await untilOk(() => h.db.execute(sql`SELECT 1`), 5_000);
    console.log(`path healed: first answer after ${Math.round(back)} ms`);
    expect(pool.stats()).toMatchObject({ available: 2, waiting: 0, rebuilds: 1 });
  });

  it('a transaction whose server freezes mid-way fails and gives its connection back', async () => {
    await proxy.set('forward');
    const h = open(proxied);
    const r = await outcome(
      h.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1`);
        await proxy.set('blackhole');
        await tx.execute(sql`INSERT INTO pool_probe VALUES ('frozen')`);
      }),
    );
    console.log(`frozen mid-transaction: failed after ${Math.round(r.ms)} ms (${r.code})`);
    expect(r).toMatchObject({ ok: false, fault: 'timeout', code: 'DB_NO_RESPONSE' });
    expect(r.ms).toBeLessThan(ANSWER_MS + 1_500);
    await proxy.set('forward');
    await untilOk(() => h.db.execute(sql`SELECT 1`), 5_000);
    expect(poolOf(h)!.stats()).toMatchObject({ available: 2, waiting: 0 });
  });

  it('refused connections fail at once, and the same pool reconnects when the server listens again', async () => {
    await proxy.set('forward');
    const h = open(proxied);
    expect(await outcome(h.db.execute(sql`SELECT 1`))).toMatchObject({ ok: true });
    await proxy.set('refuse');
    const cut = await outcome(h.db.execute(sql`SELECT 1`));
    const refused = await outcome(h.db.execute(sql`SELECT 1`));
    console.log(`refused: ${Math.round(cut.ms)} ms (${cut.code}), then ${Math.round(refused.ms)} ms (${refused.code})`);
    expect(cut).toMatchObject({ ok: false });
    expect(['refused', 'reset']).toContain(cut.fault);
    expect(refused).toMatchObject({ ok: false, fault: 'refused', code: 'ECONNREFUSED' });
    expect(refused.ms).toBeLessThan(1_500);
    const acceptedBefore = proxy.accepted();
    await proxy.set('forward');
    const back = await untilOk(() => h.db.execute(sql`SELECT 1`), 5_000);
    console.log(`listening again: first answer after ${Math.round(back)} ms`);
    expect(proxy.accepted()).toBeGreaterThan(acceptedBefore);
  });
});

/** Retries `fn` until it succeeds; returns how long that took. */
async function untilOk(fn: () => Promise<unknown>, withinMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    try {
      await fn();
      return performance.now() - t0;
    } catch (e) {
      if (performance.now() - t0 > withinMs) throw e;
      await sleep(100);
    }
  }
}
