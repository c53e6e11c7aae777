import { sql } from 'drizzle-orm';
import { bigint, boolean, check, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { projects } from './projects';
import { regions } from './regions';
import { users } from './users';

/**
 * The expert pool (财库〔2016〕198号): a profile for a user with the evaluator role, kept by the
 * province or city bureau; the expert keeps their own declared relations. Panels are drawn from the
 * active profiles (app/domain/panel-draw.ts, ADR 024).
 */
export const expertProfiles = pgTable('expert_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  /** Service categories (the catalog's codes, as on projects). */
  specialties: text('specialties').array().notNull(),
  /** Where the expert lives or works; at community level it counts for avoidance. */
  regionCode: text('region_code').references(() => regions.code),
  /** The employer when it is an organization on the platform, else its name. */
  employerOrganizationId: uuid('employer_organization_id').references(() => organizations.id),
  employerName: text('employer_name'),
  active: boolean('active').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/** Organizations an expert declares a relation with (kin, former employer, adviser …): they never judge its bids. */
export const expertRelations = pgTable(
  'expert_relations',
  {
    expertUserId: uuid('expert_user_id')
      .notNull()
      .references(() => expertProfiles.userId),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    note: text('note').notNull(),
    declaredAt: timestamp('declared_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.expertUserId, t.organizationId] })],
);

/**
 * Each step of a project's panel draw: step 0 is the draw (seed, sorted candidates, who was avoided and
 * why, who was drawn); a later step is a replacement for a recused member, drawn from the same candidates
 * with the same seed continuing at `counterStart`. Anyone can re-run them with `drawPanel`.
 */
export const panelDraws = pgTable(
  'panel_draws',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    step: integer('step').notNull(),
    seed: text('seed').notNull(),
    /** Sorted by id; for a replacement, the draw's candidates not yet drawn. */
    candidateIds: uuid('candidate_ids').array().notNull(),
    excluded: jsonb('excluded').$type<{ userId: string; reasons: string[] }[]>().notNull(),
    fallback: boolean('fallback').notNull().default(false),
    size: integer('size').notNull(),
    counterStart: integer('counter_start').notNull(),
    counterEnd: integer('counter_end').notNull(),
    /** In the order drawn (empty when a replacement found no candidate left). */
    drawnIds: uuid('drawn_ids').array().notNull(),
    /** For a replacement: the member who recused. */
    replacesUserId: uuid('replaces_user_id').references(() => users.id),
    drawnBy: uuid('drawn_by')
      .notNull()
      .references(() => users.id),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('panel_draws_step_uq').on(t.projectId, t.step)],
);

/**
 * What the province sets for panels (ADR 024): the budget at or above which a panel has at least five
 * members. One row; until the province saves one, the default in app/domain/panel-draw.ts applies.
 */
export const panelSettings = pgTable(
  'panel_settings',
  {
    id: integer('id').primaryKey().default(1),
    largeBudgetFen: bigint('large_budget_fen', { mode: 'number' }).notNull(),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('panel_settings_one_row_ck', sql`${t.id} = 1`), check('panel_settings_positive_ck', sql`${t.largeBudgetFen} > 0`)],
);
