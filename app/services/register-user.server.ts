import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Db } from '#db/client';
import { parseIdentifier } from '~/domain/account';
import { addressKey, DEFAULT_THROTTLE, type ThrottlePolicy } from '~/domain/throttle';
import { hashPassword } from '~/auth/password.server';
import { guardAttempt, recordAttempt } from '~/auth/throttle.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';

export interface RegisterInput {
  displayName: string;
  identifier: string;
  password: string;
  locale: string;
  ip: string;
  requestId?: string;
}

/**
 * Anyone can open an account (to apply for filing, or be given a role later). The answer is the
 * same whether the mobile number or e-mail was free or already had an account (ADR 012): nobody is
 * signed in by signing up, and a taken identifier changes nothing and leaves an audit row
 * (`user.registerTaken`) naming the account it hit. Both paths hash the password and write one
 * audit row, so they take the same time. Counts against the address limit; throws `throttled`.
 */
// Wall clock, not the app clock (ADR 006 covers deadlines and notice periods): session lifetimes and
// throttle windows must not move when a test server's clock is moved forward days at a time.
export async function registerUser(db: Db, input: RegisterInput, now = new Date(), throttle: ThrottlePolicy = DEFAULT_THROTTLE): Promise<void> {
  const id = parseIdentifier(input.identifier);
  if (!id) throw new AppError('invalidInput', 'auth.errors.identifier');
  const address = addressKey(input.ip);
  await db.transaction(async (tx) => {
    await guardAttempt(tx, { address }, throttle, now);
    const passwordHash = await hashPassword(input.password);
    // Insert first, whatever: a concurrent sign-up with the same identifier waits here, then finds it taken.
    const [created] = await tx
      .insert(users)
      .values({ displayName: input.displayName, [id.kind]: id.value, passwordHash, locale: input.locale, createdAt: now, passwordChangedAt: now })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (created) {
      await recordAudit(tx, {
        actorUserId: created.id,
        actorRole: null,
        action: 'user.register',
        subjectType: 'user',
        subjectId: created.id,
        summary: { after: { displayName: input.displayName, [id.kind]: id.value } },
        requestId: input.requestId,
      });
    } else {
      const [taken] = await tx
        .select({ id: users.id })
        .from(users)
        .where(id.kind === 'email' ? eq(users.email, id.value) : eq(users.mobile, id.value));
      await recordAudit(tx, {
        actorUserId: null,
        actorRole: null,
        action: 'user.registerTaken',
        subjectType: 'user',
        subjectId: taken!.id,
        summary: { attempted: { displayName: input.displayName, [id.kind]: id.value }, ip: input.ip, changed: false },
        requestId: input.requestId,
      });
    }
    await recordAttempt(tx, { address, kind: 'signUp', succeeded: true }, throttle, now);
  });
}
