import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, type ChainState } from './audit-hash';

/**
 * Checkpoints (ADR 013): the chain's latest row id and MAC, the row count and the time, signed and
 * kept outside the database (files and the log). The chain alone cannot show that its last rows were
 * deleted, nor that someone holding the key rewrote it; a checkpoint written before can.
 *
 * Signed with a key derived from the audit key (HKDF, its own label), so a checkpoint signature can
 * never be mistaken for a row MAC, and there is still one secret to keep.
 */
export const CHECKPOINT_MARKER = 'AUDIT-CHECKPOINT';

const CheckpointSchema = z.object({
  v: z.literal(1),
  /** current_database(): test copies of one template share their first rows, not their name. */
  database: z.string(),
  /** The chain's first row: tells this chain's checkpoints from another database's in a shared folder. */
  origin: z.object({ id: z.number().int(), hash: z.string() }),
  /** The first keyed row when the checkpoint was taken (null while the chain was all legacy). */
  keyedFrom: z.number().int().nullable(),
  lastId: z.number().int(),
  /** The MAC of row lastId (its legacy hash while the chain had no keyed row yet). */
  lastMac: z.string(),
  /** Rows up to and including lastId. */
  rows: z.number().int(),
  at: z.string(),
  /** host/pid of the process that wrote it. */
  writer: z.string(),
  /** Which key signed it (keyId of the audit key). */
  kid: z.string(),
  sig: z.string(),
});

export type Checkpoint = z.infer<typeof CheckpointSchema>;
export type CheckpointBody = Omit<Checkpoint, 'sig'>;

export function checkpointKey(key: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), 'audit-checkpoint/v1', 32));
}

function signature(key: Uint8Array, body: CheckpointBody): string {
  const { v, database, origin, keyedFrom, lastId, lastMac, rows, at, writer, kid } = body;
  return createHmac('sha256', checkpointKey(key))
    .update(canonicalJson({ v, database, origin, keyedFrom, lastId, lastMac, rows, at, writer, kid }))
    .digest('hex');
}

export function signCheckpoint(key: Uint8Array, body: CheckpointBody): Checkpoint {
  return { ...body, sig: signature(key, body) };
}

export function checkpointSignatureOk(key: Uint8Array, cp: Checkpoint): boolean {
  const expected = Buffer.from(signature(key, cp), 'hex');
  const given = Buffer.from(cp.sig, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** One line, the same in the checkpoint file and (after the marker) in the log. */
export function checkpointLine(cp: Checkpoint): string {
  return canonicalJson(cp);
}

/** A line of a checkpoint file, or a log line carrying the marker; null when it is neither. */
export function parseCheckpoint(line: string): Checkpoint | null {
  const marker = line.indexOf(CHECKPOINT_MARKER);
  const text = marker >= 0 ? line.slice(marker + CHECKPOINT_MARKER.length).trim() : line.trim();
  if (!text.startsWith('{')) return null;
  try {
    const parsed = CheckpointSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A checkpoint and where it was read (file:line), for the auditor. */
export interface FoundCheckpoint {
  checkpoint: Checkpoint;
  source: string;
}

export interface ChainIdentity {
  database: string;
  /** Null when the audit log is empty. */
  origin: { id: number; hash: string } | null;
}

export type CheckpointProblem =
  | { kind: 'forged'; source: string; at: string; lastId: number }
  | { kind: 'otherKey'; source: string; at: string; lastId: number; kid: string }
  | { kind: 'tailMissing'; source: string; at: string; lastId: number; rows: number; chainLastId: number | null }
  | { kind: 'rowMissing'; source: string; at: string; lastId: number }
  | { kind: 'macDiffers'; source: string; at: string; lastId: number }
  | { kind: 'countDiffers'; source: string; at: string; lastId: number; expected: number; actual: number }
  | { kind: 'anchorDiffers'; source: string; at: string; expected: number; actual: number | null };

export interface CheckpointSelection {
  /** Checkpoints of this chain whose signature verifies. */
  mine: FoundCheckpoint[];
  /** Checkpoints of other chains (another database, or one recreated), ignored. */
  others: number;
  problems: CheckpointProblem[];
}

function sameChain(cp: Checkpoint, id: ChainIdentity): boolean {
  if (cp.database !== id.database) return false;
  // An emptied log has no origin: every checkpoint of this database then speaks of rows now gone.
  return id.origin === null || (cp.origin.id === id.origin.id && cp.origin.hash === id.origin.hash);
}

/**
 * Sorts found checkpoints: a bad signature under this key is a forgery wherever it claims to be from;
 * another key's checkpoint is ignored unless it claims this chain.
 */
export function selectCheckpoints(found: FoundCheckpoint[], identity: ChainIdentity, key: Uint8Array, kid: string): CheckpointSelection {
  const out: CheckpointSelection = { mine: [], others: 0, problems: [] };
  for (const f of found) {
    const cp = f.checkpoint;
    if (cp.kid === kid) {
      if (!checkpointSignatureOk(key, cp)) out.problems.push({ kind: 'forged', source: f.source, at: cp.at, lastId: cp.lastId });
      else if (sameChain(cp, identity)) out.mine.push(f);
      else out.others++;
    } else if (sameChain(cp, identity)) {
      out.problems.push({ kind: 'otherKey', source: f.source, at: cp.at, lastId: cp.lastId, kid: cp.kid });
    } else {
      out.others++;
    }
  }
  return out;
}

/** The checkpoint that saw furthest (the latest time among equals). */
export function latestCheckpoint(mine: FoundCheckpoint[]): FoundCheckpoint | null {
  let best: FoundCheckpoint | null = null;
  for (const f of mine) {
    const c = f.checkpoint;
    if (!best || c.lastId > best.checkpoint.lastId || (c.lastId === best.checkpoint.lastId && c.at > best.checkpoint.at)) best = f;
  }
  return best;
}

/**
 * Compares this chain's checkpoints with what the walk saw (walkChain with `watch` = their lastIds).
 * A missing tail is named once, from the checkpoint that saw furthest; every checkpoint's row must
 * still carry the MAC it had, so a rewrite is named at each checkpoint it crosses.
 */
export function judgeCheckpoints(mine: FoundCheckpoint[], chain: ChainState): CheckpointProblem[] {
  const problems: CheckpointProblem[] = [];
  const latest = latestCheckpoint(mine);
  if (latest && (chain.lastId === null || latest.checkpoint.lastId > chain.lastId)) {
    const c = latest.checkpoint;
    problems.push({ kind: 'tailMissing', source: latest.source, at: c.at, lastId: c.lastId, rows: c.rows, chainLastId: chain.lastId });
  }
  const sorted = [...mine].sort((a, b) => a.checkpoint.lastId - b.checkpoint.lastId);
  for (const { checkpoint: c, source } of sorted) {
    if (chain.lastId === null || c.lastId > chain.lastId) continue;
    const row = chain.seen.get(c.lastId);
    if (!row) problems.push({ kind: 'rowMissing', source, at: c.at, lastId: c.lastId });
    else if (row.hash !== c.lastMac) problems.push({ kind: 'macDiffers', source, at: c.at, lastId: c.lastId });
    else if (row.rows !== c.rows) problems.push({ kind: 'countDiffers', source, at: c.at, lastId: c.lastId, expected: c.rows, actual: row.rows });
  }
  // Where keyed rows begin is fixed once they exist; the last checkpoint that saw it says where.
  const anchored = sorted.filter((f) => f.checkpoint.keyedFrom !== null).at(-1);
  // (When the anchor row itself is gone with the tail, the missing tail already says so.)
  if (anchored && chain.keyedFrom !== anchored.checkpoint.keyedFrom && chain.lastId !== null && chain.lastId >= anchored.checkpoint.keyedFrom!) {
    const c = anchored.checkpoint;
    problems.push({ kind: 'anchorDiffers', source: anchored.source, at: c.at, expected: c.keyedFrom!, actual: chain.keyedFrom });
  }
  return problems;
}
