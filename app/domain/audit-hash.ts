import { createHash, createHmac } from 'node:crypto';

/**
 * The audit chain (ADR 013). Each row links to the previous row:
 *
 *   chain 2 (keyed):   hash = HMAC-SHA-256(key, previous hash + canonical JSON of {id, content})
 *   chain 1 (legacy):  hash = SHA-256(previous hash + canonical JSON of content)
 *
 * Rows written before the keyed chain existed stay on chain 1. They are accepted only as a prefix:
 * the first keyed row's MAC covers the last legacy hash, so rewriting any of them breaks a MAC that
 * only the key can recompute, and a chain-1 row after a keyed row is a downgrade, named as such.
 * Canonical JSON sorts object keys at every depth, so a MAC does not depend on the key order that
 * jsonb happens to return.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const LEGACY_CHAIN = 1;
export const KEYED_CHAIN = 2;
export type ChainVersion = typeof LEGACY_CHAIN | typeof KEYED_CHAIN;

/** An HMAC key shorter than SHA-256's output adds nothing an attacker has to guess. */
export const MIN_KEY_BYTES = 32;

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

/** Only the content fields: a row read back also carries its links, which are not content. */
function contentOf(content: AuditContent): AuditContent {
  return {
    at: new Date(content.at).toISOString(),
    actorUserId: content.actorUserId,
    actorRole: content.actorRole,
    action: content.action,
    subjectType: content.subjectType,
    subjectId: content.subjectId,
    summary: content.summary,
    requestId: content.requestId,
  };
}

/** Chain 1, kept to verify rows written before the keyed chain. */
export function legacyHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson(contentOf(content)))
    .digest('hex');
}

/**
 * Chain 2. The row's id is inside the MAC, so "row #N" in a checkpoint or an auditor's report names
 * one authenticated row, and rows cannot be renumbered.
 */
export function auditMac(key: Uint8Array, prevMac: string, row: AuditContent & { id: number }): string {
  return createHmac('sha256', key)
    .update(prevMac)
    .update(canonicalJson({ id: row.id, ...contentOf(row) }))
    .digest('hex');
}

/**
 * The key as configured: 32 bytes or more, as hex (64+ hex digits) or base64. Anything else is
 * refused rather than used as a passphrase: a short or mistyped key must stop the app.
 */
export function decodeAuditKey(text: string): Uint8Array | null {
  const t = text.trim();
  let bytes: Buffer | null = null;
  if (/^(?:[0-9a-fA-F]{2})+$/.test(t)) bytes = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    // Buffer.from ignores what it cannot decode; a round trip proves every character was key.
    if (b.toString('base64').replace(/=+$/, '') === t.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')) bytes = b;
  }
  return bytes && bytes.length >= MIN_KEY_BYTES ? new Uint8Array(bytes) : null;
}

/** A short public name of a key (an HMAC of a constant), so reports can say which key signed what. */
export function keyId(key: Uint8Array): string {
  return createHmac('sha256', key).update('audit-key-id').digest('hex').slice(0, 16);
}

export interface ChainRow extends AuditContent {
  id: number;
  chain: number;
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  /** The row's link is not the previous row's hash: rows between were deleted, or the link was changed. */
  | { kind: 'link'; id: number; afterId: number | null }
  /** A keyed row whose MAC does not match: its content or MAC changed after it was written (or the key is wrong). */
  | { kind: 'mac'; id: number }
  /** A legacy row whose SHA-256 does not match its content. */
  | { kind: 'legacyHash'; id: number }
  /** A legacy row after the first keyed row: someone re-chained history without the key. */
  | { kind: 'legacyAfterKeyed'; id: number; keyedFrom: number }
  /** A chain number this code does not know. */
  | { kind: 'unknownChain'; id: number; chain: number };

export interface ChainState {
  /** The hash the next row must link to. */
  prev: string;
  firstId: number | null;
  firstHash: string | null;
  lastId: number | null;
  rows: number;
  legacyRows: number;
  /** Id of the first keyed row (the anchor of the legacy prefix), if any. */
  keyedFrom: number | null;
  /** The first row that does not verify; rows after it are counted but not trusted. */
  problem: ChainProblem | null;
  /** For ids asked for in `watch`: the stored hash and how many rows up to and including it. */
  seen: Map<number, { hash: string; rows: number }>;
}

export function emptyChain(): ChainState {
  return { prev: GENESIS_HASH, firstId: null, firstHash: null, lastId: null, rows: 0, legacyRows: 0, keyedFrom: null, problem: null, seen: new Map() };
}

function check(state: ChainState, row: ChainRow, key: Uint8Array): ChainProblem | null {
  if (row.prevHash !== state.prev) return { kind: 'link', id: row.id, afterId: state.lastId };
  if (row.chain === KEYED_CHAIN) return auditMac(key, row.prevHash, row) === row.hash ? null : { kind: 'mac', id: row.id };
  if (row.chain === LEGACY_CHAIN) {
    if (state.keyedFrom !== null) return { kind: 'legacyAfterKeyed', id: row.id, keyedFrom: state.keyedFrom };
    return legacyHash(row.prevHash, row) === row.hash ? null : { kind: 'legacyHash', id: row.id };
  }
  return { kind: 'unknownChain', id: row.id, chain: row.chain };
}

/**
 * Walks rows in id order from `state` (batches continue where the last one ended) and returns the
 * new state; `state.problem` names the first row that does not verify.
 */
export function walkChain(state: ChainState, rows: Iterable<ChainRow>, key: Uint8Array, watch: ReadonlySet<number> = new Set()): ChainState {
  const s = { ...state, seen: new Map(state.seen) };
  for (const row of rows) {
    if (!s.problem) s.problem = check(s, row, key);
    s.rows++;
    if (s.firstId === null) {
      s.firstId = row.id;
      s.firstHash = row.hash;
    }
    if (row.chain === KEYED_CHAIN && s.keyedFrom === null) s.keyedFrom = row.id;
    if (row.chain === LEGACY_CHAIN && s.keyedFrom === null) s.legacyRows++;
    if (watch.has(row.id)) s.seen.set(row.id, { hash: row.hash, rows: s.rows });
    s.prev = row.hash;
    s.lastId = row.id;
  }
  return s;
}
