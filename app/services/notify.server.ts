import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '#db/client';
import { notifications, users } from '#db/schema';
import type { NotificationKind } from '~/domain/notifications';
import { enqueue, QUEUES } from '~/lib/jobs.server';

export interface NotifyInput {
  /** User ids; repeats and nulls are dropped. */
  recipients: ReadonlyArray<string | null | undefined>;
  kind: NotificationKind;
  /** The message's parameters (`notification.kind.<kind>.title|body`): titles, numbers, dates as ISO text. */
  params?: Record<string, string | number>;
  /** Where the work is done, a path of this app. */
  href: string;
  /** The same event told twice (a reminder's second run, a retried job) is one row per person. */
  dedupeKey?: string;
}

/**
 * Tell people of an event, inside the transaction that made it happen: their inbox rows are
 * written here, and one delivery job per row is enqueued (e-mail/SMS by their choices), so both
 * commit with the state change or not at all. Never awaits anything outside the database.
 */
export async function notify(tx: Executor, input: NotifyInput): Promise<void> {
  const recipients = [...new Set(input.recipients.filter((r): r is string => !!r))];
  if (!recipients.length) return;
  const rows = await tx
    .insert(notifications)
    .values(recipients.map((userId) => ({ userId, kind: input.kind, params: input.params ?? {}, href: input.href, dedupeKey: input.dedupeKey ?? null })))
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  for (const row of rows) await enqueue(tx, QUEUES.deliver, { notificationId: row.id });
}

/** Mark one of the person's notifications, or all of them, read. */
export async function markRead(tx: Executor, userId: string, id?: string): Promise<number> {
  const rows = await tx
    .update(notifications)
    .set({ readAt: new Date().toISOString() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Existing users among `ids` (a recipient list built from role rows may name a removed person). */
export async function existingUsers(tx: Executor, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  return (await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids))).map((r) => r.id);
}
