import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useState } from 'react';
import { BENEFICIARY_GROUPS } from '~/domain/catalog';
import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import { DeliverableSchema, servedField } from '~/schemas/contract';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { Field, TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import type { ContractActionResult, ContractViewData } from './types';

/** What the organization paid under the contract (the payee) does: hand in deliverables, the earliest due first. */
export function PayeePanels({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { milestones, may } = data;
  const submittable = milestones.filter((m) => may.submit.includes(m.id)).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.position - b.position);
  return submittable.length ? <SubmitDeliverablePanel submittable={submittable} today={data.today} result={result} /> : null;
}

function SubmitDeliverablePanel({ submittable, today, result }: { submittable: ContractViewData['milestones']; today: string; result: ContractActionResult }) {
  const { t } = useT();
  // A new id once a milestone is handed in, so the next one starts from an empty form.
  const formKey = submittable.map((m) => `${m.id}:${m.status}`).join();
  const [form, fields] = useAppForm(DeliverableSchema, {
    id: `form-submit-${formKey}`,
    lastResult: replyFor(result, 'submit'),
    defaultValue: { milestoneId: submittable[0]!.id },
  });
  // The server refuses a body over the attachment cap with a bare 413 (app/lib/request-rules.ts):
  // with JavaScript, say so beside the field before sending anything.
  const [filesTooLarge, setFilesTooLarge] = useState(false);
  const filesError = filesTooLarge ? 'attachment.errors.tooLargeInAll' : form.allErrors.files?.[0];
  const formProps = getFormProps(form);
  const returned = submittable.filter((m) => m.status === 'returned');
  return (
    <section className="card" aria-labelledby="submit-title">
      <h2 id="submit-title">{t('deliverable.submit.title')}</h2>
      {returned.map((m) => {
        const last = m.rounds.at(-1);
        return last?.reviewReason ? (
          <div key={m.id} className="warning small" role="note" style={{ marginBottom: '.75rem' }}>
            <strong>{t('deliverable.returnedNote', { title: m.title })}</strong> {last.reviewReason}
          </div>
        ) : null;
      })}
      <Form
        key={formKey}
        method="post"
        encType="multipart/form-data"
        className="stack"
        {...formProps}
        onSubmit={(e) => {
          const input = e.currentTarget.elements.namedItem('files') as HTMLInputElement | null;
          const total = [...(input?.files ?? [])].reduce((n, f) => n + f.size, 0);
          setFilesTooLarge(total > MAX_ATTACHMENT_BYTES);
          if (total > MAX_ATTACHMENT_BYTES) e.preventDefault();
          else formProps.onSubmit(e);
        }}
      >
        <input type="hidden" name="intent" value="submit" />
        <Field field={fields.milestoneId} label={t('deliverable.milestone')}>
          {(p, initial) => (
            <select {...p} key={fields.milestoneId.key} defaultValue={typeof initial === 'string' ? initial : submittable[0]!.id}>
              {submittable.map((m) => (
                <option key={m.id} value={m.id}>
                  {t('milestone.numbered', { n: m.position + 1, title: m.title })}
                  {m.status === 'returned' ? ` · ${t('milestone.status.returned')}` : ''}
                  {m.dueDate < today ? ` · ${t('milestone.late')}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextArea field={fields.report} label={t('deliverable.report')} hint={t('deliverable.report.hint')} rows={6} />
        <TextField field={fields.activityCount} type="number" label={t('deliverable.activityCount')} inputMode="numeric" min="0" step="1" />
        <fieldset className="field">
          <legend>{t('deliverable.beneficiaries')}</legend>
          <span className="hint">{t('deliverable.beneficiaries.hint')}</span>
          <div className="served-grid">
            {BENEFICIARY_GROUPS.map((g) => (
              <TextField key={g} field={fields[servedField(g)]} type="number" label={t(`beneficiary.${g}`)} inputMode="numeric" min="0" step="1" />
            ))}
          </div>
        </fieldset>
        <Field name="files" label={t('deliverable.files')} hint={t('deliverable.files.hint')} errors={filesError ? { files: filesError } : undefined}>
          {(p) => <input {...p} type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx" />}
        </Field>
        <div>
          <button type="submit" className="btn">
            {t('deliverable.submit.submit')}
          </button>
        </div>
      </Form>
    </section>
  );
}
