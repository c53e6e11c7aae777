import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { filingApplications, organizations } from './organizations';
import { awards, bids, projects } from './projects';

/**
 * Contracts from awards (payer: the purchasing unit) and subcontracts under them (payer: the hub or
 * county service organization holding the parent contract). Money is integer fen.
 */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    awardId: uuid('award_id').references(() => awards.id),
    parentContractId: uuid('parent_contract_id'),
    /** Who pays: the purchasing unit (role + region) for a contract, an organization for a subcontract. */
    purchaserRole: text('purchaser_role'),
    purchaserRegionCode: text('purchaser_region_code'),
    payerOrganizationId: uuid('payer_organization_id').references(() => organizations.id),
    payeeOrganizationId: uuid('payee_organization_id')
      .notNull()
      .references(() => organizations.id),
    title: text('title').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    fundingSource: text('funding_source').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    paymentRail: text('payment_rail', { enum: ['treasury', 'stripe'] })
      .notNull()
      .default('treasury'),
    status: text('status', { enum: ['draft', 'signed', 'completed', 'terminated'] })
      .notNull()
      .default('draft'),
    payerConfirmedAt: timestamp('payer_confirmed_at', { withTimezone: true }),
    payeeConfirmedAt: timestamp('payee_confirmed_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    /** Final acceptance (验收): a rating 1–5 and a comment that later assessments read. */
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    /** The written final-acceptance opinion (验收意见) and the optional performance evaluation (绩效评价), 0–100 (ADR 022). */
    acceptanceOpinion: text('acceptance_opinion'),
    performanceScore: integer('performance_score'),
    /** Subcontracting terms the purchaser states (政府采购法 §48): the largest share in whole percent (0 = none) and the main work kept. */
    subcontractMaxPercent: integer('subcontract_max_percent').notNull().default(0),
    subcontractExcludedWork: text('subcontract_excluded_work'),
    /** A subcontract's consent by the parent contract's purchaser: given or refused, in writing, by whom and when; null while it waits. */
    consentDecision: text('consent_decision', { enum: ['given', 'refused'] }),
    consentText: text('consent_text'),
    consentBy: uuid('consent_by'),
    consentAt: timestamp('consent_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    statusReason: text('status_reason'),
    terminatedAt: timestamp('terminated_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One contract per live award.
    uniqueIndex('contracts_award_uq')
      .on(t.awardId)
      .where(sql`${t.awardId} IS NOT NULL AND ${t.status} <> 'terminated'`),
    index('contracts_parent_idx').on(t.parentContractId),
    index('contracts_payee_idx').on(t.payeeOrganizationId),
    index('contracts_project_idx').on(t.projectId),
    // The contracts a purchasing unit pays, and those a hub pays (its subcontracts): the workspace's
    // lists and the navigation's number start from them on every page of their staff.
    index('contracts_purchaser_idx').on(t.purchaserRegionCode, t.purchaserRole),
    index('contracts_payer_org_idx')
      .on(t.payerOrganizationId)
      .where(sql`${t.payerOrganizationId} IS NOT NULL`),
  ],
);

/** Numbered amendments to a signed contract; both sides confirm. */
export const contractAmendments = pgTable(
  'contract_amendments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    number: integer('number').notNull(),
    /** What changes: { endDate?, dueDates?: { milestoneId: date } }, and the values before, for the record. */
    changes: jsonb('changes').notNull(),
    before: jsonb('before'),
    /** Why the proposing side asks for it. */
    reason: text('reason'),
    proposedBySide: text('proposed_by_side', { enum: ['payer', 'payee'] }).notNull(),
    status: text('status', { enum: ['proposed', 'inForce', 'declined', 'withdrawn'] })
      .notNull()
      .default('proposed'),
    payerConfirmedAt: timestamp('payer_confirmed_at', { withTimezone: true }),
    payeeConfirmedAt: timestamp('payee_confirmed_at', { withTimezone: true }),
    /** When it was declined or withdrawn, and why. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('contract_amendments_number_uq').on(t.contractId, t.number),
    // At most one amendment waiting for an answer per contract, whoever proposes it and however concurrently.
    uniqueIndex('contract_amendments_open_uq')
      .on(t.contractId)
      .where(sql`${t.status} = 'proposed'`),
  ],
);

export const milestones = pgTable(
  'milestones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    kind: text('kind', { enum: ['delivery', 'reporting', 'payment'] }).notNull(),
    dueDate: date('due_date').notNull(),
    status: text('status', { enum: ['pending', 'submitted', 'accepted', 'returned'] })
      .notNull()
      .default('pending'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  },
  (t) => [index('milestones_contract_idx').on(t.contractId, t.position)],
);

export const tranches = pgTable(
  'tranches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    position: integer('position').notNull(),
    percent: integer('percent').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** Unlocked at signing (null) or when this milestone is accepted. */
    milestoneId: uuid('milestone_id').references(() => milestones.id),
    status: text('status', { enum: ['locked', 'unlocked', 'processing', 'paid'] })
      .notNull()
      .default('locked'),
    /** An advance (预付款) the contract names: the only tranche payable before the service period starts. */
    advance: boolean('advance').notNull().default(false),
    rail: text('rail', { enum: ['treasury', 'stripe'] }),
    /** Stored before any call to a payment rail and reused on every retry. */
    idempotencyKey: text('idempotency_key'),
    voucherNumber: text('voucher_number'),
    bankReference: text('bank_reference'),
    paymentDate: date('payment_date'),
    stripeTransferId: text('stripe_transfer_id'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
  },
  (t) => [index('tranches_contract_idx').on(t.contractId, t.position), uniqueIndex('tranches_idempotency_uq').on(t.idempotencyKey)],
);

/** What the organization hands in for a milestone; every round is kept. */
export const deliverables = pgTable(
  'deliverables',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    milestoneId: uuid('milestone_id')
      .notNull()
      .references(() => milestones.id),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id),
    round: integer('round').notNull(),
    report: text('report').notNull(),
    /** Beneficiaries served per group (DOMAIN.md §2.1), e.g. { emptyNestElderly: 120 }. */
    beneficiaries: jsonb('beneficiaries').notNull(),
    activityCount: integer('activity_count').notNull(),
    late: boolean('late').notNull(),
    status: text('status', { enum: ['submitted', 'accepted', 'returned'] })
      .notNull()
      .default('submitted'),
    /** The return's reasons, or the acceptance opinion (验收意见) that an acceptance requires. */
    reviewReason: text('review_reason'),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('deliverables_round_uq').on(t.milestoneId, t.round)],
);

/** The double-entry ledger: accounts, balanced transactions, entries (fen, signed). */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** appropriation: a unit's budget line (source × year), the counterpart that funds its funding-source account. */
    kind: text('kind', { enum: ['fundingSource', 'contract', 'organization', 'appropriation'] }).notNull(),
    ref: text('ref').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('ledger_accounts_ref_uq').on(t.kind, t.ref)],
);

export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['commitment', 'tranchepayment', 'appropriation'] }).notNull(),
    /** The contract moved (commitment, tranchepayment); none for an appropriation, which names its line. */
    contractId: uuid('contract_id').references(() => contracts.id),
    appropriationId: uuid('appropriation_id'),
    trancheId: uuid('tranche_id').references(() => tranches.id),
    description: text('description').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // A tranche is paid at most once, whatever the code does.
    uniqueIndex('ledger_transactions_tranche_uq')
      .on(t.trancheId)
      .where(sql`${t.kind} = 'tranchepayment'`),
    index('ledger_transactions_contract_idx').on(t.contractId),
  ],
);

export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  },
  (t) => [index('ledger_entries_tx_idx').on(t.transactionId), index('ledger_entries_account_idx').on(t.accountId)],
);

/** Stripe webhook events, each processed once however often or in whatever order it is delivered. */
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  payload: jsonb('payload').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  processedAt: timestamp('processed_at', { withTimezone: true }),
});

/** Files handed in with a deliverable, stored outside the web root under a generated name. */
/**
 * Files attached to a deliverable, a bid or a filing application (ADR 019): one table, one owner
 * column each, exactly one of them set (a CHECK). `kind` is what the file is by its content (pdf,
 * png…); `documentKind` is what it is for (a bid's qualification certificate, a filing's charter),
 * null on a deliverable's files. A deliverable's file also names its contract (the two sides read it).
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deliverableId: uuid('deliverable_id').references(() => deliverables.id),
    contractId: uuid('contract_id').references(() => contracts.id),
    bidId: uuid('bid_id').references(() => bids.id),
    filingApplicationId: uuid('filing_application_id').references(() => filingApplications.id),
    documentKind: text('document_kind'),
    originalName: text('original_name').notNull(),
    storedName: text('stored_name').notNull(),
    kind: text('kind').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('attachments_deliverable_idx').on(t.deliverableId),
    index('attachments_contract_idx').on(t.contractId),
    index('attachments_bid_idx').on(t.bidId),
    index('attachments_filing_idx').on(t.filingApplicationId),
    uniqueIndex('attachments_stored_uq').on(t.storedName),
    check('attachments_one_owner_ck', sql`num_nonnulls(${t.deliverableId}, ${t.bidId}, ${t.filingApplicationId}) = 1`),
    check('attachments_contract_of_deliverable_ck', sql`(${t.deliverableId} IS NULL) = (${t.contractId} IS NULL)`),
    check(
      'attachments_document_kind_ck',
      sql`(${t.deliverableId} IS NOT NULL AND ${t.documentKind} IS NULL)
        OR (${t.bidId} IS NOT NULL AND ${t.documentKind} IN ('qualification', 'budget', 'servicePlan', 'other'))
        OR (${t.filingApplicationId} IS NOT NULL AND ${t.documentKind} IN ('charter', 'memberList', 'leaderId', 'premises', 'other'))`,
    ),
  ],
);
