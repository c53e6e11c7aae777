import { redirect } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { roleAssignments } from '#db/schema';
import { decide, type Actor, type Permission, type Resource } from '~/domain/permissions';
import { db } from '~/lib/db.server';
import { env } from '~/lib/env.server';
import { readCookie, serializeCookie } from '~/lib/cookies.server';
import { AppError } from '~/lib/errors';
import { validateSessionToken, type SessionPolicy } from './session.server';

export const SESSION_COOKIE = 'sid';

export function sessionPolicy(): SessionPolicy {
  const e = env();
  return { idleMs: e.SESSION_IDLE_MINUTES * 60_000, absoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000 };
}

export function sessionCookie(token: string): string {
  return serializeCookie(SESSION_COOKIE, token, { maxAgeSeconds: sessionPolicy().absoluteMs / 1000 });
}

export function clearSessionCookie(): string {
  return serializeCookie(SESSION_COOKIE, '', { maxAgeSeconds: 0 });
}

export interface SignedIn {
  user: { id: string; displayName: string; mobile: string | null; email: string | null; locale: string };
  sessionId: string;
  actor: Actor;
}

const cache = new WeakMap<Request, Promise<SignedIn | null>>();

/** The signed-in user of this request, with their role assignments; null for visitors. */
export function currentUser(request: Request): Promise<SignedIn | null> {
  let p = cache.get(request);
  if (!p) {
    p = load(request);
    cache.set(request, p);
  }
  return p;
}

async function load(request: Request): Promise<SignedIn | null> {
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) return null;
  const found = await validateSessionToken(db(), token, sessionPolicy());
  if (!found) return null;
  const assignments = await db()
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, found.user.id));
  const { id, displayName, mobile, email, locale } = found.user;
  return { user: { id, displayName, mobile, email, locale }, sessionId: found.session.id, actor: { userId: id, assignments } };
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url);
  throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

export async function requireUser(request: Request): Promise<SignedIn> {
  const me = await currentUser(request);
  if (!me) loginRedirect(request);
  return me;
}

/**
 * The one authorization check for loaders and actions: visitors go to sign-in, a signed-in person
 * without the permission in scope gets 403. Returns who acts and in which role (for the audit row).
 */
export async function authorize(request: Request, permission: Permission, resource: Resource = {}) {
  const me = await requireUser(request);
  const decision = decide(me.actor, permission, resource);
  if (!decision.allowed) throw new AppError('forbidden');
  return { ...me, role: decision.role };
}

export function requestIdOf(context: unknown): string | undefined {
  return (context as { requestId?: string } | undefined)?.requestId;
}

export function clientIp(request: Request, context: unknown): string {
  return (context as { clientIp?: string } | undefined)?.clientIp ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}
