import { desc, sql } from 'drizzle-orm';
import { auditEvents } from '#db/schema';
import type { Executor } from '#db/client';
import { auditHash, GENESIS_HASH } from '~/domain/audit-hash';

/** One lock for the whole chain: each row links to the previous one, so writers take turns. */
const AUDIT_CHAIN_LOCK = 727_061_002;

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
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const content = {
    at: new Date().toISOString(),
    actorUserId: input.actorUserId,
    actorRole: input.actorRole,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    summary: input.summary,
    requestId: input.requestId ?? null,
  };
  await tx.insert(auditEvents).values({ ...content, prevHash, hash: auditHash(prevHash, content) });
}
