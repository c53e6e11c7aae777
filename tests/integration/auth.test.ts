import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loginAttempts, sessions } from '#db/schema';
import { DEMO_PASSWORD } from '#db/seed/demo';
import { signIn } from '~/services/sign-in.server';
import { changePassword } from '~/services/change-password.server';
import { registerUser } from '~/services/register-user.server';
import { invalidateSession, sessionIdOf, validateSessionToken } from '~/auth/session.server';
import { setupTestDb } from '../support/db';

const t = setupTestDb();
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

describe('sessions after Lucia: only the token hash is stored', () => {
  it('signs in by e-mail or mobile and stores the SHA-256 of the token, not the token', async () => {
    const byMail = await signIn(t.db, { identifier: 'committee@demo.cn', password: DEMO_PASSWORD, ip: '10.0.0.1' }, policy);
    expect(byMail.ok).toBe(true);
    if (!byMail.ok) return;
    const rows = await t.db.select().from(sessions).where(eq(sessions.userId, byMail.user.id));
    expect(rows.map((r) => r.id)).toContain(sessionIdOf(byMail.token));
    expect(rows.map((r) => r.id)).not.toContain(byMail.token);
    const byMobile = await signIn(t.db, { identifier: '138 0000 0005', password: DEMO_PASSWORD, ip: '10.0.0.1' }, policy);
    expect(byMobile.ok && byMobile.user.id).toBe(byMail.user.id);
    expect(byMobile.ok && byMobile.token).not.toBe(byMail.token);
  });

  it('a wrong password fails without saying whether the account exists', async () => {
    const wrong = await signIn(t.db, { identifier: 'committee@demo.cn', password: 'not-the-password', ip: '10.0.0.2' }, policy);
    const nobody = await signIn(t.db, { identifier: 'nobody@demo.cn', password: 'not-the-password', ip: '10.0.0.2' }, policy);
    expect(wrong).toEqual({ ok: false });
    expect(nobody).toEqual({ ok: false });
  });

  it('expires after 30 idle minutes and after 12 hours in all, and the row is deleted', async () => {
    const t0 = new Date('2026-03-01T08:00:00Z');
    const r = await signIn(t.db, { identifier: 'station@demo.cn', password: DEMO_PASSWORD, ip: '10.0.0.3' }, policy, t0);
    if (!r.ok) throw new Error('sign-in failed');
    const at = (min: number) => new Date(t0.getTime() + min * 60_000);
    expect(await validateSessionToken(t.db, r.token, policy, at(29))).not.toBeNull();
    // Active every 20 minutes: still alive after 11 h 40 min…
    for (let m = 49; m <= 700; m += 20) expect(await validateSessionToken(t.db, r.token, policy, at(m))).not.toBeNull();
    // …but not past the absolute 12 hours, however active.
    expect(await validateSessionToken(t.db, r.token, policy, at(12 * 60))).toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.id, sessionIdOf(r.token)))).toEqual([]);

    const r2 = await signIn(t.db, { identifier: 'station@demo.cn', password: DEMO_PASSWORD, ip: '10.0.0.3' }, policy, t0);
    if (!r2.ok) throw new Error('sign-in failed');
    expect(await validateSessionToken(t.db, r2.token, policy, at(31))).toBeNull();
  });

  it('sign-out really invalidates the token', async () => {
    const r = await signIn(t.db, { identifier: 'bureau@demo.cn', password: DEMO_PASSWORD, ip: '10.0.0.4' }, policy);
    if (!r.ok) throw new Error('sign-in failed');
    await invalidateSession(t.db, r.session.id);
    expect(await validateSessionToken(t.db, r.token, policy)).toBeNull();
  });

  it('a password change ends every other session but keeps the current one', async () => {
    const reg = await registerUser(t.db, { displayName: '测试用户', identifier: '13911112222', password: 'first-password-1', locale: 'zh-CN' }, policy);
    const other = await signIn(t.db, { identifier: '13911112222', password: 'first-password-1', ip: '10.0.0.5' }, policy);
    if (!other.ok) throw new Error('sign-in failed');
    const current = await validateSessionToken(t.db, reg.token, policy);
    await changePassword(t.db, { userId: reg.user.id, sessionId: current!.session.id, current: 'first-password-1', password: 'second-password-2' });
    expect(await validateSessionToken(t.db, other.token, policy)).toBeNull();
    expect(await validateSessionToken(t.db, reg.token, policy)).not.toBeNull();
    expect((await signIn(t.db, { identifier: '13911112222', password: 'first-password-1', ip: '10.0.0.5' }, policy)).ok).toBe(false);
    expect((await signIn(t.db, { identifier: '13911112222', password: 'second-password-2', ip: '10.0.0.5' }, policy)).ok).toBe(true);
  });

  it('a wrong current password changes nothing', async () => {
    const reg = await registerUser(t.db, { displayName: '测试用户二', identifier: 'two@example.cn', password: 'first-password-1', locale: 'en' }, policy);
    await expect(changePassword(t.db, { userId: reg.user.id, sessionId: 'x', current: 'wrong', password: 'second-password-2' })).rejects.toMatchObject({ code: 'invalidInput' });
    expect((await signIn(t.db, { identifier: 'two@example.cn', password: 'first-password-1', ip: '10.0.0.6' }, policy)).ok).toBe(true);
  });

  it('refuses a second account for the same mobile number', async () => {
    await expect(
      registerUser(t.db, { displayName: '重复', identifier: '+86 138-0000-0005', password: 'some-password-1', locale: 'zh-CN' }, policy),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('throttling failed sign-ins in the database', () => {
  it('the 11th failure in 15 minutes for one account is refused, even with the right password', async () => {
    const now = new Date('2026-04-01T10:00:00Z');
    for (let i = 0; i < 10; i++) {
      // Different IPs: the account limit alone must hold.
      const r = await signIn(t.db, { identifier: 'org@demo.cn', password: 'guess-' + i, ip: `192.0.2.${i}` }, policy, new Date(now.getTime() + i * 1000));
      expect(r.ok).toBe(false);
    }
    await expect(signIn(t.db, { identifier: 'org@demo.cn', password: DEMO_PASSWORD, ip: '192.0.2.99' }, policy, new Date(now.getTime() + 20_000))).rejects.toMatchObject({
      code: 'throttled',
    });
    // 15 minutes after the failures, the account can sign in again.
    const later = await signIn(t.db, { identifier: 'org@demo.cn', password: DEMO_PASSWORD, ip: '192.0.2.99' }, policy, new Date(now.getTime() + 16 * 60_000));
    expect(later.ok).toBe(true);
  });

  it('the 11th failure from one IP is refused across accounts', async () => {
    const now = new Date('2026-04-02T10:00:00Z');
    for (let i = 0; i < 10; i++) {
      await signIn(t.db, { identifier: `spray${i}@example.cn`, password: 'x', ip: '198.51.100.7' }, policy, new Date(now.getTime() + i * 1000));
    }
    await expect(signIn(t.db, { identifier: 'hub@demo.cn', password: DEMO_PASSWORD, ip: '198.51.100.7' }, policy, new Date(now.getTime() + 15_000))).rejects.toMatchObject({ code: 'throttled' });
    const elsewhere = await signIn(t.db, { identifier: 'hub@demo.cn', password: DEMO_PASSWORD, ip: '198.51.100.8' }, policy, new Date(now.getTime() + 15_000));
    expect(elsewhere.ok).toBe(true);
    const [count] = await t.db.select({ n: sql<number>`count(*)::int` }).from(loginAttempts).where(eq(loginAttempts.ip, '198.51.100.7'));
    expect(count!.n).toBe(10);
  });
});
