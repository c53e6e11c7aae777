import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Db } from '#db/client';
import { parseIdentifier } from '~/domain/account';
import { hashPassword } from '~/auth/password.server';
import { createSession, type SessionPolicy } from '~/auth/session.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';

/** Anyone can open an account (to apply for filing, or be given a role later); signed in at once. */
export async function registerUser(
  db: Db,
  input: { displayName: string; identifier: string; password: string; locale: string; requestId?: string },
  policy: SessionPolicy,
) {
  const id = parseIdentifier(input.identifier);
  if (!id) throw new AppError('invalidInput', 'auth.errors.identifier');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const column = id.kind === 'email' ? users.email : users.mobile;
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(column, id.value));
    if (taken) throw new AppError('conflict', 'auth.errors.taken');
    const [user] = await tx
      .insert(users)
      .values({
        displayName: input.displayName,
        [id.kind]: id.value,
        passwordHash,
        locale: input.locale,
      })
      .returning();
    await recordAudit(tx, {
      actorUserId: user!.id,
      actorRole: null,
      action: 'user.register',
      subjectType: 'user',
      subjectId: user!.id,
      summary: { after: { displayName: input.displayName, [id.kind]: id.value } },
      requestId: input.requestId,
    });
    const { token } = await createSession(tx, user!.id, policy);
    return { user: user!, token };
  });
}
