/**
 * `npm run bench`: the production build on PostgreSQL with province-scale data, measured with autocannon.
 *
 * Each measured route is paired with a baseline route that renders the same page from constant data
 * and no database, so "route ÷ baseline" is the cost of the data layer on this machine, whatever the
 * machine. Pairs are measured interleaved in rounds (A, B, A, B …) so drift (CPU boost, caches, other
 * load) hits both alike.
 *
 *   BENCH_DATABASE_URL   PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/app_bench);
 *                        created when missing, seeded with `scripts/seed.ts --scale=province` when empty.
 *   BENCH_SECONDS        measured seconds per route (default 10), split over BENCH_ROUNDS (default 2).
 *   BENCH_CONNECTIONS    concurrent connections (default 50).
 *   BENCH_ONLY           measure only the pairs whose route contains this text (e.g. /workspace).
 *
 * Pages for signed-in people (a contract) sign in once as a demo account before the checks; both
 * sides of such a pair are then requested with that session cookie.
 *
 * Exits 0 whether or not the goals are met (it is a measurement); exits 1 when any request failed
 * (non-2xx, connection errors, timeouts) or a page's content check failed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import postgres from 'postgres';
import { en } from '../app/i18n/en';
import { zhCN } from '../app/i18n/zh-CN';
import { DEFAULT_KEY_FILE, resolveAuditKey } from '../app/lib/audit-key.server';
import { BENCH_BUILD_DIR } from '../app/bench/build';

// ---------------------------------------------------------------------------------------------
// What is measured. Later work adds pairs here (e.g. /projects vs its baseline).

interface CheckContext {
  sql: postgres.Sql;
  /** The route as measured (after `resolve`). */
  route: string;
}

/** A Cookie header for the server at `base`, got once before the checks (e.g. by signing in). */
type CookieSource = (base: string) => Promise<string>;

interface Pair {
  /** The real page (resolved from the database first when `resolve` is given). */
  route: string;
  resolve?: (sql: postgres.Sql) => Promise<string>;
  /** The same page from constant data. */
  baseline: string;
  /** Goals: route req/s ≥ minThroughputRatio × baseline; route p99 ≤ maxP99Ratio × baseline. */
  minThroughputRatio: number;
  maxP99Ratio: number;
  /** Content checks on one response of the route (null when fine, else what is wrong). */
  check?: (html: string, ctx: CheckContext) => Promise<string | null>;
  /** What both pages must contain to count as rendered (the baseline's only check); default a table. */
  marker?: string;
  /**
   * A page for signed-in people: this Cookie header goes with every request of the pair (check and
   * autocannon), the baseline's too, so both render the same signed-in layout (the root loader's
   * session lookup is then in both, and route ÷ baseline is the page's own data).
   */
  cookie?: CookieSource;
}

const DEMO_PASSWORD = 'Demo@2026pass';
const sessions = new Map<string, Promise<string>>();

/**
 * Signs in once per account (POST /login as the sign-in form does, with an Origin of the server
 * itself: cross-origin writes are refused) and gives the session cookie as a Cookie header.
 */
function signedInAs(identifier: string, password = DEMO_PASSWORD): CookieSource {
  return (base) => {
    const key = `${base} ${identifier}`;
    let session = sessions.get(key);
    if (!session) {
      session = (async () => {
        const res = await fetch(`${base}/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
          body: new URLSearchParams({ identifier, password, next: '/workspace' }),
          redirect: 'manual',
        });
        const sid = res.headers
          .getSetCookie()
          .map((c) => c.split(';')[0]!)
          .find((c) => c.startsWith('sid=') && c.length > 4);
        if (res.status !== 302 || !sid)
          throw new Error(`signing in as ${identifier} failed: status ${res.status}, no session cookie (is the database seeded with the demo accounts?)`);
        return sid;
      })();
      sessions.set(key, session);
    }
    return session;
  };
}

const ALL_PAIRS: Pair[] = [
  {
    route: '/orgs?category=culture&r1=6101',
    baseline: '/bench/orgs-baseline',
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html, { sql }) => {
      if (!html.includes('<table')) return 'no directory table in the page';
      const rows = (html.match(/<tr/g) ?? []).length - 1; // minus the header row
      if (rows !== 20) return `expected a full page of 20 rows, found ${rows}`;
      // The same filter as searchOrganizations, counted directly: the page must show this total.
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM organizations
        WHERE status <> 'exited' AND region_code LIKE '6101%' AND service_categories @> ARRAY['culture']::text[]`;
      const total = row!.n;
      if (total < 1000) return `only ${total} matching organizations: is the database seeded at province scale?`;
      if (!html.includes(total.toLocaleString('en'))) return `the page does not show the expected total ${total.toLocaleString('en')}`;
      return null;
    },
  },
  {
    route: '/projects?category=elderlyCare&r1=6101',
    baseline: '/bench/projects-baseline',
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html) => {
      const rows = (html.match(/<tr/g) ?? []).length - 1;
      return rows === 20 ? null : `expected a full page of 20 projects, found ${rows}`;
    },
  },
  {
    // An awarded project with five ranked bids, like the baseline's constant project.
    route: '/projects/:id',
    resolve: async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        SELECT p.id FROM projects p JOIN rankings r ON r.project_id = p.id
        WHERE p.status = 'awarded' GROUP BY p.id HAVING count(*) = 5 ORDER BY p.id LIMIT 1`;
      if (!row) throw new Error('no awarded project with 5 ranked bids: is the database seeded at province scale?');
      return `/projects/${row.id}`;
    },
    baseline: '/bench/project-baseline',
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html) => (html.includes('<table') && html.includes('¥') ? null : 'no ranking table with amounts on the project page'),
  },
  {
    // A busy contract of the demo bureau's unit (雁塔区民政局), read by its payer side, as heavy as the
    // baseline's: a hub's contract with 2–3 subcontracts (2 there), its mid-term report returned once
    // then accepted with files attached (3 rounds there, no files), the first tranche paid and the
    // second waiting for the transfer (the same payment form). The scale generator steers a few of the
    // unit's awards to hubs and gives every hub contract that passes work on that story (seed.ts,
    // scripts/seed/contracts-plan.ts); one with a tranche to pay, then the most subcontracts, rounds, files, paid tranches is taken.
    route: '/contracts/:id',
    resolve: async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        SELECT c.id FROM contracts c
        WHERE c.purchaser_role = 'bureauStaff' AND c.purchaser_region_code = '610113' AND c.payer_organization_id IS NULL AND c.status <> 'draft'
          AND (SELECT count(*) FROM contracts s WHERE s.parent_contract_id = c.id) >= 2
          AND EXISTS (SELECT 1 FROM deliverables d WHERE d.contract_id = c.id AND d.status = 'returned')
          AND EXISTS (SELECT 1 FROM deliverables d WHERE d.contract_id = c.id AND d.status = 'accepted')
        ORDER BY EXISTS (SELECT 1 FROM tranches t WHERE t.contract_id = c.id AND t.status = 'unlocked') DESC,
                 (SELECT count(*) FROM contracts s WHERE s.parent_contract_id = c.id) DESC,
                 (SELECT count(*) FROM deliverables d WHERE d.contract_id = c.id) DESC,
                 (SELECT count(*) FROM attachments a WHERE a.contract_id = c.id) DESC,
                 (SELECT count(*) FROM tranches t WHERE t.contract_id = c.id AND t.status = 'paid') DESC, c.id
        LIMIT 1`;
      if (!row) {
        throw new Error(
          'no contract of 雁塔区民政局 (bureauStaff, 610113) with 2 or more subcontracts and a returned then accepted deliverable: ' +
            'is the database seeded at province scale by the current generator? (an older one wrote no deliverables: drop the bench database to re-seed it)',
        );
      }
      return `/contracts/${row.id}`;
    },
    baseline: '/bench/contract-baseline',
    cookie: signedInAs('bureau@demo.cn'),
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html, { sql, route }) => {
      const id = route.split('/')[2]!;
      const [c] = await sql<{ title: string; milestones: number; tranches: number; paid: number }[]>`
        SELECT c.title,
          (SELECT count(*)::int FROM milestones m WHERE m.contract_id = c.id) AS milestones,
          (SELECT count(*)::int FROM tranches t WHERE t.contract_id = c.id) AS tranches,
          (SELECT count(*)::int FROM tranches t WHERE t.contract_id = c.id AND t.status = 'paid') AS paid
        FROM contracts c WHERE c.id = ${id}`;
      if (!c) return 'the contract is gone';
      if (!html.includes(escapeHtml(c.title))) return 'the page does not show the contract title';
      if (![zhCN, en].some((m) => html.includes(m['contract.side.payer'])))
        return 'the page is not shown to the payer side: did signing in as the bureau work?';
      const milestones = (html.match(/<li id="m-/g) ?? []).length;
      if (milestones !== c.milestones) return `expected ${c.milestones} milestones, found ${milestones}`;
      const tranches = (html.match(/<tr id="t-/g) ?? []).length;
      if (tranches !== c.tranches) return `expected ${c.tranches} tranches, found ${tranches}`;
      if (c.paid < 1) return 'the contract has no paid tranche';

      // Subcontracts: one row each (a row header per tranche and per subcontract), with its title and payee.
      const subs = await sql<{ title: string; payee: string }[]>`
        SELECT s.title, o.name AS payee FROM contracts s JOIN organizations o ON o.id = s.payee_organization_id WHERE s.parent_contract_id = ${id}`;
      if (subs.length < 2) return `only ${subs.length} subcontracts (the baseline shows 2)`;
      const rowHeaders = (html.match(/<th scope="row">/g) ?? []).length;
      if (rowHeaders !== c.tranches + subs.length) return `expected ${subs.length} subcontract rows, found ${rowHeaders - c.tranches}`;
      const missingSub = subs.find((s) => !html.includes(escapeHtml(s.title)) || !html.includes(escapeHtml(s.payee)));
      if (missingSub) return `the page does not show the subcontract "${missingSub.title}" to ${missingSub.payee}`;

      // Deliverables: every round with its report, the return reason, and the attached files' links.
      const rounds = await sql<{ report: string; status: string; reason: string | null }[]>`
        SELECT report, status, review_reason AS reason FROM deliverables WHERE contract_id = ${id} ORDER BY submitted_at, round`;
      if (!rounds.some((r) => r.status === 'returned') || !rounds.some((r) => r.status === 'accepted')) return 'no returned and accepted deliverable rounds';
      const roundLabels = Math.max(
        ...[zhCN, en].map((m) => (html.match(new RegExp(`<strong>${m['deliverable.round'].replace('{n}', '\\d+')}</strong>`, 'g')) ?? []).length),
      );
      if (roundLabels !== rounds.length) return `expected ${rounds.length} deliverable rounds, found ${roundLabels}`;
      const missingRound = rounds.find((r) => !html.includes(escapeHtml(r.report)) || (r.reason && !html.includes(escapeHtml(r.reason))));
      if (missingRound) return `the page does not show a ${missingRound.status} round's report or reason`;
      const files = await sql<{ id: string }[]>`SELECT id FROM attachments WHERE contract_id = ${id}`;
      const links = (html.match(/href="\/attachments\//g) ?? []).length;
      if (links !== files.length) return `expected ${files.length} attachment links, found ${links}`;
      return null;
    },
  },
  {
    // A project whose hub contract has the most subcontracts (3 at province scale), then the most payments.
    route: '/projects/:id/funds',
    resolve: async (sql) => {
      const [row] = await sql<{ id: string }[]>`
        SELECT c.project_id AS id FROM contracts c
        WHERE c.parent_contract_id IS NULL AND c.status <> 'draft'
        ORDER BY (SELECT count(*) FROM contracts s WHERE s.parent_contract_id = c.id AND s.status <> 'draft') DESC,
                 (SELECT count(*) FROM tranches t JOIN contracts k ON k.id = t.contract_id
                  WHERE k.project_id = c.project_id AND t.status IN ('paid', 'processing')) DESC, c.project_id
        LIMIT 1`;
      if (!row) throw new Error('no project with a contract: is the database seeded at province scale?');
      return `/projects/${row.id}/funds`;
    },
    baseline: '/bench/funds-baseline',
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html, { sql, route }) => {
      const id = route.split('/')[2]!;
      const [n] = await sql<{ subs: number; payments: number }[]>`
        SELECT
          (SELECT count(*)::int FROM contracts s JOIN contracts c ON c.id = s.parent_contract_id
           WHERE c.project_id = ${id} AND c.status <> 'draft' AND s.status <> 'draft') AS subs,
          (SELECT count(*)::int FROM tranches t JOIN contracts k ON k.id = t.contract_id
           WHERE k.project_id = ${id} AND k.status <> 'draft' AND t.status IN ('paid', 'processing')) AS payments`;
      if (n!.subs < 2) return `only ${n!.subs} subcontracts on the traced project: is the database seeded at province scale?`;
      const subNodes = (html.match(/<h3 id="node-/g) ?? []).length;
      if (subNodes !== n!.subs) return `expected ${n!.subs} subcontract nodes, found ${subNodes}`;
      const paymentRows = (html.match(/<tr/g) ?? []).length - (html.match(/<thead/g) ?? []).length;
      if (paymentRows !== n!.payments) return `expected ${n!.payments} payment rows, found ${paymentRows}`;
      return null;
    },
  },
  {
    // The demo county bureau's workspace (雁塔区民政局): its unit's projects from draft to contract,
    // the payer's side of its contracts; at province scale about forty items in eleven lists, like
    // the baseline's. Signed in, as its staff see it (the root loader's count is on both sides).
    route: '/workspace',
    baseline: '/bench/workspace-baseline',
    cookie: signedInAs('bureau@demo.cn'),
    marker: 'class="work-list"',
    minThroughputRatio: 0.6,
    maxP99Ratio: 1.5,
    check: async (html, { sql }) => {
      if (!html.includes('id="ws-bureauStaff@610113"')) return 'no section for the bureau of 雁塔区: did signing in as the bureau work?';
      const items = (html.match(/<li><a [^>]*href="\/(projects|contracts)\//g) ?? []).length;
      if (items < 20) return `only ${items} items listed: is the database seeded at province scale?`;
      // The unit's projects waiting for a panel, as the list's count says.
      const [row] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM projects
        WHERE purchaser_role = 'bureauStaff' AND purchaser_region_code = '610113' AND status = 'biddingClosed'`;
      const shown = [zhCN, en]
        .map((m) => html.match(new RegExp(`${m['workspace.list.toEvaluate']}(?:<!-- -->)? <span class="badge warn">(\\d+)</span>`))?.[1])
        .find(Boolean);
      if (Number(shown ?? 0) !== row!.n) return `the page counts ${shown ?? 'no'} projects to evaluate, the database ${row!.n}`;
      return null;
    },
  },
];

const PAIRS = process.env.BENCH_ONLY ? ALL_PAIRS.filter((p) => p.route.includes(process.env.BENCH_ONLY!)) : ALL_PAIRS;

/** As React escapes text in HTML. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

// ---------------------------------------------------------------------------------------------
// autocannon has no type declarations; this is the part of its API used here.

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; headers?: Record<string, string> },
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 50);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS || 2));
const WARMUP_SECONDS = 2;
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/app_bench';

interface Tally {
  path: string;
  requests: number;
  seconds: number;
  latencies: number[];
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

function newTally(path: string): Tally {
  return { path, requests: 0, seconds: 0, latencies: [], non2xx: 0, errors: 0, statusCodes: {} };
}

function run(base: string, path: string, seconds: number, tally?: Tally, cookie?: string): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      // Accept-Encoding as a browser sends it: the server compresses, as in production.
      { url: base + path, connections: CONNECTIONS, duration: seconds, headers: { 'accept-encoding': 'gzip', ...(cookie ? { cookie } : {}) } },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (tally) instance.on('response', (_c, _status, _bytes, ms) => void tally.latencies.push(ms));
  }).then((result) => {
    const r = result as AutocannonResult;
    if (tally) {
      tally.requests += r.requests.total;
      tally.seconds += r.duration;
      tally.non2xx += r.non2xx;
      tally.errors += r.errors + r.timeouts;
      for (const [code, s] of Object.entries(r.statusCodeStats ?? {})) tally.statusCodes[code] = (tally.statusCodes[code] ?? 0) + s.count;
    }
    return r;
  });
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// ---------------------------------------------------------------------------------------------
// Set-up: build, database, server

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}`);
}

async function ensureDatabase(url: string) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) throw new Error('BENCH_DATABASE_URL must name a database');
  if (name === 'test' || name.startsWith('app_test')) throw new Error(`refusing to use the test database "${name}" for the benchmark`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const found = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!found.length) {
      console.log(`creating database ${name}`);
      await sql.unsafe(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(base: string, server: ChildProcess, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`the server exited with status ${server.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok && ((await res.json()) as { ok?: boolean }).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${base}/healthz did not answer ok within ${timeoutMs / 1000} s`);
}

function stopServer(server: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve();
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    server.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_URL;
  const shownUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

  // The benchmark's own build (ADR 016): the product's pages plus the constant-data baselines, in a
  // folder beside which server.js is copied, so the product's build/ never holds the baselines.
  sh('npx', ['remix', 'vite:build'], { ...process.env, NODE_ENV: 'production', BENCH: '1' });
  const appDir = path.resolve(BENCH_BUILD_DIR, '..');
  copyFileSync('server.js', path.join(appDir, 'server.js'));
  await ensureDatabase(url);
  // Idempotent: the seed script does nothing when the database already holds the scale data.
  sh('npx', ['tsx', 'scripts/seed.ts', '--scale=province'], { ...process.env, DATABASE_URL: url });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverLog: string[] = [];
  // Production on PostgreSQL requires the audit key: the one the seed signed with (generated once
  // into ./.data/audit-hmac.key when none is configured), unless one is given.
  const keyEnv: Record<string, string> = {};
  if (!process.env.AUDIT_HMAC_KEY && !process.env.AUDIT_HMAC_KEY_FILE) {
    resolveAuditKey({}, true);
    keyEnv.AUDIT_HMAC_KEY_FILE = path.resolve(DEFAULT_KEY_FILE);
  }
  // Served from its folder: what the server reads relative to the checkout is given as absolute paths.
  const server = spawn('node', ['server.js'], {
    cwd: appDir,
    env: {
      ...process.env,
      ...keyEnv,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: url,
      SEED_ON_START: '0',
      // Requests only: a first deadlines sweep over the province-scale data (a reminder for every
      // milestone due that week) would compete with the measured pages (ADR 025).
      JOBS_WORKERS: 'off',
      MIGRATIONS_DIR: path.resolve('drizzle'),
      REGIONS_FILE: path.resolve('db/seed/data/regions-61.tsv'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d: Buffer) => serverLog.push(d.toString()));
  server.stderr!.on('data', (d: Buffer) => serverLog.push(d.toString()));
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let failed = false;
  try {
    await waitHealthy(base, server);
    console.log(`server: ${base} (NODE_ENV=production, ${shownUrl}), pid ${server.pid}`);

    for (const pair of PAIRS) if (pair.resolve) pair.route = await pair.resolve(sql);
    // Sign in once per account; every request of the pair then carries the session.
    const cookies = new Map<Pair, string>();
    for (const pair of PAIRS) if (pair.cookie) cookies.set(pair, await pair.cookie(base));

    // Correctness at scale before speed.
    for (const pair of PAIRS) {
      for (const path of [pair.route, pair.baseline]) {
        const cookie = cookies.get(pair);
        const res = await fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
        const html = await res.text();
        const marker = pair.marker ?? '<table';
        const problem = !res.ok
          ? `status ${res.status}`
          : path === pair.route && pair.check
            ? await pair.check(html, { sql, route: pair.route })
            : html.includes(marker)
              ? null
              : `no ${marker} in the page`;
        // The page's size beside the check, to compare a page with its baseline at a glance.
        console.log(`check ${path}: ${problem ?? 'ok'} (${(Buffer.byteLength(html) / 1024).toFixed(1)} KB of HTML)`);
        if (problem) failed = true;
      }
    }

    console.log(`\nwarm-up: ${WARMUP_SECONDS} s per route`);
    const warmFailures = newTally('warm-up');
    for (const pair of PAIRS) {
      for (const path of [pair.route, pair.baseline]) {
        const r = await run(base, path, WARMUP_SECONDS, undefined, cookies.get(pair));
        warmFailures.non2xx += r.non2xx;
        warmFailures.errors += r.errors + r.timeouts;
      }
    }

    const perRound = Math.max(1, Math.round(SECONDS / ROUNDS));
    console.log(`measuring: ${CONNECTIONS} connections, ${ROUNDS} rounds × ${perRound} s per route, interleaved`);
    const tallies = new Map<string, Tally>();
    for (const pair of PAIRS) for (const p of [pair.route, pair.baseline]) tallies.set(p, newTally(p));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const pair of PAIRS) {
        for (const path of round % 2 ? [pair.route, pair.baseline] : [pair.baseline, pair.route]) {
          process.stdout.write(`  round ${round}: ${path} … `);
          const r = await run(base, path, perRound, tallies.get(path), cookies.get(pair));
          console.log(`${Math.round(r.requests.total / r.duration)} req/s`);
        }
      }
    }

    // Report.
    const summary = [...tallies.values()].map((t) => {
      const sorted = Float64Array.from(t.latencies).sort();
      const arr = Array.from(sorted);
      return {
        path: t.path,
        rps: t.requests / t.seconds,
        p50: percentile(arr, 50),
        p99: percentile(arr, 99),
        non2xx: t.non2xx,
        errors: t.errors,
        requests: t.requests,
      };
    });
    const fmt = (n: number, digits = 1) => n.toFixed(digits);
    const width = Math.max(...summary.map((s) => s.path.length), 5);
    console.log(
      `\n${'route'.padEnd(width)}  ${'req/s'.padStart(8)}  ${'p50 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}  ${'non-2xx'.padStart(8)}  ${'errors'.padStart(7)}  ${'requests'.padStart(9)}`,
    );
    for (const s of summary) {
      console.log(
        `${s.path.padEnd(width)}  ${fmt(s.rps).padStart(8)}  ${fmt(s.p50).padStart(8)}  ${fmt(s.p99).padStart(8)}  ${String(s.non2xx).padStart(8)}  ${String(s.errors).padStart(7)}  ${String(s.requests).padStart(9)}`,
      );
    }
    console.log('');
    for (const pair of PAIRS) {
      const a = summary.find((s) => s.path === pair.route)!;
      const b = summary.find((s) => s.path === pair.baseline)!;
      const throughput = a.rps / b.rps;
      const p99 = a.p99 / b.p99;
      const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
      console.log(`${pair.route} vs ${pair.baseline}:`);
      console.log(`  req/s ratio ${fmt(throughput, 2)}× (goal ≥ ${pair.minThroughputRatio}×: ${mark(throughput >= pair.minThroughputRatio)})`);
      console.log(`  p99 ratio   ${fmt(p99, 2)}× (goal ≤ ${pair.maxP99Ratio}×: ${mark(p99 <= pair.maxP99Ratio)})`);
    }

    const requestFailures = summary.reduce((n, s) => n + s.non2xx + s.errors, 0) + warmFailures.non2xx + warmFailures.errors;
    if (requestFailures) {
      console.error(`\n${requestFailures} request(s) failed (non-2xx, errors or timeouts, warm-up included).`);
      for (const t of tallies.values()) if (t.non2xx) console.error(`  ${t.path}: status codes ${JSON.stringify(t.statusCodes)}`);
      failed = true;
    }
  } catch (e) {
    console.error(e);
    console.error(`--- server output ---\n${serverLog.join('')}`);
    failed = true;
  } finally {
    await sql.end({ timeout: 5 });
    await stopServer(server);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
