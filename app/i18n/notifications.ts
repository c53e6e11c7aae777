import { formatDate, formatDateTime, formatFen, keyUnder, messageKeyOr, translator, type Locale, type Params } from './i18n';

export interface NotificationText {
  title: string;
  body: string;
}

/**
 * A notification's parameters as its message shows them. They are stored as data when the event
 * happens and formatted here, in the reader's language, by their name's ending (the ending is
 * dropped): `amountFen` (integer fen) → {amount} as money; `deadlineAt` (an ISO instant) → {deadline}
 * as date and time in China; `dueOn` (YYYY-MM-DD) → {due} as a date; `outcomeKey` (a message key)
 * → {outcome}, that message in the reader's language. Anything else is shown as it is.
 */
export function notificationParams(locale: Locale, params: Readonly<Record<string, string | number>>): Params {
  const t = translator(locale);
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (name.endsWith('Fen') && typeof value === 'number' && Number.isInteger(value)) out[name.slice(0, -3)] = formatFen(value, locale);
    else if (name.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) out[name.slice(0, -2)] = formatDateTime(value, locale);
    else if (name.endsWith('On') && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) out[name.slice(0, -2)] = formatDate(value, locale);
    else if (name.endsWith('Key') && typeof value === 'string') out[name.slice(0, -3)] = t(messageKeyOr(value));
    else out[name] = value;
  }
  return out;
}

/**
 * The title and body of a notification (`notification.kind.<kind>.title|body`) in a language: the
 * inbox, the e-mail and the SMS all read them from here. `kind` is read from a row, hence a string.
 */
export function notificationText(locale: Locale, kind: string, params: Readonly<Record<string, string | number>>): NotificationText {
  const t = translator(locale);
  const shown = notificationParams(locale, params);
  return { title: t(keyUnder('notification.kind', `${kind}.title`), shown), body: t(keyUnder('notification.kind', `${kind}.body`), shown) };
}

/** The e-mail of a notification: subject and plain text with the link to where the work is done. */
export function notificationEmail(locale: Locale, text: NotificationText, links: { open: string; preferences: string }) {
  const t = translator(locale);
  const app = t('app.name');
  return {
    subject: t('notification.email.subject', { app, title: text.title }),
    text: [
      text.body,
      '',
      t('notification.email.open', { url: links.open }),
      '',
      '--',
      t('notification.email.footer', { app, url: links.preferences }),
      '',
    ].join('\n'),
  };
}

/** The SMS of a notification: short, its title and the link. */
export function notificationSms(locale: Locale, text: NotificationText, link: string): string {
  const t = translator(locale);
  return t('notification.sms.text', { app: t('app.name'), title: text.title, url: link });
}
