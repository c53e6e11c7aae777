import { useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
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
