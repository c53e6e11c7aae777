import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Db } from '#db/client';
import { hashPassword, verifyPassword } from '~/auth/password.server';
import { invalidateOtherSessions } from '~/auth/session.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';

/** Changing the password ends every other session of the user (a stolen session dies with it). */
export async function changePassword(
  db: Db,
  input: { userId: string; sessionId: string; current: string; password: string; requestId?: string },
) {
  const [user] = await db.select().from(users).where(eq(users.id, input.userId));
  if (!user) throw new AppError('notFound');
  if (!(await verifyPassword(user.passwordHash, input.current))) throw new AppError('invalidInput', 'auth.errors.currentWrong');
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: new Date() }).where(eq(users.id, user.id));
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
  });
}
