import { useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { z } from 'zod';
import { messageKeyErrors } from '~/schemas/fields';

/**
 * A form on a page: the same zod schema the action parses with (app/lib/forms.server.ts
 * parseSubmission) validates in the browser when the form is sent, and the action's last answer
 * (`useActionData`) refills the fields and shows every error after a post, with or without
 * JavaScript. Errors are message keys; the field components translate them.
 */
export function useAppForm<S extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  schema: S,
  options: { lastResult?: unknown; id?: string; defaultValue?: Record<string, unknown> } = {},
) {
  return useForm<z.input<S>, z.output<S>, string[]>({
    id: options.id,
    // Which fields the schema requires (neither optional nor defaulted): the field components mark them.
    constraint: constraintOf(schema),
    lastResult: submissionOf(options.lastResult),
    defaultValue: options.defaultValue as never,
    // Errors first show when the form is sent (as GOV.UK's pattern advises), then clear as each field is fixed:
    // validating on leaving a field inserted a message mid-form, which moved the next field under the
    // pointer as it was clicked (a checkbox clicked right after leaving an empty name did not tick).
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema, error: messageKeyErrors, disableAutoCoercion: true }),
  });
}

/** An action's answer is Conform's reply when it carries one; a refusal of a use case is not. */
export function submissionOf(answer: unknown): SubmissionResult<string[]> | undefined {
  return answer && typeof answer === 'object' && ('initialValue' in answer || 'status' in answer) ? (answer as SubmissionResult<string[]>) : undefined;
}

/**
 * The action's answer when it answers this form: a page with several forms posts them all to one
 * action, so a reply goes to the form whose hidden intent (and hidden ids: the milestone, tranche or
 * amendment) it carries, and to no other.
 */
export function replyFor(answer: unknown, intent: string, hidden: Record<string, string> = {}): SubmissionResult<string[]> | undefined {
  const reply = submissionOf(answer);
  const sent = (reply?.initialValue ?? undefined) as Record<string, unknown> | undefined;
  if (sent?.intent !== intent) return undefined;
  return Object.entries(hidden).every(([k, v]) => sent[k] === v) ? reply : undefined;
}

type Constraints = ReturnType<typeof getZodConstraint>;
const constraints = new WeakMap<object, Constraints>();

/** The fields of a form schema: an object's, or those of the object a transform starts from. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  const def = (schema as unknown as { def: { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType } }).def;
  if (def.type === 'object') return def.shape ?? {};
  if (def.type === 'pipe' && def.in) return shapeOf(def.in);
  return {};
}

/**
 * The schema's constraints as Conform reads them (lengths, lists), worked out once per schema, with
 * `required` decided by the field's own schema: required when it refuses both a blank and a missing
 * value. So a text that may stay blank, a choice that offers "none" (a union with ''), an optional or
 * defaulted field are not marked; a rule between fields (a reason needed only without an intention)
 * is the form's to explain, not a mark's.
 */
export function constraintOf(schema: z.ZodType): Constraints {
  const known = constraints.get(schema);
  if (known) return known;
  let read: Constraints;
  try {
    read = getZodConstraint(schema);
  } catch {
    // Conform reads no root but an object (a transformed object throws): the fields below are what matter.
    read = {};
  }
  const required: Record<string, boolean> = {};
  for (const [name, field] of Object.entries(shapeOf(schema))) {
    try {
      required[name] = !field.safeParse('').success && !field.safeParse(undefined).success;
    } catch {
      // A field whose own parsing throws on a blank is left as Conform read it.
    }
  }
  // Conform's answer is a proxy that resolves list rows (criteria[2].name) and caches what it read: wrapped, not written to.
  const fields = new Map(Object.entries(required).map(([name, r]) => [name, { ...read[name], required: r }]));
  const c = new Proxy(read, {
    get: (target, name, receiver) => (typeof name === 'string' && fields.get(name)) || Reflect.get(target, name, receiver),
  });
  constraints.set(schema, c);
  return c;
}
