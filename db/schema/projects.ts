import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { purchaseIntentions } from './intentions';
import { organizations } from './organizations';
import { regions } from './regions';
import { users } from './users';

export const PROJECT_STATUSES = ['draft', 'published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice', 'awarded', 'cancelled', 'failed'] as const;

/** The purchase project library (policy §3.4). Money is integer fen. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** Who buys: a bureau, a street station or a community committee, and at which region. */
    purchaserRole: text('purchaser_role', { enum: ['bureauStaff', 'stationStaff', 'committeeStaff'] }).notNull(),
    purchaserRegionCode: text('purchaser_region_code')
      .notNull()
      .references(() => regions.code),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    serviceCategories: text('service_categories').array().notNull(),
    beneficiaryGroups: text('beneficiary_groups').array().notNull(),
    /** The region served; bids may be limited to organizations of this region. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    fundingSource: text('funding_source', { enum: ['publicFinance', 'welfareLottery', 'communityFunds', 'socialDonations', 'other'] }).notNull(),
    /**
     * How it is bought (app/domain/procurement-method.ts): sets the shortest bidding window and panel.
     * Projects from before methods existed read as a competitive consultation.
     */
    procurementMethod: text('procurement_method', {
      enum: ['publicTender', 'competitiveConsultation', 'competitiveNegotiation', 'inquiry', 'singleSource', 'smallPurchase'],
    })
      .notNull()
      .default('competitiveConsultation'),
    /**
     * 单一来源 (政府采购法 §31): the one supplier invited, the statutory ground and the justification, public
     * on the project page from publication. Null for every other method.
     */
    singleSourceOrganizationId: uuid('single_source_organization_id').references(() => organizations.id),
    singleSourceGround: text('single_source_ground', { enum: ['onlySupplier', 'emergency', 'continuity'] }),
    singleSourceJustification: text('single_source_justification'),
    serviceStart: date('service_start').notNull(),
    serviceEnd: date('service_end').notNull(),
    /** Why the service runs longer than one year (up to three), shown on the project page. */
    longPeriodReason: text('long_period_reason'),
    allowedLegalStatuses: text('allowed_legal_statuses').array().notNull(),
    allowedKinds: text('allowed_kinds').array().notNull(),
    regionRestricted: boolean('region_restricted').notNull().default(true),
    bidDeadline: timestamp('bid_deadline', { withTimezone: true }).notNull(),
    noticeDays: integer('notice_days').notNull().default(5),
    scoringMethod: text('scoring_method', { enum: ['mean', 'trimmedMean', 'trimmedTotal'] })
      .notNull()
      .default('mean'),
    /** Same-conditions preference tolerance, in hundredths of a point. */
    toleranceHundredths: integer('tolerance_hundredths').notNull().default(0),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('draft'),
    statusReason: text('status_reason'),
    amendmentCount: integer('amendment_count').notNull().default(0),
    /**
     * Put out again: the cancelled or failed project this one repeats. It starts with no bids; the
     * earlier project's bids stay where they were (sealed for good if it was never opened).
     */
    reissueOf: uuid('reissue_of').references((): AnyPgColumn => projects.id),
    /**
     * The purchase intention (采购意向, 财库〔2020〕10号) that announced this purchase, published at least
     * 30 days before the project; or, when there was none, why (shown on the project page).
     */
    intentionId: uuid('intention_id').references(() => purchaseIntentions.id),
    noIntentionReason: text('no_intention_reason'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** When scoring opened (startEvaluation): the panel's reminder counts its working days from here (app/domain/deadlines.ts). */
    evaluationStartedAt: timestamp('evaluation_started_at', { withTimezone: true }),
    rankedAt: timestamp('ranked_at', { withTimezone: true }),
    /** When the current public notice (公示) started: a decline restarts it. The challenge window counts from here. */
    noticeStartedAt: timestamp('notice_started_at', { withTimezone: true }),
    noticeEndsAt: timestamp('notice_ends_at', { withTimezone: true }),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The library's filters and sort keys beside the region prefix, so a region's page and count are
    // index-only scans (the rows are wide: descriptions); the page's 20 rows are then read by id.
    index('projects_library_cover_idx').on(
      t.regionCode.op('text_pattern_ops'),
      t.status,
      t.serviceCategories,
      t.budgetFen,
      t.purchaserRegionCode,
      t.bidDeadline,
      t.id,
    ),
    index('projects_status_deadline_idx').on(t.status, t.bidDeadline),
    index('projects_purchaser_idx').on(t.purchaserRegionCode),
    // Projects open to bidders of any region (not restricted to theirs): an organization's workspace
    // offers them beside those of its own region.
    index('projects_open_anywhere_idx')
      .on(t.bidDeadline)
      .where(sql`${t.status} = 'published' AND NOT ${t.regionRestricted}`),
    // At most one repeat of a project (a double submit must not make two drafts).
    uniqueIndex('projects_reissue_of_uq')
      .on(t.reissueOf)
      .where(sql`${t.reissueOf} IS NOT NULL`),
  ],
);

/** Evaluation criteria; weights sum to 100, at most one `price` criterion. */
export const projectCriteria = pgTable(
  'project_criteria',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    weight: integer('weight').notNull(),
    kind: text('kind', { enum: ['scored', 'price'] }).notNull(),
  },
  (t) => [index('project_criteria_project_idx').on(t.projectId, t.position)],
);

/** Edits after publishing: numbered, shown to bidders; a material one moves the deadline. */
export const projectAmendments = pgTable(
  'project_amendments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    number: integer('number').notNull(),
    changes: jsonb('changes').notNull(),
    material: boolean('material').notNull(),
    previousDeadline: timestamp('previous_deadline', { withTimezone: true }).notNull(),
    newDeadline: timestamp('new_deadline', { withTimezone: true }).notNull(),
    note: text('note').notNull(),
    actorUserId: uuid('actor_user_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('project_amendments_number_uq').on(t.projectId, t.number)],
);

/**
 * Clarifications (澄清): a bidder asks before the deadline, the purchaser answers every bidder at once.
 * Who asked (`organizationId`, `askedBy`) is kept for the record and shown to nobody: no page, data
 * answer or export reads them.
 */
export const projectQuestions = pgTable(
  'project_questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    askedBy: uuid('asked_by')
      .notNull()
      .references(() => users.id),
    question: text('question').notNull(),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
    answer: text('answer'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => users.id),
    /** The answer changed the documents: a numbered material amendment was recorded with it. */
    changesDocuments: boolean('changes_documents').notNull().default(false),
  },
  (t) => [index('project_questions_project_idx').on(t.projectId, t.askedAt)],
);

export const bids = pgTable(
  'bids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    submittedBy: uuid('submitted_by').notNull(),
    status: text('status', { enum: ['submitted', 'withdrawn', 'replaced'] })
      .notNull()
      .default('submitted'),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    servicePlan: text('service_plan').notNull(),
    team: text('team').notNull(),
    expectedOutputs: text('expected_outputs').notNull(),
    /** Eligibility as checked at submission and again when bidding closed. */
    eligible: boolean('eligible').notNull().default(true),
    ineligibleReason: text('ineligible_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [
    // One live bid per organization per project.
    uniqueIndex('bids_one_live_uq')
      .on(t.projectId, t.organizationId)
      .where(sql`${t.status} = 'submitted'`),
    index('bids_project_idx').on(t.projectId),
    index('bids_organization_idx').on(t.organizationId),
  ],
);

export const panelMembers = pgTable(
  'panel_members',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    evaluatorUserId: uuid('evaluator_user_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['active', 'recused'] })
      .notNull()
      .default('active'),
    recusalReason: text('recusal_reason'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('panel_members_pk').on(t.projectId, t.evaluatorUserId),
    // An evaluator's own seats: the workspace and the navigation's number read them on every page.
    index('panel_members_evaluator_idx').on(t.evaluatorUserId),
  ],
);

/** Points in hundredths (0 … weight × 100); drafts until the evaluator submits, then locked. */
export const scores = pgTable(
  'scores',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    evaluatorUserId: uuid('evaluator_user_id').notNull(),
    criterionId: uuid('criterion_id')
      .notNull()
      .references(() => projectCriteria.id),
    pointsHundredths: integer('points_hundredths').notNull(),
    comment: text('comment').notNull().default(''),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('scores_pk').on(t.bidId, t.evaluatorUserId, t.criterionId), index('scores_project_idx').on(t.projectId)],
);

/** The computed ranking with its explanation, stored when the last evaluator submits. */
export const rankings = pgTable(
  'rankings',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    rank: integer('rank'),
    totalHundredths: integer('total_hundredths').notNull(),
    preferred: boolean('preferred').notNull(),
    reasons: jsonb('reasons').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('rankings_pk').on(t.projectId, t.bidId)],
);

export interface SkippedBid {
  bidId: string;
  organizationId: string;
  organizationName: string;
  rank: number;
  /** A message key (bid.ineligible.*). */
  reason: string;
}

/** Awards. Exactly one live award per project, enforced by the partial unique index. */
export const awards = pgTable(
  'awards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    bidId: uuid('bid_id')
      .notNull()
      .references(() => bids.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['awarded', 'declined'] })
      .notNull()
      .default('awarded'),
    declineReason: text('decline_reason'),
    awardedBy: uuid('awarded_by').notNull(),
    awardedAt: timestamp('awarded_at', { withTimezone: true }).notNull(),
    /**
     * The drawing of lots when bids tied for the best remaining rank (ADR 017): the seed, the tied bids
     * sorted by id, the index and the bid drawn (app/domain/lots.ts). Null when no tie was resolved.
     */
    lots: jsonb('lots').$type<{ seed: string; candidates: string[]; index: number; drawn: string; rank: number }>(),
    /** Better- or equal-ranked bids passed over because their organization no longer qualified at award, and why. */
    skipped: jsonb('skipped').$type<SkippedBid[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('awards_one_live_uq')
      .on(t.projectId)
      .where(sql`${t.status} = 'awarded'`),
  ],
);

/** Bidding bans (§4.3 sanctions): an organization may not bid until the date. */
export const biddingBans = pgTable(
  'bidding_bans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    until: date('until').notNull(),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('bidding_bans_org_idx').on(t.organizationId)],
);
