import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '#db/schema';
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
    expect(
      await t.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionIdOf(r.token))),
    ).toEqual([]);

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
    await registerUser(t.db, { displayName: '测试用户', identifier: '13911112222', password: 'first-password-1', locale: 'zh-CN', ip: '10.0.0.5' });
    const mine = await signIn(t.db, { identifier: '13911112222', password: 'first-password-1', ip: '10.0.0.5' }, policy);
    const other = await signIn(t.db, { identifier: '13911112222', password: 'first-password-1', ip: '10.0.0.5' }, policy);
    if (!mine.ok || !other.ok) throw new Error('sign-in failed');
    await changePassword(t.db, {
      userId: mine.user.id,
      sessionId: mine.session.id,
      current: 'first-password-1',
      password: 'second-password-2',
      ip: '10.0.0.5',
    });
    expect(await validateSessionToken(t.db, other.token, policy)).toBeNull();
    expect(await validateSessionToken(t.db, mine.token, policy)).not.toBeNull();
    expect((await signIn(t.db, { identifier: '13911112222', password: 'first-password-1', ip: '10.0.0.5' }, policy)).ok).toBe(false);
    expect((await signIn(t.db, { identifier: '13911112222', password: 'second-password-2', ip: '10.0.0.5' }, policy)).ok).toBe(true);
  });

  it('a wrong current password changes nothing', async () => {
    await registerUser(t.db, { displayName: '测试用户二', identifier: 'two@example.cn', password: 'first-password-1', locale: 'en', ip: '10.0.0.6' });
    const [user] = await t.db.select().from(users).where(eq(users.email, 'two@example.cn'));
    await expect(
      changePassword(t.db, { userId: user!.id, sessionId: 'x', current: 'wrong', password: 'second-password-2', ip: '10.0.0.6' }),
    ).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'auth.errors.currentWrong',
    });
    expect((await signIn(t.db, { identifier: 'two@example.cn', password: 'first-password-1', ip: '10.0.0.6' }, policy)).ok).toBe(true);
  });

  it('signing up does not sign in: the new account has no session until its owner signs in', async () => {
    await registerUser(t.db, { displayName: '新用户', identifier: 'fresh@example.cn', password: 'fresh-password-1', locale: 'zh-CN', ip: '10.0.0.7' });
    const [user] = await t.db.select().from(users).where(eq(users.email, 'fresh@example.cn'));
    expect(user).toMatchObject({ displayName: '新用户', locale: 'zh-CN' });
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toEqual([]);
    expect((await signIn(t.db, { identifier: 'fresh@example.cn', password: 'fresh-password-1', ip: '10.0.0.7' }, policy)).ok).toBe(true);
  });
});
