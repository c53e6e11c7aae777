import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { withDatabase } from '../support/global-setup';
import { TEST_AUDIT_KEY } from '../support/audit-key';

export const PASSWORD = 'Demo@2026pass';

/** A free TCP port on loopback (the kernel picks one; closed again before the server binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  url: string;
  port: number;
  proc: ChildProcess;
  /** What the process printed (stdout and stderr), for assertions and for failure messages. */
  output(): string;
  /** Resident set size of the process in bytes, from /proc. */
  rss(): number;
  /** SIGTERM and wait for the exit (the server drains and closes its database). */
  stop(): Promise<number | null>;
  /** SIGKILL: no draining, no clean close. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment; DATABASE_URL here makes the server use PostgreSQL. */
  env?: Record<string, string | undefined>;
  /** Reuse this PGlite folder (when no DATABASE_URL); a fresh temporary one otherwise. */
  pgliteDir?: string;
  port?: number;
  /** How long to wait for /healthz to answer 200. */
  readyMs?: number;
}

/** Starts `node server.js` from the private copy of the production build and waits until it is healthy. */
export async function startApp(opts: StartOptions = {}): Promise<AppProcess & { pgliteDir?: string }> {
  const app = inject('serverApp');
  const root = path.resolve('.');
  const port = opts.port ?? (await freePort());
  const usesPg = !!opts.env?.DATABASE_URL;
  const pgliteDir = usesPg ? undefined : (opts.pgliteDir ?? mkdtempSync(path.join(tmpdir(), 'app-srv-')));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    NODE_ENV: 'production',
    PORT: String(port),
    COOKIE_SECURE: '0',
    ENABLE_TEST_CLOCK: '1',
    MIGRATIONS_DIR: path.join(root, 'drizzle'),
    REGIONS_FILE: path.join(root, 'db/seed/data/regions-61.tsv'),
    // Production on PostgreSQL requires the key; every test server shares one, and one checkpoint
    // folder (checkpoints name their database, so servers of different databases do not mix).
    AUDIT_HMAC_KEY: TEST_AUDIT_KEY,
    AUDIT_CHECKPOINT_DIR: serverCheckpointDir(),
    ...(pgliteDir ? { PGLITE_DIR: pgliteDir } : {}),
  };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const proc: ChildProcess = spawn(process.execPath, ['server.js'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.readyMs ?? 90_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`server not healthy within ${opts.readyMs ?? 90_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    proc,
    pgliteDir,
    output: () => out,
    rss: () => {
      const status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return kb * 1024;
    },
    stop: async () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
    },
  };
}

/** Where servers started by startApp write their audit checkpoints (for `npm run audit:verify -- --checkpoints=`). */
export function serverCheckpointDir(): string {
  return path.join(inject('serverApp'), 'audit-checkpoints');
}

/** Removes a PGlite folder made by startApp (after the server stopped). */
export function removeDir(dir: string | undefined) {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * On PostgreSQL: a fresh database copied from the seeded template (see global-setup), for one or
 * more servers to share. Returns its URL and a drop function.
 */
export async function createServerDb(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const tpl = inject('serverDbTemplate');
  if (!tpl) throw new Error('createServerDb needs DATABASE_URL (name the file *.pg.test.ts)');
  const name = `${tpl.prefix}_w_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(tpl.url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${tpl.template}"`);
  await admin.end();
  return {
    url: withDatabase(tpl.url, name),
    name,
    drop: async () => {
      const a = postgres(tpl.url, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** A browser-like client for one person: keeps the session cookie, sends Origin on writes. */
export class Client {
  cookie = '';
  constructor(readonly base: string) {}

  async get(p: string, init: RequestInit = {}) {
    return fetch(new URL(p, this.base), {
      ...init,
      redirect: 'manual',
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...(init.headers as Record<string, string>) },
    });
  }

  /** A form post as a browser sends it (urlencoded, Origin of the app). */
  async post(p: string, form: Record<string, string>, init: RequestInit = {}) {
    return fetch(new URL(p, this.base), {
      method: 'POST',
      redirect: 'manual',
      ...init,
      body: new URLSearchParams(form),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: this.base,
        'sec-fetch-site': 'same-origin',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(init.headers as Record<string, string>),
      },
    });
  }

  async signIn(identifier: string, password = PASSWORD) {
    const r = await this.post('/login', { identifier, password, next: '/' });
    const set = r.headers.get('set-cookie') ?? '';
    const sid = /(?:^|,\s*)sid=([^;]+)/.exec(set)?.[1];
    if (r.status !== 302 || !sid) throw new Error(`sign-in of ${identifier} failed: ${r.status} ${await r.text()}`);
    this.cookie = `sid=${sid}`;
    return this;
  }
}
