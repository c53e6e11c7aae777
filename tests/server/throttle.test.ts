import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, removeDir, startApp, type AppProcess } from './support';

/**
 * Throttling as a browser or a script meets it over HTTP: the production build, the address Express
 * derives (X-Forwarded-For is trusted from loopback, as from a proxy), the translated page, and
 * Retry-After on the document and on the `.data` answer.
 */
let app: AppProcess & { pgliteDir?: string };
beforeAll(async () => {
  app = await startApp({ env: { THROTTLE_ADDRESS_MAX: '5' } });
});
afterAll(async () => {
  await app?.stop();
  removeDir(app?.pgliteDir);
});

const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

describe('throttling over HTTP', () => {
  it('ten wrong passwords by e-mail and mobile from ten addresses lock the account: 429, Retry-After, a Chinese message', async () => {
    const client = new Client(app.url);
    for (let i = 0; i < 10; i++) {
      const r = await client.post('/login', { identifier: i % 2 ? 'org@demo.cn' : '13800000006', password: `guess-${i}`, next: '/' }, from(`192.0.2.${i}`));
      expect(r.status).toBe(400);
      expect(await r.text()).toContain('账号或密码不正确。');
    }
    const locked = await client.post('/login', { identifier: 'org@demo.cn', password: 'Demo@2026pass', next: '/' }, from('192.0.2.77'));
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(locked.headers.get('set-cookie')).toBeNull();
    expect(await locked.text()).toMatch(/尝试次数过多，请 1[45] 分钟后再试。/);
    // The client-side navigation's request (.data) carries the same status and header.
    const data = await client.post('/login.data', { identifier: '13800000006', password: 'Demo@2026pass', next: '/' }, from('192.0.2.78'));
    expect(data.status).toBe(429);
    expect(Number(data.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('an address gets five attempts across sign-up, sign-in and password pages, then 429 on each', async () => {
    const ip = from('203.0.113.9');
    const visitor = new Client(app.url);
    const signup = await visitor.post(
      '/signup',
      { displayName: '赵六', identifier: 'zhaoliu@example.cn', password: 'zhaoliu-pass-1', confirm: 'zhaoliu-pass-1' },
      ip,
    );
    expect(signup.status).toBe(302);
    expect(signup.headers.get('location')).toBe('/login?registered=1');
    expect(signup.headers.get('set-cookie')).toBeNull();
    expect(await (await visitor.get('/login?registered=1')).text()).toContain('账号已就绪，请登录');
    const taken = await visitor.post(
      '/signup',
      { displayName: '赵六', identifier: 'leader@demo.cn', password: 'zhaoliu-pass-1', confirm: 'zhaoliu-pass-1' },
      ip,
    );
    expect([taken.status, taken.headers.get('location'), taken.headers.get('set-cookie')]).toEqual([302, '/login?registered=1', null]);

    const person = new Client(app.url);
    const signin = await person.post('/login', { identifier: 'zhaoliu@example.cn', password: 'zhaoliu-pass-1', next: '/' }, ip);
    expect(signin.status).toBe(302);
    person.cookie = `sid=${/sid=([^;]+)/.exec(signin.headers.get('set-cookie') ?? '')![1]}`;
    expect((await person.post('/account/password', { current: 'wrong-pass-000', password: 'zhaoliu-pass-2', confirm: 'zhaoliu-pass-2' }, ip)).status).toBe(400);
    expect((await visitor.post('/login', { identifier: 'nobody@example.cn', password: 'whatever-1', next: '/' }, ip)).status).toBe(400);

    const refused = [
      await visitor.post('/login', { identifier: 'zhaoliu@example.cn', password: 'zhaoliu-pass-1', next: '/' }, ip),
      await visitor.post('/signup', { displayName: '钱七', identifier: 'qianqi@example.cn', password: 'qianqi-pass-1', confirm: 'qianqi-pass-1' }, ip),
      await person.post('/account/password', { current: 'zhaoliu-pass-1', password: 'zhaoliu-pass-2', confirm: 'zhaoliu-pass-2' }, ip),
    ];
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(59 * 60);
      expect(await r.text()).toContain('尝试次数过多，请 60 分钟后再试。');
    }
    // Another address is not held back.
    expect((await visitor.post('/login', { identifier: 'zhaoliu@example.cn', password: 'zhaoliu-pass-1', next: '/' }, from('203.0.113.10'))).status).toBe(302);
  });
});
