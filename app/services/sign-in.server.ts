import { eq } from 'drizzle-orm';
import { users } from '#db/schema';
import type { Db } from '#db/client';
import { parseIdentifier } from '~/domain/account';
import { addressKey, DEFAULT_THROTTLE, type ThrottlePolicy } from '~/domain/throttle';
import { dummyHash, verifyPassword } from '~/auth/password.server';
import { createSession, type SessionPolicy } from '~/auth/session.server';
import { guardAttempt, recordAttempt, unknownIdentifierKey, userKey } from '~/auth/throttle.server';
import { recordAudit } from './audit.server';

export interface SignInInput {
  identifier: string;
  password: string;
  ip: string;
  requestId?: string;
}

/**
 * Checks the password and opens a session. The identifier is resolved to its account first, so
 * failures count against the account whichever identifier (e-mail or mobile) was typed; an
 * identifier that names no account counts against itself, and goes through the same steps (a
 * password hash is verified either way), so neither the answer nor its timing says which it was.
 * Throttling (ADR 012) is in the database and serialized per address and per account, so the limit
 * holds across app processes and concurrent guesses cannot slip under it. Throws `throttled`.
 */
// Wall clock, not the app clock (ADR 006 covers deadlines and notice periods): session lifetimes and
// throttle windows must not move when a test server's clock is moved forward days at a time.
export async function signIn(db: Db, input: SignInInput, policy: SessionPolicy, now = new Date(), throttle: ThrottlePolicy = DEFAULT_THROTTLE) {
  const parsed = parseIdentifier(input.identifier);
  const [named] = parsed
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(parsed.kind === 'email' ? eq(users.email, parsed.value) : eq(users.mobile, parsed.value))
    : [];
  const account = named ? userKey(named.id) : unknownIdentifierKey(parsed?.value ?? input.identifier.trim().toLowerCase());
  const address = addressKey(input.ip);

  return db.transaction(async (tx) => {
    await guardAttempt(tx, { account, address }, throttle, now);
    const [user] = named ? await tx.select().from(users).where(eq(users.id, named.id)) : [];
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
    await recordAttempt(tx, { account, address, kind: 'signIn', succeeded: ok }, throttle, now);
    if (!ok || !user) return { ok: false as const };

    const { token, session } = await createSession(tx, user.id, policy, now);
    await recordAudit(tx, {
      actorUserId: user.id,
      actorRole: null,
      action: 'auth.signIn',
      subjectType: 'user',
      subjectId: user.id,
      summary: { ip: input.ip },
      requestId: input.requestId,
    });
    return { ok: true as const, token, session, user };
  });
}
