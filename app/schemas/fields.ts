import { z } from 'zod';
import { PASSWORD_MAX } from '~/domain/account';
import { parseIsoDate, parseLocalDateTime } from '~/domain/dates';
import { isUuid } from '~/domain/ids';
import { parseYuanToFen } from '~/domain/money';
import { hasControlCharacters, stripControlCharacters } from '~/domain/text';
import type { MessageKey } from '~/i18n/catalog';

/**
 * The building blocks of every form schema: each text field is trimmed, has a maximum length and
 * refuses control characters; ids, dates, datetimes and money have one strict reading each. Field
 * errors are message keys (typed `MessageKey`, so a typo fails the typecheck); `errors.*` keys are the generic ones.
 */
export interface TextOptions {
  max: number;
  min?: number;
  /** Tab and line breaks are allowed (textareas); single-line fields refuse them after trimming. */
  multiline?: boolean;
  /** The key when the field is missing or blank; without it a blank value meets `min` (or passes). */
  required?: MessageKey;
  tooShort?: MessageKey;
  tooLong?: MessageKey;
}

export const CONTROL_CHARACTERS: MessageKey = 'errors.controlCharacters';

/**
 * The zod error map every form is parsed with (server and browser alike): a field's own message
 * key when its schema names one, otherwise a generic key. So every field error is a message key.
 */
export const messageKeyErrors = (issue: { code: string; input?: unknown }): MessageKey =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'errors.required' : 'errors.invalid';

/**
 * A list field (a checkbox group, rows of a table): the form posts one value, several, or none, and
 * the schema always sees an array.
 */
export const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export function text(o: TextOptions) {
  let s = z
    .string({ error: o.required ?? 'errors.required' })
    .trim()
    .refine((v) => !hasControlCharacters(v, { multiline: o.multiline }), CONTROL_CHARACTERS);
  if (o.required) s = s.min(1, o.required);
  if (o.min) s = s.min(o.min, o.tooShort ?? o.tooLong ?? 'errors.invalid');
  return s.max(o.max, o.tooLong ?? 'errors.tooLong');
}

/** A password as typed: never trimmed; length limits from the account rules. */
export const passwordText = () =>
  z
    .string({ error: 'errors.required' })
    .min(1, 'errors.required')
    .max(PASSWORD_MAX, 'auth.errors.password.tooLong')
    .refine((v) => !hasControlCharacters(v), CONTROL_CHARACTERS);

/** A record id chosen in a form (a select, a hidden field): a UUID, or the field's message. */
export const idField = (key: MessageKey = 'errors.invalid') =>
  z
    .string({ error: key })
    .trim()
    .refine((v) => isUuid(v), key);

/** A `date` field: YYYY-MM-DD of a day that exists. */
export const dateField = (key: MessageKey = 'errors.date') =>
  z
    .string({ error: key })
    .trim()
    .refine((v) => parseIsoDate(v) !== null, key);

/** A `datetime-local` field: YYYY-MM-DDTHH:MM(:SS) with a real day, hour and minute. */
export const dateTimeField = (key: MessageKey) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .refine((v) => parseLocalDateTime(v) !== null, key);

/** Yuan as typed (full-width digits and separators included) → positive integer fen. */
export const moneyField = (key: MessageKey) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      const fen = parseYuanToFen(v);
      if (fen === null || fen <= 0) {
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }
      return fen;
    });

/** A number typed in a field (full-width digits read too), within bounds; whole unless `decimals`. */
export const numberField = (o: { min: number; max: number; key: MessageKey; decimals?: boolean }) =>
  z.string({ error: 'errors.required' }).transform((raw, ctx) => {
    const v = raw.trim().replace(/[\uFF10-\uFF19]/g, (d) => String(d.charCodeAt(0) - 0xff10));
    const fail = (message: MessageKey) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (!v) return fail('errors.required');
    if (!/^-?\d+(\.\d+)?$/.test(v)) return fail('errors.number');
    if (!o.decimals && v.includes('.')) return fail('errors.integer');
    const n = Number(v);
    return n >= o.min && n <= o.max ? n : fail(o.key);
  });

/**
 * Query parameters: a search box keeps what was typed minus control characters (a person pasting
 * a NUL wants the rest searched); anything longer than `max` is dropped as no filter at all.
 */
export const searchText = (max: number) =>
  z
    .string()
    .transform(stripControlCharacters)
    .pipe(z.string().max(max))
    .transform((v) => v || undefined)
    .optional()
    .catch(undefined);

/** A page number in a query: 1 … max; anything else is page 1. */
export const pageParam = (max = 10_000) => z.coerce.number().int().min(1).max(max).catch(1);
