import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { Client, createServerDb, startApp, type AppProcess } from './support';

// The server runs with the default limits (app/lib/env.server.ts): statement 5 s, lock 2 s, pool
// wait 2 s, connect 2 s. A page must give up within about lock + pool wait (+ 2 s for a loaded
// machine); on a frozen connection within statement timeout + 1 s (+ 2 s).
const PAGE_MS = 6_000;
const FROZEN_MS = 8_000;
const HEALTH_MS = 1_000;

const ZH = '系统暂时繁忙';
const EN = 'The system is busy';

interface Answer {
  what: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: string;
}

async function timed(what: string, call: () => Promise<Response>): Promise<Answer> {
  const t0 = performance.now();
  const r = await call();
  const body = await r.text();
  return { what, status: r.status, ms: Math.round(performance.now() - t0), retryAfter: r.headers.get('retry-after'), body };
}

function report(title: string, answers: Answer[]) {
  console.log(`${title}\n${answers.map((a) => `  ${a.what.padEnd(28)} ${a.status} in ${String(a.ms).padStart(5)} ms`).join('\n')}`);
}

/** The ways a person meets a database fault: a Chinese page, an English page, a `.data` fetch, a resource route. */
function expectUnavailable(answers: Answer[], withinMs: number) {
  for (const a of answers) {
    expect(a.status, a.what).toBe(503);
    expect(Number(a.retryAfter), a.what).toBeGreaterThan(0);
    expect(a.ms, a.what).toBeLessThan(withinMs);
    if (a.what.startsWith('page zh')) expect(a.body, a.what).toContain(ZH);
    if (a.what.startsWith('page en')) {
      expect(a.body, a.what).toContain(EN);
      expect(a.body, a.what).toContain('lang="en"');
    }
    if (a.what.startsWith('data') || a.what.startsWith('resource')) expect(a.body, a.what).toContain('errors.unavailable');
  }
}

async function health(url: string) {
  const t0 = performance.now();
  const r = await fetch(`${url}/healthz`);
  const json = (await r.json()) as Record<string, unknown>;
  return { status: r.status, ms: Math.round(performance.now() - t0), json, retryAfter: r.headers.get('retry-after') };
}

async function until200(call: () => Promise<Response>, withinMs: number): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const r = await call().catch(() => null);
    await r?.arrayBuffer();
    if (r?.status === 200) return Math.round(performance.now() - t0);
    if (performance.now() - t0 > withinMs) throw new Error(`still ${r?.status} after ${withinMs} ms`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function signedIn(url: string) {
  const zh = await new Client(url).signIn('bureau@demo.cn');
  const en = await new Client(url).signIn('admin@demo.cn');
  en.cookie += '; lang=en';
  return { zh, en };
}

/** Pages and `.data` of signed-in people, `rounds` of each at once. */
function burst(people: { zh: Client; en: Client }, rounds: number) {
  const calls: Promise<Answer>[] = [];
  for (let i = 0; i < rounds; i++) {
    calls.push(timed(`page zh /workspace #${i}`, () => people.zh.get('/workspace')));
    calls.push(timed(`page en /workspace #${i}`, () => people.en.get('/workspace')));
    calls.push(timed(`data /workspace.data #${i}`, () => people.zh.get('/workspace.data')));
    calls.push(timed(`resource payments.csv #${i}`, () => people.zh.get('/contracts/payments.csv')));
  }
  return Promise.all(calls);
}

describe('a lock held on the sessions table', () => {
  let app: AppProcess;
  let database: Awaited<ReturnType<typeof createServerDb>>;
  beforeAll(async () => {
    database = await createServerDb();
    app = await startApp({ env: { DATABASE_URL: database.url } });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
  });

  it('signed-in pages and .data answer 503 with Retry-After within seconds, /healthz within one second; all serve again on release', async () => {
    const people = await signedIn(app.url);
    expect((await people.zh.get('/workspace')).status).toBe(200);

    const holder = postgres(database.url, { max: 1, onnotice: () => {} });
    const session = await holder.reserve();
    try {
      await session`BEGIN`;
      await session`LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE`;

      // Five of each at once: more requests than the pool's ten connections.
      const pending = burst(people, 5);
      await new Promise((r) => setTimeout(r, 300));
      const busy = await health(app.url);
      const answers = await pending;
      report('sessions locked, 20 signed-in requests at once:', answers);
      console.log(`  /healthz meanwhile: ${busy.status} in ${busy.ms} ms ${JSON.stringify(busy.json)}`);
      expectUnavailable(answers, PAGE_MS);
      expect(busy.status).toBe(503);
      expect(busy.ms).toBeLessThan(HEALTH_MS);
      expect(busy.json).toMatchObject({ ok: false, database: 'postgres', problem: 'timeout' });

      // The pool is free again, the lock still held: /healthz names the lock.
      const locked = await health(app.url);
      console.log(`  /healthz after the burst: ${locked.status} in ${locked.ms} ms ${JSON.stringify(locked.json)}`);
      expect(locked).toMatchObject({ status: 503, json: { ok: false, database: 'postgres', problem: 'timeout', code: '55P03' } });
      expect(locked.ms).toBeLessThan(HEALTH_MS);
      expect(Number(locked.retryAfter)).toBeGreaterThan(0);

      // A visitor's page does not read the sessions table: one lock no longer stalls everything.
      const visitor = await timed('visitor /orgs', () => new Client(app.url).get('/orgs'));
      console.log(`  visitor /orgs: ${visitor.status} in ${visitor.ms} ms`);
      expect(visitor.status).toBe(200);
    } finally {
      await session`ROLLBACK`;
      session.release();
      await holder.end();
    }

    const again = await burst(people, 1);
    report('lock released:', again);
    for (const a of again) expect(a.status, a.what).toBe(200);
    expect(await health(app.url)).toMatchObject({ status: 200, json: { ok: true, database: 'postgres', migrations: { pending: [] } } });
    expect(app.proc.exitCode).toBeNull();
  });

  it('when the server ends every connection (as an administrator or a restart does), nothing answers 500 and the same process serves on', async () => {
    const people = await signedIn(app.url);
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const ended = await admin<{ n: number }[]>`
        SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      expect(ended[0]!.n).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const answers = await burst(people, 2);
    report('after pg_terminate_backend of every app connection:', answers);
    for (const a of answers) {
      expect([200, 503], a.what).toContain(a.status);
      if (a.status === 503) expect(Number(a.retryAfter), a.what).toBeGreaterThan(0);
    }
    await until200(() => people.zh.get('/workspace'), 5_000);
    expect((await health(app.url)).status).toBe(200);
  });
});

describe('a database that refuses connections, then goes silent', () => {
  let app: AppProcess;
  let database: Awaited<ReturnType<typeof createServerDb>>;
  let proxy: TcpProxy;
  beforeAll(async () => {
    database = await createServerDb();
    const u = new URL(database.url);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    u.port = String(proxy.port);
    app = await startApp({ env: { DATABASE_URL: u.toString() } });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 within seconds while refused or black-holed, /healthz within one second, and the same process serves again', async () => {
    const pid = app.proc.pid;
    const people = await signedIn(app.url);
    expect((await people.zh.get('/workspace')).status).toBe(200);

    await proxy.set('refuse');
    const refused = await burst(people, 2);
    const refusedHealth = await health(app.url);
    report('connections refused:', refused);
    console.log(`  /healthz: ${refusedHealth.status} in ${refusedHealth.ms} ms ${JSON.stringify(refusedHealth.json)}`);
    expectUnavailable(refused, PAGE_MS);
    expect(refusedHealth).toMatchObject({ status: 503, json: { ok: false, database: 'postgres', problem: 'refused', code: 'ECONNREFUSED' } });
    expect(refusedHealth.ms).toBeLessThan(HEALTH_MS);

    await proxy.set('forward');
    const back = await until200(() => people.zh.get('/workspace'), 5_000);
    console.log(`  listening again: /workspace 200 after ${back} ms`);
    expect((await health(app.url)).status).toBe(200);

    // Open connections go silent and new ones are accepted but never answered.
    await proxy.set('blackhole');
    const silentHealth = await health(app.url);
    const silent = await burst(people, 2);
    const silentAfter = await burst(people, 1);
    report('black hole (pooled connections frozen, new ones never answered):', [...silent, ...silentAfter]);
    console.log(`  /healthz: ${silentHealth.status} in ${silentHealth.ms} ms ${JSON.stringify(silentHealth.json)}`);
    expect(silentHealth).toMatchObject({ status: 503, json: { ok: false, database: 'postgres', problem: 'timeout' } });
    expect(silentHealth.ms).toBeLessThan(HEALTH_MS);
    expectUnavailable(silent, FROZEN_MS);
    // Once the frozen pool was given up, new connections fail at the connect timeout.
    expectUnavailable(silentAfter, PAGE_MS);
    expect(app.output()).toContain('ending the pool and opening a new one');

    await proxy.set('forward');
    const healed = await until200(() => people.en.get('/workspace'), 5_000);
    console.log(`  path healed: /workspace 200 after ${healed} ms`);
    for (const a of await burst(people, 1)) expect(a.status, a.what).toBe(200);
    expect(await health(app.url)).toMatchObject({ status: 200, json: { ok: true } });
    expect(app.proc.pid).toBe(pid);
    expect(app.proc.exitCode).toBeNull();
  });
});
