import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PAGES } from '~/bench/build';
import { Client, removeDir, startApp, type AppProcess } from './support';

let app: AppProcess & { pgliteDir?: string };
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  removeDir(app?.pgliteDir);
});

describe('the production server on a fresh PGlite folder', () => {
  it('answers /healthz within one second with the migration state', async () => {
    const t0 = performance.now();
    const r = await fetch(`${app.url}/healthz`);
    const ms = performance.now() - t0;
    console.log(`PGlite /healthz: ${r.status} in ${Math.round(ms)} ms`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, database: 'pglite', migrations: { pending: [] } });
    expect(ms).toBeLessThan(1_000);
  });

  it('serves only the product: the benchmark baselines are not in its build (ADR 016); favicon and robots.txt are', async () => {
    for (const name of Object.keys(BENCH_PAGES)) expect((await fetch(`${app.url}/bench/${name}`)).status, name).toBe(404);
    const robots = await fetch(`${app.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(await robots.text()).toMatch(/Disallow: \/workspace/);
    const icon = await fetch(`${app.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('seeds, serves the home page in Chinese, signs a demo account in, and closes PGlite cleanly on SIGTERM', async () => {
    const home = await new Client(app.url).get('/');
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('lang="zh-CN"');
    const bureau = await new Client(app.url).signIn('bureau@demo.cn');
    expect((await bureau.get('/workspace')).status).toBe(200);
    expect(await app.stop()).toBe(0);
    expect(app.output()).toContain('closed cleanly');
  });
});
