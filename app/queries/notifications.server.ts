import { and, count, desc, eq, isNull } from 'drizzle-orm';
import { notificationPreferences, notifications, outboundMessages } from '#db/schema';
import type { Executor } from '#db/client';

export const INBOX_PAGE_SIZE = 20;
export const OUTBOX_PAGE_SIZE = 50;

/** How many of the person's notifications are unread (the header's count; a partial index answers it). */
export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** The person's own notifications, newest first, a page at a time; never anyone else's. */
export async function inboxOf(db: Executor, userId: string, page: number, pageSize = INBOX_PAGE_SIZE) {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: notifications.id,
        kind: notifications.kind,
        params: notifications.params,
        href: notifications.href,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
      })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(notifications).where(eq(notifications.userId, userId)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The person's stored choices of channels (kinds absent: the defaults). */
export async function preferencesOf(db: Executor, userId: string) {
  return db
    .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel, enabled: notificationPreferences.enabled })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
}

export const OUTBOX_STATUSES = ['sending', 'sent', 'kept', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Every outbound e-mail and SMS, newest first (the administrator's outbox), optionally of one status. */
export async function outbox(db: Executor, page: number, status?: OutboxStatus, pageSize = OUTBOX_PAGE_SIZE) {
  const where = status ? eq(outboundMessages.status, status) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: outboundMessages.id,
        channel: outboundMessages.channel,
        address: outboundMessages.address,
        subject: outboundMessages.subject,
        status: outboundMessages.status,
        attempts: outboundMessages.attempts,
        lastError: outboundMessages.lastError,
        createdAt: outboundMessages.createdAt,
        sentAt: outboundMessages.sentAt,
      })
      .from(outboundMessages)
      .where(where)
      .orderBy(desc(outboundMessages.createdAt), desc(outboundMessages.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(outboundMessages).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
