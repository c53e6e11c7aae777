import { and, eq } from 'drizzle-orm';
import { notificationPreferences } from '#db/schema';
import type { Db } from '#db/client';
import { DELIVERY_CHANNELS, defaultChannel, wantsChannel, type NotificationKind } from '~/domain/notifications';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

export interface NotificationPreferencesInput {
  /** The kinds the form showed: only their choices are changed (a kind added since is left at its default). */
  kinds: NotificationKind[];
  /** Of those, the kinds wanted by e-mail, and by SMS. */
  email: NotificationKind[];
  sms: NotificationKind[];
}

/**
 * The person chooses channels per kind. A choice equal to the kind's default is stored as no row,
 * so the person keeps following the default; one that differs is a row. One transaction, with an
 * audit row naming each change; saving what is already chosen writes nothing.
 */
export async function saveNotificationPreferences(db: Db, ctx: UseCaseContext, input: NotificationPreferencesInput) {
  const userId = ctx.actor.userId;
  return db.transaction(async (tx) => {
    const stored = await tx.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).for('update');
    const changes: { kind: NotificationKind; channel: 'email' | 'sms'; enabled: boolean }[] = [];
    for (const kind of new Set(input.kinds)) {
      for (const channel of DELIVERY_CHANNELS) {
        const enabled = input[channel].includes(kind);
        const row = stored.find((s) => s.kind === kind && s.channel === channel);
        if (wantsChannel(kind, channel, stored) !== enabled) changes.push({ kind, channel, enabled });
        if (enabled === defaultChannel(kind, channel)) {
          if (row)
            await tx
              .delete(notificationPreferences)
              .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind), eq(notificationPreferences.channel, channel)));
        } else if (!row || row.enabled !== enabled) {
          await tx
            .insert(notificationPreferences)
            .values({ userId, kind, channel, enabled })
            .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind, notificationPreferences.channel], set: { enabled } });
        }
      }
    }
    if (changes.length) {
      await recordAudit(tx, {
        actorUserId: userId,
        actorRole: 'owner',
        action: 'notification.preferences',
        subjectType: 'user',
        subjectId: userId,
        summary: { after: changes },
        requestId: ctx.requestId,
      });
    }
    return { changed: changes.length };
  });
}
