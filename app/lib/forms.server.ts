import { data } from '@remix-run/node';
import type { Submission, SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';
import { messageKeyErrors } from '~/schemas/fields';
import { hasControlCharacters } from '~/domain/text';
import { AppError } from './errors';

export type FieldErrors = Record<string, string>;

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The one way an action reads its body. What is not a form answers before any field is looked at:
 * another content type (JSON, text, a declared charset other than UTF-8) 415, a body that does not
 * parse as its type (broken multipart) 400. A field name or text value carrying a control
 * character (NUL, the C0 set but tab and line breaks, DEL, a lone surrogate) is refused with a
 * message beside that field: PostgreSQL cannot store NUL and no person types the others. Schemas
 * refine further (single-line fields refuse tabs and line breaks too). A POST with no body and no
 * content type is an empty form.
 */
export async function readForm(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type');
  if (!contentType) {
    if ((await request.arrayBuffer()).byteLength === 0) return new FormData();
    throw new AppError('unsupportedMediaType', 'errors.form.contentType');
  }
  const [mediaType, ...parameters] = contentType
    .toLowerCase()
    .split(';')
    .map((p) => p.trim());
  const charset = parameters
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (!FORM_TYPES.includes(mediaType!) || (charset && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new AppError('unsupportedMediaType', 'errors.form.contentType');
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError('invalidInput', 'errors.form.unreadable');
  }
  const fieldErrors: FieldErrors = {};
  for (const [name, value] of form) {
    if (hasControlCharacters(name, { multiline: false })) throw new AppError('invalidInput', 'errors.controlCharacters');
    if (typeof value === 'string' && hasControlCharacters(value, { multiline: true })) fieldErrors[name] = 'errors.controlCharacters';
  }
  if (Object.keys(fieldErrors).length) throw new AppError('invalidInput', 'errors.controlCharacters', {}, fieldErrors);
  return form;
}

/** FormData to a plain object; names listed in `arrays` keep every value (checkbox groups). */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (arrays.includes(key)) out[key] = form.getAll(key).map(String);
    else out[key] = form.get(key);
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/** Zod issues to one translated message key per field (the first issue wins). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form');
    if (errors[field]) continue;
    const msg = issue.message;
    if (/^[a-z][A-Za-z]*\.[A-Za-z.]+$/.test(msg)) errors[field] = msg;
    else if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) errors[field] = 'errors.required';
    else errors[field] = 'errors.invalid';
  }
  return errors;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

export function parseForm<S extends z.ZodType>(form: FormData, schema: S, arrays: readonly string[] = []): Parsed<z.output<S>> {
  const raw = formToObject(form, arrays);
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  // Never echo passwords back into the page (the repeated one and the current one included).
  const values = Object.fromEntries(Object.entries(raw).filter(([k]) => !/password|^confirm$|^current$/i.test(k)));
  return { ok: false, fieldErrors: fieldErrorsOf(result.error), values };
}

/** The 400 answer to bad input: translated messages next to each field, what was typed kept. */
export function badRequest(parsed: { fieldErrors: FieldErrors; values: Record<string, unknown> }) {
  return data({ fieldErrors: parsed.fieldErrors, values: parsed.values }, { status: 400 });
}

/** Fields whose values are never sent back into a page: passwords, the repeated one, the current one. */
const SECRET_FIELD = /password|^confirm$|^current$/i;

/**
 * A form read with its schema through Conform (ADR 015): every field's errors at once as message
 * keys, list intents (add or remove a row, with or without JavaScript) applied. Values are read as
 * typed: no coercion, so a schema sees '' for an empty field, and lists go through `list()`.
 */
export function parseSubmission<S extends z.ZodType>(form: FormData, schema: S) {
  try {
    return parseWithZod(form, { schema, error: messageKeyErrors, disableAutoCoercion: true });
  } catch {
    // Conform reads a list button's intent (`__intent__`) as JSON: one that does not parse, or names
    // a field the form lacks, is a forged post, not a person's typing (found by the fuzz test).
    throw new AppError('invalidInput', 'errors.form.unreadable');
  }
}

/**
 * The answer an action gives a form: Conform's reply, the first message key of each field, and the
 * form's own refusal as the rest of the app shows one (`formError`, as `actionOf` answers a use case).
 */
export type FormReply = SubmissionResult<string[]> & { fieldErrors?: FieldErrors; formError?: { messageKey: string; params: Record<string, string | number> } };

/**
 * The answer to a submission that did not succeed: 400 with every field's message keys and what was
 * typed (never a password); a list intent without JavaScript is 200 with the form as it now stands.
 * A refusal of the whole form (a wrong password) is `formError`, with the status given.
 * `fieldErrors` (first key per field) is for tests and scripts; the page reads Conform's reply.
 */
export function replyTo(
  submission: Submission<unknown, string[], unknown>,
  options: { formError?: string; formParams?: Record<string, string | number>; fieldErrors?: Record<string, string>; status?: number } = {},
) {
  const hideFields = Object.keys((submission.payload ?? {}) as Record<string, unknown>).filter((k) => SECRET_FIELD.test(k));
  const reply = submission.reply({
    hideFields,
    ...(options.formError ? { formErrors: [options.formError] } : {}),
    ...(options.fieldErrors ? { fieldErrors: Object.fromEntries(Object.entries(options.fieldErrors).map(([k, v]) => [k, [v]])) } : {}),
  });
  const fieldErrors: FieldErrors = {};
  for (const [name, errors] of Object.entries(reply.error ?? {})) if (name && errors?.[0]) fieldErrors[name] = errors[0];
  const formError = options.formError ? { messageKey: options.formError, params: options.formParams ?? {} } : undefined;
  const status = options.status ?? (submission.status === 'error' ? 400 : 200);
  return data<FormReply>({ ...reply, ...(Object.keys(fieldErrors).length ? { fieldErrors } : {}), ...(formError ? { formError } : {}) }, { status });
}

/**
 * Runs the use case a valid form asks for. When it refuses the input (a rule the schema cannot know:
 * a deadline too close for the procurement method, read from the working-day calendar), the refusal
 * comes back on the form as a 400: the message with its parameters above it, each field it names
 * marked, and what was typed kept. Nothing was written (the use case's transaction rolled back).
 */
export async function orRefusal<T>(submission: Submission<unknown, string[], unknown>, run: () => Promise<T>) {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError && e.code === 'invalidInput') {
      return replyTo(submission, { formError: e.messageKey, formParams: e.params, fieldErrors: e.fieldErrors, status: 400 });
    }
    throw e;
  }
}
