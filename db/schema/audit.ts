import { bigserial, check, index, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Append-only audit trail. Each row's hash covers its own content and the previous row's hash, so
 * editing or deleting any row breaks the chain from there on (`npm run audit:verify`). `chain` says
 * how: 2 = HMAC-SHA-256 with the key from the environment, 1 = the unkeyed SHA-256 of rows written
 * before that (accepted only before the first keyed row; ADR 013). A trigger refuses UPDATE, DELETE
 * and TRUNCATE; in production the app's role may only SELECT and INSERT (db/roles.ts).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    summary: jsonb('summary').notNull(),
    requestId: text('request_id'),
    /** 1: legacy SHA-256 link; 2: keyed HMAC-SHA-256 link. No default: a writer says which. */
    chain: smallint('chain').notNull(),
    prevHash: text('prev_hash').notNull(),
    /** The row's link: its HMAC (chain 2) or SHA-256 (chain 1). */
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_events_subject_idx').on(t.subjectType, t.subjectId), check('audit_events_chain_ck', sql`${t.chain} IN (1, 2)`)],
);
