import { asc, desc, gt, sql } from 'drizzle-orm';
import { auditEvents } from '#db/schema';
import type { Executor } from '#db/client';
import { GENESIS_HASH, verifyChain, type ChainRow, type ChainVerdict } from '~/domain/audit-hash';

export async function recentAuditEvents(db: Executor, page: number, pageSize = 50) {
  const [rows, [count]] = await Promise.all([
    db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditEvents),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** Walks the whole chain in id order, in batches, and names the first row that does not match. */
export async function verifyAuditChain(db: Executor, batch = 5000): Promise<ChainVerdict> {
  let after = 0;
  let prev = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const chunk = await db.select().from(auditEvents).where(gt(auditEvents.id, after)).orderBy(asc(auditEvents.id)).limit(batch);
    if (!chunk.length) return { ok: true, rows };
    const verdict = verifyChain(chunk as ChainRow[], prev);
    if (!verdict.ok) return { ...verdict, rows: rows + verdict.rows };
    rows += chunk.length;
    prev = chunk.at(-1)!.hash;
    after = chunk.at(-1)!.id;
  }
}
