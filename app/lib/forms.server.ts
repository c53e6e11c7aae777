import { data } from '@remix-run/node';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** FormData to a plain object; names listed in `arrays` keep every value (checkbox groups). */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (arrays.includes(key)) out[key] = form.getAll(key).map(String);
    else {
      const v = form.get(key);
      out[key] = typeof v === 'string' ? v : v;
    }
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
