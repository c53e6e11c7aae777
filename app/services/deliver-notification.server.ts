import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { notificationPreferences, notifications, outboundMessages, users } from '#db/schema';
import type { Db } from '#db/client';
import { DELIVERY_CHANNELS, isNotificationKind, wantsChannel, type DeliveryChannel } from '~/domain/notifications';
import { DEFAULT_LOCALE, isLocale, type Locale } from '~/i18n/i18n';
import { notificationEmail, notificationSms, notificationText } from '~/i18n/notifications';
import { now } from '~/lib/clock.server';
import { appUrlOf, env } from '~/lib/env.server';
import { mailer } from '~/lib/mail.server';
import { safeNext } from '~/lib/redirects';
import { smsSender } from '~/lib/sms.server';

type Message = typeof outboundMessages.$inferSelect;

/**
 * Sends one notification's e-mail and SMS (the `notification-deliver` job's handler). Jobs run at
 * least once, so this is idempotent: each channel's message is one `outbound_messages` row (unique per
 * notification and channel), claimed before the send and marked after it; a message already sent
 * or kept is never sent again, and a second worker racing for the same row loses the claim.
 *
 * For each channel the person wants for this kind (their choices, else the kind's default) and has
 * an address for (users.email, users.mobile), the message is written in the person's language with
 * an absolute link, then sent outside any transaction. With no SMTP server configured e-mail is kept
 * (`kept`) in the outbox, as is SMS through the logging gateway. A send that fails is recorded
 * (`failed`, attempts, last error) after every channel was tried, and then thrown, so the job is
 * retried with backoff; the retry sends only what is not yet sent. A message sent whose marking was
 * lost is sent again on retry under the same Message-ID, so a mail client shows it once.
 */
export async function deliverNotification(db: Db, notificationId: string): Promise<void> {
  const [row] = await db
    .select({ n: notifications, email: users.email, mobile: users.mobile, locale: users.locale })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, notificationId));
  // Gone with its person (ON DELETE CASCADE), or a kind this version does not know: nothing to send.
  if (!row || !isNotificationKind(row.n.kind)) return;
  const kind = row.n.kind;
  const choices = await db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, row.n.userId), eq(notificationPreferences.kind, kind)));
  const locale: Locale = isLocale(row.locale) ? row.locale : DEFAULT_LOCALE;
  const base = appUrlOf(env());
  const links = {
    open: new URL(safeNext(row.n.href, base, '/notifications'), base).toString(),
    preferences: new URL('/account/notifications', base).toString(),
  };
  const text = notificationText(locale, kind, row.n.params);
  const failures: unknown[] = [];
  for (const channel of DELIVERY_CHANNELS) {
    const address = channel === 'email' ? row.email : row.mobile;
    if (!address || !wantsChannel(kind, channel, choices)) continue;
    const content = channel === 'email' ? notificationEmail(locale, text, links) : { subject: text.title, text: notificationSms(locale, text, links.open) };
    try {
      await deliverOne(db, { notificationId, channel, address, subject: content.subject, body: content.text, host: new URL(base).hostname });
    } catch (e) {
      failures.push(e);
    }
  }
  if (failures.length) throw failures[0];
}

interface Outgoing {
  notificationId: string;
  channel: DeliveryChannel;
  address: string;
  subject: string;
  body: string;
  /** The host of the app's public URL, for the Message-ID. */
  host: string;
}

async function deliverOne(db: Db, out: Outgoing): Promise<void> {
  const mail = out.channel === 'email' ? mailer() : null;
  const sms = out.channel === 'sms' ? smsSender() : null;
  // With no SMTP server there is nothing to send through: the message is kept for the administrator.
  const keepOnly = out.channel === 'email' && !mail;
  await db
    .insert(outboundMessages)
    .values({
      notificationId: out.notificationId,
      channel: out.channel,
      address: out.address,
      subject: out.subject,
      body: out.body,
      status: keepOnly ? 'kept' : 'sending',
      createdAt: now().toISOString(),
    })
    .onConflictDoNothing();
  const [message] = await db
    .select()
    .from(outboundMessages)
    .where(and(eq(outboundMessages.notificationId, out.notificationId), eq(outboundMessages.channel, out.channel)));
  if (!message || message.status === 'sent' || message.status === 'kept') return;
  const claimed = await claim(db, message);
  if (!claimed) return;
  try {
    if (mail) {
      await mail.send({ messageId: `<notification-${out.notificationId}@${out.host}>`, to: message.address, subject: message.subject, text: message.body });
    } else if (sms) {
      await sms.send({ id: message.id, to: message.address, text: message.body });
    }
  } catch (e) {
    await db
      .update(outboundMessages)
      .set({ status: 'failed', lastError: String((e as Error)?.message ?? e).slice(0, 500) })
      .where(eq(outboundMessages.id, message.id));
    throw e;
  }
  const delivered = !!mail || !!sms?.delivers;
  await db
    .update(outboundMessages)
    .set({ status: delivered ? 'sent' : 'kept', sentAt: delivered ? now().toISOString() : null, lastError: null })
    .where(eq(outboundMessages.id, message.id));
}

/**
 * How long an attempt holds a message: past it, a message still `sending` is taken to belong to a worker that died
 * mid-send and is taken again. Far longer than a send may take (nodemailer gives up within two minutes).
 */
const CLAIM_LEASE = sql`interval '10 minutes'`;

/**
 * Takes the message for this attempt: counts the attempt, only if nobody has since the row was read
 * (a second worker's update waits for the first's and then finds the count moved), and only if no other
 * attempt holds it: a message never tried, one whose last attempt failed, or one whose attempt's lease ran out.
 */
async function claim(db: Db, message: Message): Promise<boolean> {
  const free = or(
    eq(outboundMessages.status, 'failed'),
    and(eq(outboundMessages.status, 'sending'), or(isNull(outboundMessages.claimedAt), lt(outboundMessages.claimedAt, sql`now() - ${CLAIM_LEASE}`))),
  );
  const rows = await db
    .update(outboundMessages)
    .set({ status: 'sending', attempts: sql`${outboundMessages.attempts} + 1`, claimedAt: sql`now()` })
    .where(and(eq(outboundMessages.id, message.id), eq(outboundMessages.attempts, message.attempts), free))
    .returning({ id: outboundMessages.id });
  return rows.length === 1;
}
