import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions';
import { users } from './users';

export const INTENTION_STATUSES = ['draft', 'published', 'withdrawn'] as const;

/**
 * Purchase intentions (采购意向, 财库〔2020〕10号): what a purchasing unit means to buy in a year, for
 * about how much and in which month, published at least 30 days before the purchase. Money is integer
 * fen. A published intention is never deleted: it is withdrawn with a reason.
 */
export const purchaseIntentions = pgTable(
  'purchase_intentions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Who buys: a bureau, a street station or a community committee, and at which region (as for projects). */
    purchaserRole: text('purchaser_role', { enum: ['bureauStaff', 'stationStaff', 'committeeStaff'] }).notNull(),
    purchaserRegionCode: text('purchaser_region_code')
      .notNull()
      .references(() => regions.code),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    serviceCategories: text('service_categories').array().notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    fundingSource: text('funding_source', { enum: ['publicFinance', 'welfareLottery', 'communityFunds', 'socialDonations', 'other'] }).notNull(),
    year: integer('year').notNull(),
    /** 1–12: the month the purchase is expected to start. */
    expectedMonth: integer('expected_month').notNull(),
    status: text('status', { enum: INTENTION_STATUSES }).notNull().default('draft'),
    /** Why it was withdrawn (public). */
    statusReason: text('status_reason'),
    /** Edits after publication (each one is also an audit row naming what changed). */
    revisionCount: integer('revision_count').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    revisedAt: timestamp('revised_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The public list filters by status, year and region subtree (inSubtree on the purchaser's code).
    index('purchase_intentions_list_idx').on(t.status, t.year, t.purchaserRegionCode.op('text_pattern_ops')),
    // A unit's own intentions (its management list and the project form's choice).
    index('purchase_intentions_purchaser_idx').on(t.purchaserRegionCode, t.purchaserRole, t.year),
  ],
);
