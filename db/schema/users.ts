import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { regions } from './regions';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    displayName: text('display_name').notNull(),
    /** Mainland mobile number, 11 digits, or null. */
    mobile: text('mobile'),
    /** Lower-cased e-mail, or null. At least one of mobile/email is set. */
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    locale: text('locale').notNull().default('zh-CN'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_mobile_uq').on(t.mobile), uniqueIndex('users_email_uq').on(t.email)],
);

/** Sessions after Lucia's guide: the id is the SHA-256 (hex) of the token in the cookie. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }).notNull(),
    /** Absolute expiry: created_at + the absolute lifetime. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: ['platformAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff', 'orgAdmin', 'orgMember', 'evaluator'],
    }).notNull(),
    regionCode: text('region_code').references(() => regions.code),
    organizationId: uuid('organization_id').references(() => organizations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('role_assignments_user_idx').on(t.userId),
    index('role_assignments_org_idx').on(t.organizationId),
    uniqueIndex('role_assignments_uq').on(
      t.userId,
      t.role,
      sql`coalesce(${t.regionCode}, '')`,
      sql`coalesce(${t.organizationId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
  ],
);

/**
 * Attempts at the pages that check a password or open an account, kept in the database so the
 * limits hold across app processes (app/domain/throttle.ts, ADR 012). `account` is `user:<id>`,
 * `ident:<sha256 of the identifier>` when it names no account (what was typed is not stored), or
 * null for a sign-up (it counts only for its address); `ip` is the address key (an IPv6 /64 as
 * one). Refused attempts are not stored and rows older than the longest window are pruned, so the
 * table stays bounded.
 */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account'),
    ip: text('ip').notNull(),
    kind: text('kind', { enum: ['signIn', 'signUp', 'password'] })
      .notNull()
      .default('signIn'),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('login_attempts_account_idx').on(t.account, t.at),
    index('login_attempts_ip_idx').on(t.ip, t.at),
    index('login_attempts_at_idx').on(t.at),
    check('login_attempts_kind_ck', sql`${t.kind} IN ('signIn', 'signUp', 'password')`),
  ],
);
