/**
 * Throttling of the pages that check a password or create an account (sign-in, sign-up, password
 * change). Two limits, both counted over stored attempts (ADR 012):
 *
 * - per account: failures since the account's last success, inside a short window. An attempt is
 *   charged to the account whichever identifier (e-mail or mobile) names it; an identifier that
 *   names no account is charged to itself, so guessing at unknown accounts is limited the same way
 *   and the answers do not tell the two apart.
 * - per address: every attempt from one network address (an IPv6 /64 counts as one), inside a long
 *   window. Slow on purpose: it stops a script, not an office behind one NAT gateway.
 *
 * Refused attempts are not stored, so an address or an account never holds more rows than its limit
 * inside the window; older rows are pruned.
 */

export interface Limit {
  /** Attempts that may be counted inside the window; the next one is refused. */
  max: number;
  windowMs: number;
}

export interface ThrottlePolicy {
  account: Limit;
  address: Limit;
}

export const ACCOUNT_LIMIT: Limit = { max: 10, windowMs: 15 * 60_000 };
export const ADDRESS_LIMIT: Limit = { max: 300, windowMs: 60 * 60_000 };
export const DEFAULT_THROTTLE: ThrottlePolicy = { account: ACCOUNT_LIMIT, address: ADDRESS_LIMIT };

/** Where an attempt was made: the three pages share one per-address budget. */
export type AttemptKind = 'signIn' | 'signUp' | 'password';
export const ATTEMPT_KINDS: readonly AttemptKind[] = ['signIn', 'signUp', 'password'];

export interface Attempt {
  at: Date;
  succeeded: boolean;
}

export type Verdict = { allowed: true } | { allowed: false; retryAt: Date; retryAfterSeconds: number; minutes: number };

/**
 * `counted`: the times of the attempts that count, newest first (the caller need fetch no more than
 * `limit.max`). Refused once `max` of them lie inside the window; allowed again when the max-th
 * newest leaves it.
 */
export function verdictOf(counted: readonly Date[], limit: Limit, now: Date): Verdict {
  const since = now.getTime() - limit.windowMs;
  const inWindow = counted.filter((at) => at.getTime() > since).sort((a, b) => b.getTime() - a.getTime());
  if (inWindow.length < limit.max) return { allowed: true };
  const retryAt = new Date(inWindow[limit.max - 1]!.getTime() + limit.windowMs);
  const retryAfterSeconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return { allowed: false, retryAt, retryAfterSeconds, minutes: Math.ceil(retryAfterSeconds / 60) };
}

/** Per account: only failures after the last success count (a person who got in is not guessing). */
export function accountVerdict(recentNewestFirst: readonly Attempt[], limit: Limit, now: Date): Verdict {
  const sorted = [...recentNewestFirst].sort((a, b) => b.at.getTime() - a.at.getTime());
  const lastSuccess = sorted.findIndex((a) => a.succeeded);
  const failures = (lastSuccess === -1 ? sorted : sorted.slice(0, lastSuccess)).map((a) => a.at);
  return verdictOf(failures, limit, now);
}

/** Per address: every attempt counts, succeeded or not, on any of the three pages. */
export function addressVerdict(recentNewestFirst: readonly Date[], limit: Limit, now: Date): Verdict {
  return verdictOf(recentNewestFirst, limit, now);
}

/** The stricter of two verdicts: refused if either refuses, retry when both allow. */
export function combine(a: Verdict, b: Verdict): Verdict {
  if (a.allowed) return b;
  if (b.allowed) return a;
  return a.retryAt.getTime() >= b.retryAt.getTime() ? a : b;
}

/** Rows older than this count for no limit and may be deleted. */
export function retentionMs(policy: ThrottlePolicy): number {
  return Math.max(policy.account.windowMs, policy.address.windowMs);
}

/**
 * The address an attempt is charged to. IPv4 as is (an IPv4-mapped IPv6 address as its IPv4);
 * IPv6 by its /64, the smallest block a subscriber is usually given, so a host cannot step through
 * its own 2^64 addresses to get a fresh budget each time. Anything else (no address known) is
 * charged to one shared key, cut to a bounded length.
 */
export function addressKey(ip: string): string {
  const s = ip.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (mapped) return mapped[1]!;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(s)) return s;
  const groups = expandIpv6(s.split('%')[0]!);
  if (groups) return `${groups.slice(0, 4).join(':')}::/64`;
  return `other:${s.slice(0, 64)}`;
}

/** '2001:db8::1' → eight 4-digit groups, or null when it is not an IPv6 address. */
function expandIpv6(s: string): string[] | null {
  if (!/^[0-9a-f:.]+$/.test(s) || (s.match(/::/g) ?? []).length > 1) return null;
  let text = s;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...t];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.padStart(4, '0'));
}
