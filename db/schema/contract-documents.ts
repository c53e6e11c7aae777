import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contracts } from './contracts';

/**
 * The contract as a document (ADR 020), kept beside `contracts` so the signing and payment columns
 * stay where they are: its number, its terms (copied from the unit's template at drafting, editable
 * on the draft, frozen by a trigger once the contract is signed) and when it was published.
 */
export const contractDocuments = pgTable(
  'contract_documents',
  {
    contractId: uuid('contract_id')
      .primaryKey()
      .references(() => contracts.id),
    /** `610113-2026-0003`, a subcontract `610113-2026-0003-F1`; never changes. */
    number: text('number').notNull(),
    /** { content, quantity, acceptance, payment, liability, disputes }; null for contracts drafted before terms existed. */
    terms: jsonb('terms').$type<Record<string, string>>(),
    termsUpdatedAt: timestamp('terms_updated_at', { withTimezone: true }),
    /** On the project's public page since (main contracts, at signing). */
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('contract_documents_number_uq').on(t.number)],
);

/** The last contract number given by a purchasing unit in a year: one row, locked by the upsert that takes the next. */
export const contractNumberCounters = pgTable(
  'contract_number_counters',
  {
    purchaserRole: text('purchaser_role').notNull(),
    purchaserRegionCode: text('purchaser_region_code').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.purchaserRole, t.purchaserRegionCode, t.year] })],
);

/** A purchasing unit's own contract template (the shipped default until it saves one). */
export const contractTemplates = pgTable(
  'contract_templates',
  {
    purchaserRole: text('purchaser_role').notNull(),
    purchaserRegionCode: text('purchaser_region_code').notNull(),
    sections: jsonb('sections').$type<Record<string, string>>().notNull(),
    /** Counts saves: a form sends the revision it was loaded at, so a stale form cannot overwrite a newer save. */
    revision: integer('revision').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.purchaserRole, t.purchaserRegionCode] })],
);
