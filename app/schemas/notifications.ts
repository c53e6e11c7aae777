import { z } from 'zod';
import { NOTIFICATION_KINDS } from '~/domain/notifications';
import { idField, list } from './fields';

const kind = z.enum(NOTIFICATION_KINDS, 'errors.invalid');

/** Open one notification (marks it read, goes to its link), or mark them all read. */
export const OpenNotificationSchema = z.object({ id: idField() });

/**
 * The preferences form: one hidden `kinds` value per kind shown, and a checkbox per kind and channel
 * (`email`, `sms`, valued with the kind). A kind not shown keeps its choice; an empty form is refused.
 */
export const NotificationPreferencesSchema = z
  .object({
    kinds: list(kind).refine((v) => v.length > 0, 'notificationPrefs.errors.kinds'),
    email: list(kind),
    sms: list(kind),
  })
  .superRefine((v, ctx) => {
    for (const channel of ['email', 'sms'] as const) {
      if (v[channel].some((k) => !v.kinds.includes(k))) ctx.addIssue({ code: 'custom', path: [channel], message: 'notificationPrefs.errors.kinds' });
    }
  });
