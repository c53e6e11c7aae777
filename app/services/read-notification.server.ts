import { and, eq } from 'drizzle-orm';
import { notifications } from '#db/schema';
import type { Db } from '#db/client';
import { AppError } from '~/lib/errors';
import type { UseCaseContext } from './context';
import { markRead } from './notify.server';

/**
 * The person opens one of their notifications: it is marked read and its link returned. Anyone
 * else's notification is not found (404), so an id says nothing about whose it is. Reading writes
 * no audit row: it changes nothing anyone else sees.
 */
export async function openNotification(db: Db, ctx: UseCaseContext, notificationId: string): Promise<{ href: string }> {
  const [n] = await db
    .select({ href: notifications.href })
    .from(notifications)
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, ctx.actor.userId)));
  if (!n) throw new AppError('notFound');
  await markRead(db, ctx.actor.userId, notificationId);
  return { href: n.href };
}

/** Every unread notification of the person, marked read; how many were. */
export async function readAllNotifications(db: Db, ctx: UseCaseContext): Promise<number> {
  return markRead(db, ctx.actor.userId);
}
