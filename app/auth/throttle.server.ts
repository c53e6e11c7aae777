import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { loginAttempts } from '#db/schema';
import type { Executor } from '#db/client';
import { ACCOUNT_LIMIT, accountVerdict, addressVerdict, combine, retentionMs, type AttemptKind, type ThrottlePolicy } from '~/domain/throttle';
import { env } from '~/lib/env.server';
import { AppError } from '~/lib/errors';

/**
 * The database side of app/domain/throttle.ts: locks, counts, records and prunes attempts in the
 * caller's transaction, so the limits hold across app processes and under concurrency.
 */

/** First key of the two-key advisory locks taken here (a key space apart from the one-key locks). */
const THROTTLE_LOCK = 727_061;
/** Old rows deleted per recorded attempt: more than one, so pruning always outpaces growth. */
const PRUNE_BATCH = 50;

export function throttlePolicy(): ThrottlePolicy {
  const e = env();
  return { account: ACCOUNT_LIMIT, address: { max: e.THROTTLE_ADDRESS_MAX, windowMs: e.THROTTLE_ADDRESS_WINDOW_MINUTES * 60_000 } };
}

export const userKey = (userId: string) => `user:${userId}`;

/** An identifier that names no account is counted under its hash: what people type is not kept. */
export const unknownIdentifierKey = (normalized: string) => `ident:${encodeHexLowerCase(sha256(new TextEncoder().encode(normalized)))}`;

export interface AttemptScope {
  /** userKey or unknownIdentifierKey; absent for a sign-up (the address limit alone applies). */
  account?: string;
  /** addressKey(ip) */
  address: string;
}

async function lock(tx: Executor, key: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${sql.raw(String(THROTTLE_LOCK))}, hashtext(${key}))`);
}

/**
 * Call first in the attempt's transaction. Locks the address, then the account (always in that
 * order, so two attempts cannot deadlock), until the transaction ends, so concurrent attempts are
 * counted one after another; then refuses with 429 (`auth.throttled`, minutes to wait) when either
 * limit is reached. A refused attempt writes nothing.
 */
export async function guardAttempt(tx: Executor, scope: AttemptScope, policy: ThrottlePolicy, now: Date): Promise<void> {
  await lock(tx, `addr:${scope.address}`);
  if (scope.account) await lock(tx, scope.account);
  const byAddress = await tx
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, scope.address), gt(loginAttempts.at, new Date(now.getTime() - policy.address.windowMs))))
    .orderBy(desc(loginAttempts.at))
    .limit(policy.address.max);
  let verdict = addressVerdict(
    byAddress.map((r) => r.at),
    policy.address,
    now,
  );
  if (scope.account) {
    const byAccount = await tx
      .select({ at: loginAttempts.at, succeeded: loginAttempts.succeeded })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.account, scope.account), gt(loginAttempts.at, new Date(now.getTime() - policy.account.windowMs))))
      .orderBy(desc(loginAttempts.at))
      .limit(policy.account.max);
    verdict = combine(verdict, accountVerdict(byAccount, policy.account, now));
  }
  if (!verdict.allowed) {
    throw new AppError('throttled', 'auth.throttled', { minutes: verdict.minutes, retryAfterSeconds: verdict.retryAfterSeconds });
  }
}

/** Records an attempt that was let through, and deletes a batch of rows no limit counts any more. */
export async function recordAttempt(
  tx: Executor,
  attempt: AttemptScope & { kind: AttemptKind; succeeded: boolean },
  policy: ThrottlePolicy,
  now: Date,
): Promise<void> {
  await tx.insert(loginAttempts).values({ account: attempt.account ?? null, ip: attempt.address, kind: attempt.kind, succeeded: attempt.succeeded, at: now });
  // SKIP LOCKED: concurrent attempts prune different rows and never wait on each other.
  const cutoff = new Date(now.getTime() - retentionMs(policy));
  await tx.execute(sql`
    DELETE FROM ${loginAttempts} WHERE ${loginAttempts.id} IN (
      SELECT ${loginAttempts.id} FROM ${loginAttempts} WHERE ${loginAttempts.at} < ${cutoff.toISOString()}::timestamptz
      ORDER BY ${loginAttempts.at} LIMIT ${sql.raw(String(PRUNE_BATCH))} FOR UPDATE SKIP LOCKED)`);
}
