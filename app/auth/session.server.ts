import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { and, eq, ne } from 'drizzle-orm';
import { sessions, users } from '#db/schema';
import type { Executor } from '#db/client';

/**
 * Sessions after Lucia's guide (lucia-auth.com/sessions): a random 160-bit token goes to the cookie,
 * only its SHA-256 is stored, so a leaked table does not give working sessions.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdOf(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Executor, userId: string, policy: SessionPolicy, now = new Date()) {
  const token = generateSessionToken();
  const session = {
    id: sessionIdOf(token),
    userId,
    createdAt: now,
    lastActiveAt: now,
    expiresAt: new Date(now.getTime() + policy.absoluteMs),
  };
  await db.insert(sessions).values(session);
  return { token, session };
}

/** Touch at most once a minute: a write per page view would cost more than it tells. */
const TOUCH_EVERY_MS = 60_000;

export async function validateSessionToken(db: Executor, token: string, policy: SessionPolicy, now = new Date()) {
  const id = sessionIdOf(token);
  const [row] = await db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
  if (!row) return null;
  const { session, user } = row;
  const idleDeadline = session.lastActiveAt.getTime() + policy.idleMs;
  if (now.getTime() >= session.expiresAt.getTime() || now.getTime() >= idleDeadline) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - session.lastActiveAt.getTime() >= TOUCH_EVERY_MS) {
    await db.update(sessions).set({ lastActiveAt: now }).where(eq(sessions.id, id));
    session.lastActiveAt = now;
  }
  return { session, user };
}

export async function invalidateSession(db: Executor, sessionId: string) {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user but one (the one that changed the password). */
export async function invalidateOtherSessions(db: Executor, userId: string, keepSessionId: string | null) {
  await db.delete(sessions).where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId));
}
