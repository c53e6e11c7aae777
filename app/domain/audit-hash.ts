import { createHash } from 'node:crypto';

/**
 * The audit chain: each row's hash = SHA-256(previous hash + canonical JSON of the row's content).
 * Canonical JSON sorts object keys at every depth, so the hash does not depend on the key order
 * that jsonb happens to return.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: string; // ISO 8601, millisecond precision, UTC
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  summary: unknown;
  requestId: string | null;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, content: AuditContent): string {
  // Only the content fields: a row read back also carries id and hashes, which are not content.
  const normalized: AuditContent = {
    at: new Date(content.at).toISOString(),
    actorUserId: content.actorUserId,
    actorRole: content.actorRole,
    action: content.action,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    summary: content.summary,
    requestId: content.requestId,
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(normalized)).digest('hex');
}

export interface ChainRow extends AuditContent {
  id: number;
  prevHash: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; rows: number }
  | { ok: false; rows: number; firstBadId: number; problem: 'prevHash' | 'hash' };

/** Walks rows in id order and names the first whose links or content do not match. */
export function verifyChain(rows: Iterable<ChainRow>, startHash = GENESIS_HASH): ChainVerdict {
  let expectedPrev = startHash;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.prevHash !== expectedPrev) return { ok: false, rows: count, firstBadId: row.id, problem: 'prevHash' };
    if (auditHash(row.prevHash, row) !== row.hash) return { ok: false, rows: count, firstBadId: row.id, problem: 'hash' };
    expectedPrev = row.hash;
  }
  return { ok: true, rows: count };
}
