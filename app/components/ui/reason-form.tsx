import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { z } from 'zod';
import { ReasonOnlySchema } from '~/schemas/project';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { TextArea, type FieldMeta } from '~/components/ui/form';

/**
 * A step that needs a reason in words (cancel a project, decline an award, declare a conflict, return
 * a filing or a deliverable, decline an amendment): one field and a button. `schema` is the one the
 * action parses with (it has a `reason`); `hidden` carries the ids the step is about, and the
 * action's reply goes back to this form only when it answers the same intent and ids.
 */
export function ReasonForm({
  schema = ReasonOnlySchema,
  action,
  intent,
  hidden = {},
  answer,
  label,
  hint,
  submitLabel,
  tone = 'secondary',
}: {
  schema?: z.ZodType<Record<string, unknown>, Record<string, unknown>>;
  action?: string;
  intent: string;
  hidden?: Record<string, string>;
  answer: unknown;
  label: string;
  hint?: string;
  submitLabel: string;
  tone?: 'secondary' | 'danger';
}) {
  const id = ['form', intent, ...Object.values(hidden)].join('-');
  const [form, fields] = useAppForm(schema, { id, lastResult: replyFor(answer, intent, hidden) });
  return (
    <Form method="post" action={action} className="stack start" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <TextArea field={fields.reason as FieldMeta} label={label} hint={hint} rows={3} />
      <button type="submit" className={`btn ${tone}`}>
        {submitLabel}
      </button>
    </Form>
  );
}
