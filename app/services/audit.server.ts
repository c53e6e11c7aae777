import { desc, sql } from 'drizzle-orm';
import { auditEvents } from '#db/schema';
import { rowsOf } from '#db/migrate';
import type { Executor } from '#db/client';
import { auditMac, GENESIS_HASH, KEYED_CHAIN } from '~/domain/audit-hash';
import { auditKey } from '~/lib/audit-key.server';

/** One lock for the whole chain: each row links to the previous one, so writers take turns. */
export const AUDIT_CHAIN_LOCK = 727_061_002;

export interface AuditInput {
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  summary: { before?: unknown; after?: unknown; [k: string]: unknown };
  requestId?: string | null;
}

/** Appends an audit row. Call it inside the transaction of the change it records. */
export async function recordAudit(tx: Executor, input: AuditInput): Promise<void> {
  const key = auditKey().bytes;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  // The id is inside the MAC, so it is taken before the insert (under the lock, so ids follow the chain).
  const [next] = rowsOf<{ id: string }>(await tx.execute(sql`SELECT nextval(pg_get_serial_sequence('audit_events', 'id'))::text AS id`));
  const row = {
    id: Number(next!.id),
    // Wall clock on purpose: the audit row records when the change really happened, even on a test
    // server whose app clock was moved (ADR 006, 013).
    at: new Date().toISOString(),
    actorUserId: input.actorUserId,
    actorRole: input.actorRole,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    // What jsonb will hand back (Dates as strings, no undefined), so the MAC is over what is stored.
    summary: JSON.parse(JSON.stringify(input.summary)) as unknown,
    requestId: input.requestId ?? null,
  };
  await tx.insert(auditEvents).values({ ...row, chain: KEYED_CHAIN, prevHash, hash: auditMac(key, prevHash, row) });
}
