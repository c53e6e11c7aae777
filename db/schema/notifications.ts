import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * A person's in-app inbox: one row per person told of one event, written in the transaction that
 * changed the state (so nobody is told of what did not happen, and nothing that happened goes
 * untold). `kind` is a NotificationKind (app/domain/notifications.ts); `params` the message's
 * parameters; `href` where the work is done. `dedupe_key` makes a repeated event (a reminder run
 * twice, a job retried) one row per person.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    href: text('href').notNull(),
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`${t.readAt} IS NULL`),
    uniqueIndex('notifications_dedupe_uq').on(t.userId, t.dedupeKey),
    // The deadlines sweep asks which events were already told, by key, before it looks for recipients.
    index('notifications_dedupe_key_idx')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
    check('notifications_href_ck', sql`${t.href} LIKE '/%'`),
  ],
);

/** A person's choice of channels per kind; no row means the kind's default (app/domain/notifications.ts). */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    enabled: boolean('enabled').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] }), check('notification_preferences_channel_ck', sql`${t.channel} IN ('email', 'sms')`)],
);

/**
 * Every e-mail and SMS the platform sends or would send: one row per notification and channel
 * (unique), so a delivery job run twice sends once. With no SMTP configured the row stays `kept`
 * and the administrator reads it at /admin/outbox.
 */
export const outboundMessages = pgTable(
  'outbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'string' }),
    /** When the current attempt took the message (database time): a worker that died mid-send frees it after a lease. */
    claimedAt: timestamp('claimed_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    uniqueIndex('outbound_messages_once_uq').on(t.notificationId, t.channel),
    index('outbound_messages_created_idx').on(t.createdAt),
    check('outbound_messages_channel_ck', sql`${t.channel} IN ('email', 'sms')`),
    check('outbound_messages_status_ck', sql`${t.status} IN ('sending', 'sent', 'kept', 'failed')`),
  ],
);
