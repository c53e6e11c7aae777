import { date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions';

const ORG_KINDS = ['communityOrg', 'hub', 'countyServiceOrg', 'socialWorkAgency'] as const;

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ORG_KINDS }).notNull(),
    legalStatus: text('legal_status', { enum: ['registered', 'filed'] }).notNull(),
    /** 统一社会信用代码, GB 32100-2015; set once registered. */
    uscc: text('uscc'),
    /** Filing number given by the street station; kept after registration. */
    filingNumber: text('filing_number'),
    /** Home community, or street for hubs, or county for county service organizations. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    serviceCategories: text('service_categories').array().notNull(),
    beneficiaryGroups: text('beneficiary_groups').array().notNull(),
    leaderName: text('leader_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    contactEmail: text('contact_email'),
    foundedOn: date('founded_on').notNull(),
    memberCount: integer('member_count').notNull(),
    charter: text('charter').notNull().default(''),
    rules: text('rules').notNull().default(''),
    status: text('status', { enum: ['active', 'suspended', 'exited'] })
      .notNull()
      .default('active'),
    statusReason: text('status_reason'),
    /** Stripe Connect account (acct_…) that receives tranches paid by the stripe rail; null otherwise. */
    stripeAccountId: text('stripe_account_id'),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_uscc_uq').on(t.uscc),
    uniqueIndex('organizations_filing_number_uq').on(t.filingNumber),
    // Region subtree (prefix of the code) with the directory's filter columns as trailing keys, so the
    // directory's count(*) and the region pages' per-child counts are index-only scans instead of
    // heap visits (npm run bench: PostgreSQL CPU per /orgs?category=…&r1=6101 request halved).
    // Replaces organizations_region_prefix_idx (region_code alone); drizzle has no INCLUDE.
    index('organizations_region_cover_idx').on(t.regionCode.op('text_pattern_ops'), t.status, t.legalStatus, t.kind, t.serviceCategories),
    index('organizations_name_idx').on(t.name),
  ],
);

/** §4.2: the leader applies, the committee first-reviews, the street station files. */
export const filingApplications = pgTable(
  'filing_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicantUserId: uuid('applicant_user_id').notNull(),
    status: text('status', {
      enum: ['submitted', 'returned', 'firstReviewPassed', 'filed', 'rejected', 'withdrawn'],
    }).notNull(),
    name: text('name').notNull(),
    /** The home community. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    serviceCategories: text('service_categories').array().notNull(),
    beneficiaryGroups: text('beneficiary_groups').array().notNull(),
    leaderName: text('leader_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    foundedOn: date('founded_on').notNull(),
    memberCount: integer('member_count').notNull(),
    charter: text('charter').notNull(),
    rules: text('rules').notNull(),
    /** The reason of the last return or rejection, shown to the applicant. */
    decisionReason: text('decision_reason'),
    revision: integer('revision').notNull().default(1),
    organizationId: uuid('organization_id').references(() => organizations.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('filing_applications_region_prefix_idx').on(t.regionCode.op('text_pattern_ops')),
    index('filing_applications_applicant_idx').on(t.applicantUserId),
  ],
);

/** The timeline of a filing application: one row per step, with who and when. */
export const filingSteps = pgTable(
  'filing_steps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => filingApplications.id),
    action: text('action', {
      enum: ['submit', 'resubmit', 'return', 'pass', 'file', 'reject', 'withdraw'],
    }).notNull(),
    actorUserId: uuid('actor_user_id').notNull(),
    actorRole: text('actor_role').notNull(),
    reason: text('reason'),
    revision: integer('revision').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('filing_steps_application_idx').on(t.applicationId, t.at)],
);
