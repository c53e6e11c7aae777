import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects';
import { regions } from './regions';
import { users } from './users';

/**
 * Appropriations (预算指标): what a purchasing unit may spend from one funding source in one budget
 * year, in fen. Raised and lowered by the unit's staff (each change audited and posted to the ledger:
 * the appropriation funds the unit's funding-source account); never below what its projects hold.
 */
export const appropriations = pgTable(
  'appropriations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    purchaserRole: text('purchaser_role', { enum: ['bureauStaff', 'stationStaff', 'committeeStaff'] }).notNull(),
    purchaserRegionCode: text('purchaser_region_code')
      .notNull()
      .references(() => regions.code),
    fundingSource: text('funding_source', { enum: ['publicFinance', 'welfareLottery', 'communityFunds', 'socialDonations', 'other'] }).notNull(),
    year: integer('year').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('appropriations_line_uq').on(t.purchaserRole, t.purchaserRegionCode, t.fundingSource, t.year),
    // Supervisors read their subtree.
    index('appropriations_region_idx').on(t.purchaserRegionCode.op('text_pattern_ops'), t.year),
  ],
);

/**
 * What a project holds against an appropriation: reserved from publication until the award, then
 * committed (the award amount) until the contract is paid or ended. One row per project, summed per
 * appropriation: remaining = amount − Σ reserved − Σ committed.
 */
export const budgetHolds = pgTable(
  'budget_holds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    appropriationId: uuid('appropriation_id')
      .notNull()
      .references(() => appropriations.id),
    reservedFen: bigint('reserved_fen', { mode: 'number' }).notNull().default(0),
    committedFen: bigint('committed_fen', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('budget_holds_project_uq').on(t.projectId), index('budget_holds_appropriation_idx').on(t.appropriationId)],
);
