import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import { auditEvents } from '#db/schema';
import type { Db, Executor } from '#db/client';
import { rowsOf } from '#db/migrate';
import { auditKey } from '~/lib/audit-key.server';
import { emptyChain, KEYED_CHAIN, walkChain, type ChainProblem, type ChainRow, type ChainState } from '~/domain/audit-hash';
import {
  judgeCheckpoints,
  latestCheckpoint,
  selectCheckpoints,
  type ChainIdentity,
  type CheckpointProblem,
  type FoundCheckpoint,
} from '~/domain/audit-checkpoint';

export async function recentAuditEvents(db: Executor, page: number, pageSize = 50) {
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(auditEvents)
      .orderBy(desc(auditEvents.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditEvents),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Which chain this is: the database's name and its first row (ADR 013). */
export async function chainIdentity(db: Executor): Promise<ChainIdentity> {
  const [[first], [database]] = await Promise.all([
    db.select({ id: auditEvents.id, hash: auditEvents.hash }).from(auditEvents).orderBy(asc(auditEvents.id)).limit(1),
    db.execute(sql`SELECT current_database() AS name`).then((r) => rowsOf<{ name: string }>(r)),
  ]);
  return { database: database!.name, origin: first ? { id: first.id, hash: first.hash } : null };
}

/** Walks the whole chain in id order, in batches; `watch` asks for the stored hash of some ids. */
export async function walkAuditChain(db: Executor, key: Uint8Array, opts: { batch?: number; watch?: ReadonlySet<number> } = {}): Promise<ChainState> {
  const batch = opts.batch ?? 5000;
  let state = emptyChain();
  for (;;) {
    const chunk = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, state.lastId ?? 0))
      .orderBy(asc(auditEvents.id))
      .limit(batch);
    if (!chunk.length) return state;
    state = walkChain(state, chunk as ChainRow[], key, opts.watch);
  }
}

export type ChainVerdict = { ok: true; rows: number } | { ok: false; rows: number; firstBadId: number; problem: ChainProblem };

/** The chain alone, against the key (the app's, unless given): names the first row that does not verify. */
export async function verifyAuditChain(db: Executor, key: Uint8Array = auditKey().bytes, batch?: number): Promise<ChainVerdict> {
  const s = await walkAuditChain(db, key, { batch });
  return s.problem ? { ok: false, rows: s.rows, firstBadId: s.problem.id, problem: s.problem } : { ok: true, rows: s.rows };
}

export interface AuditReport {
  identity: ChainIdentity;
  chain: Omit<ChainState, 'seen' | 'prev'>;
  /** Checkpoints of this chain whose signature verifies, and the one that saw furthest. */
  checkpoints: number;
  latest: FoundCheckpoint | null;
  /** Checkpoints of other chains in the same place (another or a recreated database), ignored. */
  otherChains: number;
  problems: (ChainProblem | CheckpointProblem | { kind: 'noCheckpoint' })[];
}

/**
 * The auditor's check: every row against the key, and the chain against every checkpoint found
 * (a deleted tail, a rewritten history, a forged checkpoint). Without a checkpoint a deleted tail
 * cannot be seen, so that is a problem too unless `requireCheckpoint` is false.
 */
export async function auditReport(
  db: Executor,
  key: Uint8Array,
  kid: string,
  found: FoundCheckpoint[],
  opts: { requireCheckpoint?: boolean; batch?: number } = {},
): Promise<AuditReport> {
  const identity = await chainIdentity(db);
  const selection = selectCheckpoints(found, identity, key, kid);
  const watch = new Set(selection.mine.map((f) => f.checkpoint.lastId));
  const state = await walkAuditChain(db, key, { batch: opts.batch, watch });
  const problems: AuditReport['problems'] = [];
  if (state.problem) problems.push(state.problem);
  problems.push(...selection.problems, ...judgeCheckpoints(selection.mine, state));
  if (!selection.mine.length && state.rows > 0 && opts.requireCheckpoint !== false) problems.push({ kind: 'noCheckpoint' });
  const { seen: _seen, prev: _prev, ...chain } = state;
  return { identity, chain, checkpoints: selection.mine.length, latest: latestCheckpoint(selection.mine), otherChains: selection.others, problems };
}

/**
 * What a checkpoint records, read in one snapshot (repeatable read) so the count, the first keyed
 * row and the last row agree with each other.
 */
export async function chainHead(db: Db) {
  const read = async (tx: Executor) => {
    const identity = await chainIdentity(tx);
    const [last] = await tx.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    const [agg] = await tx.select({ rows: sql<number>`count(*)::int` }).from(auditEvents);
    const [keyed] = await tx.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.chain, KEYED_CHAIN)).orderBy(asc(auditEvents.id)).limit(1);
    return { identity, last: (last as ChainRow | undefined) ?? null, rows: agg?.rows ?? 0, keyedFrom: keyed?.id ?? null };
  };
  return db.transaction(read, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** The id of the chain's last row (cheap: one index probe), to see whether it moved. */
export async function lastAuditId(db: Executor): Promise<number | null> {
  const [last] = await db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  return last?.id ?? null;
}
