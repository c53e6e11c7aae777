import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { ReasonOnlySchema } from '~/schemas/project';
import { submissionOf, useAppForm } from '~/lib/use-app-form';
import { TextArea } from '~/components/ui/form';

/** The action's answer when it answers this intent's form (every form of the page posts to one action). */
export function replyFor(answer: unknown, intent: string) {
  const reply = submissionOf(answer);
  return (reply?.initialValue as Record<string, unknown> | undefined)?.intent === intent ? reply : undefined;
}

/** A step that needs a reason in words (cancel, decline an award, declare a conflict): one field and a button. */
export function ReasonForm({
  action,
  intent,
  answer,
  label,
  hint,
  submitLabel,
  danger,
}: {
  action: string;
  intent: string;
  answer: unknown;
  label: string;
  hint: string;
  submitLabel: string;
  danger?: boolean;
}) {
  const [form, fields] = useAppForm(ReasonOnlySchema, { id: `project-${intent}`, lastResult: replyFor(answer, intent) });
  return (
    <Form method="post" action={action} className="stack start" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <TextArea field={fields.reason} label={label} hint={hint} rows={3} />
      <button type="submit" className={danger ? 'btn danger' : 'btn secondary'}>
        {submitLabel}
      </button>
    </Form>
  );
}
