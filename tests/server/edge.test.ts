import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, removeDir, startApp, type AppProcess } from './support';

/**
 * The HTTP edge of the production server (issue 8): security headers on every kind of answer, a CSP
 * nonce on every inline script, HSTS only over TLS, no-store for signed-in people, the cross-site
 * refusal, 415 for content types no action takes, and redirects that stay on the site.
 */

let app: AppProcess & { pgliteDir?: string };
let org: Client;
let contractPath: string;
let attachmentPath: string;

beforeAll(async () => {
  app = await startApp();
  org = await new Client(app.url).signIn('org@demo.cn');
  const list = await (await org.get('/contracts')).text();
  for (const id of new Set(list.match(/\/contracts\/[0-9a-f-]{36}/g) ?? [])) {
    const page = await (await org.get(id)).text();
    const milestone = /<select[^>]*name="milestoneId"[^>]*>\s*<option value="([0-9a-f-]{36})"/.exec(page)?.[1];
    if (!milestone) continue;
    contractPath = id;
    // Hand in a deliverable with a small PDF, so there is an attachment to download.
    const form = new FormData();
    form.set('intent', 'submit');
    form.set('milestoneId', milestone);
    form.set('report', '本阶段开展了六次活动，居民反映良好。');
    form.set('activityCount', '6');
    form.set('files', new Blob(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'], { type: 'application/pdf' }), 'report.pdf');
    const r = await fetch(new URL(id, app.url), { method: 'POST', body: form, redirect: 'manual', headers: { origin: app.url, cookie: org.cookie } });
    expect(r.status, await r.text()).toBe(200);
    break;
  }
  if (!contractPath) throw new Error('no contract of org@demo.cn with a milestone to hand in');
  const page = await (await org.get(contractPath)).text();
  attachmentPath = /href="(\/attachments\/[0-9a-f-]{36})"/.exec(page)?.[1] ?? '';
  if (!attachmentPath) throw new Error('the handed-in attachment is not listed on the contract page');
});
afterAll(async () => {
  await app?.stop();
  removeDir(app?.pgliteDir);
});

const visitor = () => new Client(app.url);

/** A raw post, as a script outside a browser (or a forged page) sends it. */
function post(path: string, headers: Record<string, string>, body = 'identifier=x&password=y') {
  return fetch(new URL(path, app.url), {
    method: 'POST',
    redirect: 'manual',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

function expectSecurityHeaders(r: Response, what: string) {
  const csp = r.headers.get('content-security-policy') ?? '';
  expect(csp, `${what}: CSP`).toContain("frame-ancestors 'none'");
  expect(csp, `${what}: CSP`).toMatch(/default-src '(self|none)'/);
  expect(csp, `${what}: no inline scripts`).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(r.headers.get('x-content-type-options'), `${what}: nosniff`).toBe('nosniff');
  expect(r.headers.get('referrer-policy'), `${what}: Referrer-Policy`).toBe('same-origin');
  expect(r.headers.get('x-frame-options'), `${what}: X-Frame-Options`).toBe('DENY');
  expect(r.headers.get('x-request-id'), `${what}: request id`).toMatch(/^[0-9a-f-]{36}$/);
  expect(r.headers.get('strict-transport-security'), `${what}: no HSTS over plain http`).toBeNull();
}

describe('every kind of answer carries the security headers', () => {
  it('documents, .data answers, resource routes, static files, 404, 403, 413 and 415', async () => {
    const home = await visitor().get('/');
    const html = await home.text();
    const asset = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(asset).toBeTruthy();
    const big = 'x'.repeat(2 * 1024 * 1024);
    const answers: Array<[string, Response, number]> = [
      ['document', home, 200],
      ['.data (single fetch)', await visitor().get('/projects.data'), 200],
      ['.data signed in', await org.get('/contracts.data'), 200],
      ['/healthz', await visitor().get('/healthz'), 200],
      ['CSV export', await org.get('/contracts/payments.csv'), 200],
      ['attachment', await org.get(attachmentPath), 200],
      ['hashed static asset', await visitor().get(asset!), 200],
      ['404 page', await visitor().get('/no-such-page'), 404],
      ['404 .data', await visitor().get('/no-such-page.data'), 404],
      ['403 cross-site', await post('/login', { origin: 'https://evil.example' }), 403],
      ['413 too large', await post('/login', { origin: app.url }, big), 413],
      ['415 JSON to a form', await post('/login', { origin: app.url, 'content-type': 'application/json' }, '{}'), 415],
      ['action answer', await visitor().post('/login', { identifier: 'nobody@demo.cn', password: 'wrong' }), 400],
    ];
    for (const [what, r, status] of answers) {
      expect(r.status, what).toBe(status);
      expectSecurityHeaders(r, what);
    }
  });

  it('refusals are pages in both languages', async () => {
    const r = await post('/login', {});
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await r.text();
    expect(body).toContain('请求被拒绝');
    expect(body).toContain('Request refused');
  });
});

describe('the Content-Security-Policy nonce', () => {
  it('every inline script of a page carries the nonce of that answer, and each answer has its own', async () => {
    const nonces: string[] = [];
    for (const path of ['/', '/projects', '/login']) {
      const r = await visitor().get(path);
      const csp = r.headers.get('content-security-policy')!;
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
      expect(nonce, csp).toBeTruthy();
      const html = await r.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      expect(scripts.length, path).toBeGreaterThanOrEqual(2);
      for (const attrs of scripts) expect(attrs, `${path}: <script${attrs}>`).toContain(`nonce="${nonce}"`);
      nonces.push(nonce!);
    }
    // A signed-in page too (more loader data is handed over inline).
    const signed = await org.get(contractPath);
    const nonce = /'nonce-([^']+)'/.exec(signed.headers.get('content-security-policy')!)![1];
    for (const m of (await signed.text()).matchAll(/<script\b([^>]*)>/g)) expect(m[1]).toContain(`nonce="${nonce}"`);
    nonces.push(nonce!);
    expect(new Set(nonces).size).toBe(nonces.length);
  });
});

describe('caching', () => {
  it('everything a signed-in person gets is private, no-store: pages, .data, CSV, attachments, /healthz', async () => {
    for (const path of [
      '/workspace',
      contractPath,
      `${contractPath}.data`,
      '/contracts.data',
      '/contracts/payments.csv',
      attachmentPath,
      '/healthz',
      '/no-such-page',
    ]) {
      const r = await org.get(path);
      expect(r.headers.get('cache-control'), path).toBe('private, no-store');
    }
  });

  it('hashed static assets stay cacheable, for everyone', async () => {
    const asset = /href="(\/assets\/[^"]+\.css)"/.exec(await (await org.get('/workspace')).text())![1]!;
    const r = await org.get(asset);
    expect(r.headers.get('cache-control')).toMatch(/max-age=31536000/);
    expect(r.headers.get('cache-control')).not.toContain('no-store');
  });

  it('a visitor’s pages are not forced to no-store', async () => {
    expect((await visitor().get('/projects')).headers.get('cache-control') ?? '').not.toContain('no-store');
  });
});

describe('HSTS only when the request came over TLS', () => {
  it('present with X-Forwarded-Proto: https from a trusted proxy (loopback by default), absent on plain http', async () => {
    const tls = await visitor().get('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    const data = await visitor().get('/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(data.headers.get('strict-transport-security')).toMatch(/^max-age=31536000/);
    expect((await visitor().get('/')).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('state-changing requests only from our own pages (sign-in included)', () => {
  const signIn = { identifier: 'org@demo.cn', password: 'Demo@2026pass', next: '/' };
  const form = new URLSearchParams(signIn).toString();

  it('our Origin, or without one Sec-Fetch-Site: same-origin or our Referer, signs in', async () => {
    const ways: Array<Record<string, string>> = [{ origin: app.url }, { 'sec-fetch-site': 'same-origin' }, { referer: `${app.url}/login` }];
    for (const headers of ways) {
      const r = await post('/login', headers, form);
      expect(r.status, JSON.stringify(headers)).toBe(302);
      expect(r.headers.get('set-cookie')).toMatch(/^sid=/);
    }
  });

  const refusals: Array<[string, (base: string) => Record<string, string>]> = [
    ['no Origin, no Sec-Fetch-Site, no Referer', () => ({})],
    ['a foreign Referer alone', () => ({ referer: 'https://evil.example/login' })],
    ['an https Origin for the http app', (base) => ({ origin: base.replace('http:', 'https:') })],
    ['Origin: null', () => ({ origin: 'null' })],
    ['our host on another port', () => ({ origin: 'http://127.0.0.1:1' })],
    ['a foreign Origin with our Referer', (base) => ({ origin: 'https://evil.example', referer: `${base}/login` })],
    ['Sec-Fetch-Site: cross-site with our Origin', (base) => ({ origin: base, 'sec-fetch-site': 'cross-site' })],
  ];
  it.each(refusals)('%s is refused with 403 and signs nobody in', async (_name, headers) => {
    const r = await post('/login', headers(app.url), form);
    expect(r.status).toBe(403);
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('the Stripe webhook is exempt (Stripe sends none of these; its signature is its authorization) but takes JSON only', async () => {
    const r = await fetch(new URL('/webhooks/stripe', app.url), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    // Not configured on this test server: 503 from the route itself, not the edge's 403.
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ error: expect.any(String) });
    const form = await fetch(new URL('/webhooks/stripe', app.url), {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
  });
});

describe('content types', () => {
  it.each(['application/json', 'text/plain', 'application/xml'])('%s to an action is refused with 415', async (type) => {
    expect((await post('/login', { origin: app.url, 'content-type': type }, '{"identifier":"x"}')).status).toBe(415);
    expect((await post('/lang.data', { origin: app.url, 'content-type': type }, 'locale=en')).status).toBe(415);
  });
});

describe('an anonymous body is never read past what the route needs', () => {
  it('a chunked 5 MB post to the upload route without a session is answered without reading it, and the connection closes', async () => {
    const url = new URL(contractPath, app.url);
    const result = await new Promise<{ status: number; location: string | null; connection: string | null; sent: number }>((resolve, reject) => {
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: false,
        headers: { origin: app.url, 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' },
      });
      let sent = 0;
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, location: res.headers.location ?? null, connection: res.headers.connection ?? null, sent });
        });
      });
      req.on('error', reject);
      const pump = () => {
        while (sent < 5 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/login\?next=/);
    expect(result.connection).toBe('close');
  });
});

describe('redirects stay on the site', () => {
  it('the language switch with next=/\\t/evil.example answers Location: /', async () => {
    const r = await visitor().post('/lang', { locale: 'en', next: '/\t/evil.example' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/');
  });
});

// Last: restarts the server on the same folder with TRUST_PROXY=false.
describe('X-Forwarded-Proto from an address that is not a trusted proxy is ignored', () => {
  it('no HSTS, and the app stays http for the cross-site check', async () => {
    const dir = app.pgliteDir;
    expect(await app.stop()).toBe(0);
    app = await startApp({ pgliteDir: dir, env: { TRUST_PROXY: 'false' } });
    const r = await visitor().get('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('strict-transport-security')).toBeNull();
    const form = new URLSearchParams({ identifier: 'org@demo.cn', password: 'Demo@2026pass', next: '/' }).toString();
    expect((await post('/login', { origin: app.url.replace('http:', 'https:'), 'x-forwarded-proto': 'https' }, form)).status).toBe(403);
    expect((await post('/login', { origin: app.url, 'x-forwarded-proto': 'https' }, form)).status).toBe(302);
  });
});
