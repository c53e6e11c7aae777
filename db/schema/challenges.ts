import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { bids, projects } from './projects';
import { users } from './users';

export const CHALLENGE_MATTERS = ['result', 'ranking', 'process'] as const;
export const CHALLENGE_STATUSES = ['open', 'answered'] as const;
export const CHALLENGE_OUTCOMES = ['dismissed', 'upheld'] as const;

/**
 * Challenges (质疑, 政府采购法 §52–53; 财政部令第94号): a bidder of the project challenges the result,
 * the ranking of a named bid or the process during the challenge window, and the purchasing unit
 * answers in writing within 7 working days. The answer is published without naming who challenged:
 * `organizationId` and `filedBy` are for the record and for the challenger's own view only.
 */
export const projectChallenges = pgTable(
  'project_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    filedBy: uuid('filed_by')
      .notNull()
      .references(() => users.id),
    matter: text('matter', { enum: CHALLENGE_MATTERS }).notNull(),
    /** The bid whose ranking is challenged (matter `ranking` only). */
    bidId: uuid('bid_id').references(() => bids.id),
    reasons: text('reasons').notNull(),
    evidence: text('evidence').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    /** The end of the 7th working day after receipt (94号令 §13), fixed when filed. */
    answerDueAt: timestamp('answer_due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: CHALLENGE_STATUSES }).notNull().default('open'),
    answer: text('answer'),
    outcome: text('outcome', { enum: CHALLENGE_OUTCOMES }),
    /** What the purchaser will do about an upheld challenge (required then); nothing changes on its own. */
    remedy: text('remedy'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    answeredBy: uuid('answered_by').references(() => users.id),
  },
  (t) => [
    index('project_challenges_project_idx').on(t.projectId, t.filedAt),
    // One open challenge per organization per project at a time.
    uniqueIndex('project_challenges_one_open_uq')
      .on(t.projectId, t.organizationId)
      .where(sql`${t.status} = 'open'`),
  ],
);
