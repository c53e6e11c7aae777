import { and, eq, gt, sql } from 'drizzle-orm';
import { loginAttempts, users } from '#db/schema';
import type { Db } from '#db/client';
import { isThrottled, parseIdentifier, THROTTLE } from '~/domain/account';
import { dummyHash, verifyPassword } from '~/auth/password.server';
import { createSession, type SessionPolicy } from '~/auth/session.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';

export interface SignInInput {
  identifier: string;
  password: string;
  ip: string;
  requestId?: string;
}

/**
 * Checks the password and opens a session. Failures are counted in the database per account and
 * per IP (so the limit holds across app processes); the account is locked by an advisory lock for
 * the duration so concurrent guesses cannot all slip under the limit.
 */
export async function signIn(db: Db, input: SignInInput, policy: SessionPolicy, now = new Date()) {
  const parsed = parseIdentifier(input.identifier);
  const account = parsed ? `${parsed.kind}:${parsed.value}` : `raw:${input.identifier.trim().toLowerCase()}`;
  const since = new Date(now.getTime() - THROTTLE.windowMs);

  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${account}))`);
    const [lastSuccess] = await tx
      .select({ at: sql<string>`max(${loginAttempts.at})` })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.account, account), eq(loginAttempts.succeeded, true), gt(loginAttempts.at, since)));
    const accountSince = lastSuccess?.at ? new Date(lastSuccess.at) : since;
    const [accountFailures] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.account, account), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, accountSince)));
    const [ipFailures] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.succeeded, false), gt(loginAttempts.at, since)));
    if (isThrottled(accountFailures?.n ?? 0) || isThrottled(ipFailures?.n ?? 0)) {
      throw new AppError('throttled', 'auth.throttled', { minutes: THROTTLE.windowMs / 60_000 });
    }

    const [user] = parsed
      ? await tx
          .select()
          .from(users)
          .where(parsed.kind === 'email' ? eq(users.email, parsed.value) : eq(users.mobile, parsed.value))
      : [];
    const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
    await tx.insert(loginAttempts).values({ account, ip: input.ip, succeeded: ok, at: now });
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
