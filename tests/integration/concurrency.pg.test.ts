import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents, loginAttempts, users } from '#db/schema';
import { ACCOUNT_LIMIT, type ThrottlePolicy } from '~/domain/throttle';
import { changePassword } from '~/services/change-password.server';
import { registerUser } from '~/services/register-user.server';
import { signIn } from '~/services/sign-in.server';
import { setupTestDb } from '../support/db';

// *.pg.test.ts files run only against the PostgreSQL server (vitest.config.ts): PGlite is one
// connection, so it cannot show what happens when many app processes act at once.
const t = setupTestDb();
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

const throttledCount = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'throttled').length;
const unexpected = (results: PromiseSettledResult<unknown>[]) =>
  results.filter(
    (r) => r.status === 'rejected' && (r.reason as { code?: string }).code !== 'throttled' && (r.reason as { code?: string }).code !== 'invalidInput',
  );

describe('throttling under concurrency (PostgreSQL, many connections as many app processes)', () => {
  it('30 simultaneous wrong guesses for one account, by e-mail and mobile in turn, record exactly 10 failures; the rest are refused', async () => {
    const now = new Date('2026-04-03T10:00:00Z');
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        signIn(t.db, { identifier: i % 2 ? 'evaluator@demo.cn' : '138 0000 0008', password: 'guess' + i, ip: `203.0.113.${i}` }, policy, now),
      ),
    );
    expect(unexpected(results)).toEqual([]);
    const failed = results.filter((r) => r.status === 'fulfilled' && !(r.value as { ok: boolean }).ok).length;
    expect(failed).toBe(10);
    expect(throttledCount(results)).toBe(20);
    const [evaluator] = await t.db.select().from(users).where(eq(users.email, 'evaluator@demo.cn'));
    const [rows] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(eq(loginAttempts.account, `user:${evaluator!.id}`));
    expect(rows!.n).toBe(10);
  });

  it('sign-ins and current-password checks racing for one account share the same 10', async () => {
    const now = new Date('2026-04-03T12:00:00Z');
    const [agency] = await t.db.select().from(users).where(eq(users.email, 'agency@demo.cn'));
    const results = await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) =>
        i % 3 === 0
          ? changePassword(t.db, { userId: agency!.id, sessionId: 's', current: 'guess' + i, password: 'agency-new-pass-1', ip: `198.51.100.${i}` }, now)
          : signIn(t.db, { identifier: i % 2 ? 'agency@demo.cn' : '13800000010', password: 'guess' + i, ip: `198.51.100.${i}` }, policy, now),
      ),
    );
    expect(unexpected(results)).toEqual([]);
    expect(throttledCount(results)).toBe(14);
    const [rows] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.account, `user:${agency!.id}`), eq(loginAttempts.succeeded, false)));
    expect(rows!.n).toBe(10);
  });

  it('20 simultaneous attempts from one address with a limit of 5 let exactly 5 through', async () => {
    const now = new Date('2026-04-03T14:00:00Z');
    const small: ThrottlePolicy = { account: ACCOUNT_LIMIT, address: { max: 5, windowMs: 60 * 60_000 } };
    const ip = '192.0.2.200';
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? signIn(t.db, { identifier: `nobody${i}@example.cn`, password: 'x', ip }, policy, now, small)
          : registerUser(t.db, { displayName: '并发用户', identifier: `burst${i}@example.cn`, password: 'burst-pass-123', locale: 'zh-CN', ip }, now, small),
      ),
    );
    expect(unexpected(results)).toEqual([]);
    expect(throttledCount(results)).toBe(15);
    const [rows] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(eq(loginAttempts.ip, ip));
    expect(rows!.n).toBe(5);
  });

  it('simultaneous sign-ups of one new identifier make one account; the others are recorded as taken, none fails', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        registerUser(t.db, {
          displayName: `抢注${i}`,
          identifier: '13977776666',
          password: `race-pass-${i}-abc`,
          locale: 'zh-CN',
          ip: `192.0.2.${210 + i}`,
          requestId: `race-${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const accounts = await t.db.select().from(users).where(eq(users.mobile, '13977776666'));
    expect(accounts).toHaveLength(1);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.requestId} LIKE 'race-%'`);
    expect(audits.filter((a) => a.action === 'user.register')).toHaveLength(1);
    expect(audits.filter((a) => a.action === 'user.registerTaken').map((a) => a.subjectId)).toEqual(Array(7).fill(accounts[0]!.id));
    // The winner's password is the one that works.
    const winner = Number(accounts[0]!.displayName.replace('抢注', ''));
    expect((await signIn(t.db, { identifier: '13977776666', password: `race-pass-${winner}-abc`, ip: '192.0.2.220' }, policy)).ok).toBe(true);
  });
});
