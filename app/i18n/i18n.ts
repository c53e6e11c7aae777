import type { Catalog, Message, MessageKey } from './catalog';
import { zhCN } from './zh-CN';
import { en } from './en';

export type { Catalog, Message, MessageKey, PluralMessage } from './catalog';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const MESSAGES = { 'zh-CN': zhCN, en } satisfies Record<Locale, Catalog>;

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export type Params = Record<string, string | number>;

/** The keys some language writes in plural forms: pass their count as a number in `n`, which chooses the form. */
export type PluralKey = { [K in MessageKey]: (typeof en)[K] extends string ? never : K }[MessageKey];

/**
 * Only message keys: a literal, or a template literal over a typed union (`project.status.${ProjectStatus}`).
 * A key that arrives as data goes through `keyUnder` (a family and a value) or `messageKeyOr` (a whole key).
 * Not generic on purpose: a signature that also demanded `n` of plural keys made the typecheck several
 * times slower; a plural message without a numeric `n` shows its `other` form.
 */
export type Translate = (key: MessageKey, params?: Params) => string;

const zhKeys: ReadonlySet<string> = new Set(Object.keys(zhCN));

/** Whether a string read from data (a zod issue, a reply, a query's row) is one of the catalog's keys. */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && zhKeys.has(key);
}

/**
 * The translation edge for keys that come as data, which the compiler cannot see: the key if the catalog
 * has it, else the fallback (a sentence the person can read, rather than a key). Keys written in code are
 * checked by the type of `t()` instead.
 */
export function messageKeyOr(key: unknown, fallback: MessageKey = 'errors.invalid'): MessageKey {
  return isMessageKey(key) ? key : fallback;
}

/** The keys of one family: KeysUnder<'category'> is 'category.education' | 'category.elderly' | … */
export type KeysUnder<P extends string> = Extract<MessageKey, `${P}.${string}`>;

/** A prefix that starts some keys (`'contract.rail'`), or never: so a misspelt family fails the typecheck. */
export type KeyFamily<P extends string> = [KeysUnder<P>] extends [never] ? never : P;

/**
 * A key built from a value read as data (a text column, a JSON field typed `string`): the family is checked
 * by the compiler, the value cannot be. A value the catalog lacks builds a key that t() shows as itself
 * (a gap seen, not a blank), as before keys were typed. When the value has a union type
 * (`ContractStatus`), write the template literal instead: `t(\`contract.status.${status}\`)` checks fully.
 * Returns MessageKey, not KeysUnder<P>: inferring P back from t()'s parameter type made the typecheck crawl.
 */
export function keyUnder<P extends string>(family: P & KeyFamily<P>, value: string | number): MessageKey {
  return `${family}.${value}` as MessageKey;
}

/**
 * Looks a key up and fills {placeholders}. A plural message picks its form by Intl.PluralRules on the
 * number `n` and shows that number with the language's digit grouping. An unknown key (only possible
 * around the type system) shows itself, so a gap is visible, not blank.
 */
export function translator(locale: Locale): Translate {
  const messages = MESSAGES[locale] as Record<string, Message | undefined>;
  return (key, params) => {
    const message = messages[key] ?? key;
    const template = typeof message === 'string' ? message : pluralForm(message, locale, params?.n);
    if (!params) return template;
    const counted = PLURAL_KEYS.has(key);
    return template.replace(/\{(\w+)\}/g, (m, name: string) => {
      if (!(name in params)) return m;
      const value = params[name]!;
      return name === 'n' && counted && typeof value === 'number' ? formatNumber(value, locale) : String(value);
    });
  };
}

/** Messages that count in some language: their `{n}` is shown with digit grouping in every language. */
const PLURAL_KEYS: ReadonlySet<string> = new Set(
  Object.values(MESSAGES).flatMap((catalog) => Object.entries(catalog as Record<string, Message>).flatMap(([k, m]) => (typeof m === 'string' ? [] : [k]))),
);

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralForm(message: Exclude<Message, string>, locale: Locale, n: unknown): string {
  if (typeof n !== 'number') return message.other;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return message[rules.select(n)] ?? message.other;
}

const listFormats = new Map<Locale, Intl.ListFormat>();

/**
 * Items shown as one phrase, joined as the language joins them: 教育、养老、助残 in Chinese ('narrow' keeps
 * the 、 between every item, without 和), "education, elderly care, and disability" in English.
 */
export function formatList(locale: Locale, items: readonly string[]): string {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { type: 'conjunction', style: locale === 'en' ? 'long' : 'narrow' })));
  return f.format(items);
}

// Intl formatters are costly to build (about a tenth of a page's CPU when made per call): one per locale.
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<Locale, Intl.DateTimeFormat>();

function numberFormat(locale: Locale) {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN')));
  return f;
}

/** Money is integer fen; shown as ¥1,234.56 in both languages. */
export function formatFen(fen: number, locale: Locale): string {
  if (!Number.isInteger(fen)) throw new Error('money must be integer fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${numberFormat(locale).format(yuan)}.${cents}`;
}

export function formatDate(value: string | Date, locale: Locale): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  let f = dateFormats.get(locale);
  if (!f)
    dateFormats.set(
      locale,
      (f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric', timeZone: 'Asia/Shanghai' })),
    );
  return f.format(d);
}

export function formatDateTime(value: string | Date, locale: Locale): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  let f = dateTimeFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'Asia/Shanghai',
    });
    dateTimeFormats.set(locale, f);
  }
  return f.format(d);
}

export function formatNumber(n: number, locale: Locale): string {
  return numberFormat(locale).format(n);
}
