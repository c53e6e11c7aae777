import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Db } from '#db/client';
import { addressKey, DEFAULT_THROTTLE, type ThrottlePolicy } from '~/domain/throttle';
import { hashPassword, verifyPassword } from '~/auth/password.server';
import { invalidateOtherSessions } from '~/auth/session.server';
import { guardAttempt, recordAttempt, userKey } from '~/auth/throttle.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';

/**
 * Changing the password ends every other session of the user (a stolen session dies with it). The
 * current-password check is a password guess like a sign-in: it shares the account's limit and the
 * address's (ADR 012), so a stolen session cannot be used to guess the password at leisure.
 */
// Wall clock, not the app clock (ADR 006 covers deadlines and notice periods): session lifetimes and
// throttle windows must not move when a test server's clock is moved forward days at a time.
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; current: string; password: string; ip: string; requestId?: string },
  now = new Date(),
  throttle: ThrottlePolicy = DEFAULT_THROTTLE,
) {
  const account = userKey(input.userId);
  const address = addressKey(input.ip);
  const outcome = await db.transaction(async (tx) => {
    await guardAttempt(tx, { account, address }, throttle, now);
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    if (!user) throw new AppError('notFound');
    const ok = await verifyPassword(user.passwordHash, input.current);
    await recordAttempt(tx, { account, address, kind: 'password', succeeded: ok }, throttle, now);
    // The failure is recorded: commit it, then refuse.
    if (!ok) return 'currentWrong' as const;
    await tx
      .update(users)
      .set({ passwordHash: await hashPassword(input.password), passwordChangedAt: now })
      .where(eq(users.id, user.id));
    await invalidateOtherSessions(tx, user.id, input.sessionId);
    await recordAudit(tx, {
      actorUserId: user.id,
      actorRole: null,
      action: 'user.changePassword',
      subjectType: 'user',
      subjectId: user.id,
      summary: { otherSessionsEnded: true },
      requestId: input.requestId,
    });
    return 'changed' as const;
  });
  if (outcome === 'currentWrong') throw new AppError('invalidInput', 'auth.errors.currentWrong');
}
