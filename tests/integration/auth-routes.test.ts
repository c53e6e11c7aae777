import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, loginAttempts, users } from '#db/schema';
import { DEMO_PASSWORD } from '#db/seed/demo';
import { MESSAGES } from '~/i18n/i18n';
import { resetEnvForTests } from '~/lib/env.server';
import * as login from '~/routes/login';
import * as signup from '~/routes/signup';
import * as password from '~/routes/account.password';
import { callRoute, cookieFor, type RouteResult } from '../support/routes';
import { setupTestDb } from '../support/db';

const t = setupTestDb();
const failure = (r: RouteResult) =>
  (r.data ?? {}) as { formError?: { messageKey: string; params: Record<string, number> }; fieldErrors?: Record<string, string> };
const userCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;

/** What the person (or a script) sees of an answer, without what they typed themselves. */
const seen = (r: RouteResult) => ({
  status: r.status,
  formError: failure(r).formError && { messageKey: failure(r).formError!.messageKey, params: Object.keys(failure(r).formError!.params).sort() },
  fieldErrors: failure(r).fieldErrors,
  location: r.headers.get('Location'),
  setCookie: r.headers.get('Set-Cookie'),
  retryAfter: r.headers.get('Retry-After') !== null,
});

const signInAs = (identifier: string, pw: string, clientIp: string) =>
  callRoute(login.action, { url: '/login', form: { identifier, password: pw, next: '/' }, clientIp });

describe('sign-in answers do not say whether an account exists', () => {
  it('a known and an unknown identifier get the same 400, then the same 429 with Retry-After', async () => {
    const known: ReturnType<typeof seen>[] = [];
    const unknown: ReturnType<typeof seen>[] = [];
    for (let i = 0; i < 11; i++) {
      known.push(seen(await signInAs('hub@demo.cn', `guess-${i}`, `192.0.2.${i}`)));
      unknown.push(seen(await signInAs('ghost@demo.cn', `guess-${i}`, `192.0.2.${100 + i}`)));
    }
    expect(unknown).toEqual(known);
    expect(known[0]).toEqual({
      status: 400,
      formError: { messageKey: 'auth.errors.wrong', params: [] },
      fieldErrors: undefined,
      location: null,
      setCookie: null,
      retryAfter: false,
    });
    expect(known[10]).toMatchObject({ status: 429, formError: { messageKey: 'auth.throttled', params: ['minutes', 'retryAfterSeconds'] }, retryAfter: true });
  });

  it('the 429 says when to come back, in minutes for people and seconds for scripts, through the route headers', async () => {
    // By the account's mobile number this time: the same account, the same budget.
    const r = await signInAs('13800000007', DEMO_PASSWORD, '192.0.2.50');
    expect(r.status).toBe(429);
    const { minutes, retryAfterSeconds } = failure(r).formError!.params as { minutes: number; retryAfterSeconds: number };
    expect(Number(r.headers.get('Retry-After'))).toBe(retryAfterSeconds);
    expect(retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(minutes).toBe(15);
    // Remix sends action headers other than Set-Cookie only through the route's `headers` export.
    const doc = login.headers({ actionHeaders: r.headers, loaderHeaders: new Headers(), parentHeaders: new Headers(), errorHeaders: undefined } as never);
    expect(new Headers(doc).get('Retry-After')).toBe(String(retryAfterSeconds));
    expect(MESSAGES['zh-CN']['auth.throttled'].replace('{minutes}', String(minutes))).toBe('尝试次数过多，请 15 分钟后再试。');
  });

  it('an identifier too long for any account is refused at the form (400), before any hashing or counting', async () => {
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(loginAttempts))[0]!.n;
    const r = await signInAs(`${'a'.repeat(1_000_000)}@demo.cn`, 'x', '192.0.2.60');
    expect(r.status).toBe(400);
    expect(failure(r).fieldErrors).toEqual({ identifier: 'auth.errors.identifier' });
    const long = await signInAs('leader@demo.cn', 'p'.repeat(201), '192.0.2.60');
    expect(failure(long).fieldErrors).toEqual({ password: 'auth.errors.password.tooLong' });
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(loginAttempts))[0]!.n).toBe(before);
  });
});

describe('sign-up answers the same whether the identifier is free or taken', () => {
  const form = (identifier: string) => ({ displayName: '王小明', identifier, password: 'my-own-pass-1', confirm: 'my-own-pass-1' });

  it('both land on the sign-in page, signed out, with one notice; only the free one makes an account', async () => {
    const before = await userCount();
    const taken = await callRoute(signup.action, { url: '/signup', form: form('138 0000 0009'), clientIp: '198.51.100.1' });
    const fresh = await callRoute(signup.action, { url: '/signup', form: form('wang.xiaoming@example.cn'), clientIp: '198.51.100.2' });
    expect(seen(taken)).toEqual(seen(fresh));
    expect(seen(fresh)).toMatchObject({ status: 302, location: '/login?registered=1', setCookie: null });
    expect(await userCount()).toBe(before + 1);

    // A new account signs in to its workspace (issue 11), which tells it what it can do first.
    const page = await callRoute(login.loader, { url: '/login?registered=1' });
    expect(page.data).toEqual({ next: '/workspace', registered: true });
    expect((await signInAs('wang.xiaoming@example.cn', 'my-own-pass-1', '198.51.100.3')).status).toBe(302);
    // The taken number still belongs to its owner, with the owner's password.
    expect((await signInAs('13800000009', 'my-own-pass-1', '198.51.100.3')).status).toBe(400);
    expect((await signInAs('13800000009', DEMO_PASSWORD, '198.51.100.3')).status).toBe(302);
    const [leader] = await t.db.select().from(users).where(eq(users.mobile, '13800000009'));
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.registerTaken'));
    expect(audits.map((a) => a.subjectId)).toEqual([leader!.id]);
  });
});

describe('passwords never come back in an answer', () => {
  it('a refused sign-up or password change echoes the name and identifier, not the password, its repetition or the current one', async () => {
    const up = await callRoute(signup.action, {
      url: '/signup',
      clientIp: '198.51.100.9',
      form: { displayName: '王', identifier: 'w@example.cn', password: 'secret-pass-1', confirm: 'secret-pass-2' },
    });
    expect(up.status).toBe(400);
    expect((up.data as { initialValue: Record<string, unknown> }).initialValue).toEqual({ displayName: '王', identifier: 'w@example.cn' });
    expect(JSON.stringify(up.data)).not.toContain('secret-pass');
    const cookie = await cookieFor(t.db, 'city@demo.cn');
    const change = await callRoute(password.action, {
      url: '/account/password',
      cookie,
      form: { current: DEMO_PASSWORD, password: 'short', confirm: 'short' },
    });
    expect(change.status).toBe(400);
    expect(JSON.stringify(change.data)).not.toContain(DEMO_PASSWORD);
    expect(JSON.stringify(change.data)).not.toContain('short"');
  });
});

describe('the current-password check on /account/password', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await cookieFor(t.db, 'station@demo.cn');
  });
  const change = (current: string, clientIp: string) =>
    callRoute(password.action, {
      url: '/account/password',
      cookie,
      clientIp,
      form: { current, password: 'station-new-pass-1', confirm: 'station-new-pass-1' },
    });

  it('counts wrong current passwords with wrong sign-ins; at the limit it answers 429 in words and changes nothing', async () => {
    const [before] = await t.db.select().from(users).where(eq(users.email, 'station@demo.cn'));
    for (let i = 0; i < 5; i++) expect((await signInAs('13800000004', `guess-${i}`, `203.0.113.${i}`)).status).toBe(400);
    for (let i = 5; i < 10; i++) {
      const r = await change(`guess-${i}`, `203.0.113.${i}`);
      expect(r.status).toBe(400);
      expect(failure(r).formError!.messageKey).toBe('auth.errors.currentWrong');
    }
    const refused = await change(DEMO_PASSWORD, '203.0.113.99');
    expect(refused.status).toBe(429);
    expect(failure(refused).formError!.messageKey).toBe('auth.throttled');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await signInAs('station@demo.cn', DEMO_PASSWORD, '203.0.113.99')).status).toBe(429);
    const [station] = await t.db.select().from(users).where(eq(users.email, 'station@demo.cn'));
    expect(station!.passwordHash).toBe(before!.passwordHash);
    const attempts = await t.db
      .select()
      .from(loginAttempts)
      .where(eq(loginAttempts.account, `user:${station!.id}`));
    expect(attempts.filter((a) => !a.succeeded)).toHaveLength(10);
  });
});

describe('the per-address limit across the three pages (THROTTLE_ADDRESS_MAX=4)', () => {
  beforeAll(() => {
    process.env.THROTTLE_ADDRESS_MAX = '4';
    resetEnvForTests();
  });
  afterAll(() => {
    delete process.env.THROTTLE_ADDRESS_MAX;
    resetEnvForTests();
  });

  it('sign-in, sign-up and password attempts share one budget; the fifth of any kind is 429 with Retry-After', async () => {
    const ip = '203.0.113.250';
    const cookie = await cookieFor(t.db, 'evaluator2@demo.cn');
    expect((await signInAs('evaluator3@demo.cn', DEMO_PASSWORD, ip)).status).toBe(302);
    expect((await signInAs('evaluator3@demo.cn', 'wrong', ip)).status).toBe(400);
    expect(
      (
        await callRoute(signup.action, {
          url: '/signup',
          clientIp: ip,
          form: { displayName: '李四', identifier: 'lisi@example.cn', password: 'lisi-pass-123', confirm: 'lisi-pass-123' },
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await callRoute(password.action, {
          url: '/account/password',
          cookie,
          clientIp: ip,
          form: { current: 'wrong', password: 'ev2-new-pass-1', confirm: 'ev2-new-pass-1' },
        })
      ).status,
    ).toBe(400);

    const answers = [
      await signInAs('evaluator3@demo.cn', DEMO_PASSWORD, ip),
      await callRoute(signup.action, {
        url: '/signup',
        clientIp: ip,
        form: { displayName: '张三', identifier: 'zhangsan@example.cn', password: 'zhangsan-pass-1', confirm: 'zhangsan-pass-1' },
      }),
      await callRoute(password.action, {
        url: '/account/password',
        cookie,
        clientIp: ip,
        form: { current: DEMO_PASSWORD, password: 'ev2-new-pass-1', confirm: 'ev2-new-pass-1' },
      }),
    ];
    for (const r of answers) {
      expect(r.status).toBe(429);
      expect(failure(r).formError!.messageKey).toBe('auth.throttled');
      expect(failure(r).formError!.params.minutes).toBe(60);
      expect(r.headers.get('Retry-After')).toMatch(/^3[56]\d\d$/);
    }
    expect(await t.db.select().from(users).where(eq(users.email, 'zhangsan@example.cn'))).toEqual([]);
    // Another address is not held back.
    expect((await signInAs('evaluator3@demo.cn', DEMO_PASSWORD, '203.0.113.251')).status).toBe(302);
  });
});
