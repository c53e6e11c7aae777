import { getFormProps } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import type { FilingAction } from '~/domain/filing';
import { useT } from '~/i18n/use-t';
import { submissionOf, useAppForm } from '~/lib/use-app-form';
import { ReasonSchema } from '~/schemas/filing';
import { TextArea } from './ui/form';

/**
 * What each side may do with an application, from its capabilities (app/domain/filing-capabilities.ts):
 * the committee passes or returns, the station files or rejects, the applicant fixes or withdraws.
 * `answer` is the action's last answer; a reason's errors go back to the form that posted it.
 */
export function FilingReviewPanels({ applicationId, may, answer }: { applicationId: string; may: Record<FilingAction, boolean>; answer: unknown }) {
  const { t } = useT();
  return (
    <>
      {may.pass || may.return ? (
        <section className="card">
          <h2>{t('filing.firstReview.title')}</h2>
          {may.pass ? <PlainAction intent="pass" label={t('filing.action.pass')} /> : null}
          <hr />
          {may.return ? (
            <ReasonForm intent="return" answer={answer} label={t('filing.returnReason')} submitLabel={t('filing.action.return')} className="btn secondary" />
          ) : null}
        </section>
      ) : null}
      {may.file || may.reject ? (
        <section className="card">
          <h2>{t('filing.decide.title')}</h2>
          {may.file ? <PlainAction intent="file" label={t('filing.action.file')} /> : null}
          <hr />
          {may.reject ? (
            <ReasonForm intent="reject" answer={answer} label={t('filing.rejectReason')} submitLabel={t('filing.action.reject')} className="btn danger" />
          ) : null}
        </section>
      ) : null}
      {may.withdraw || may.resubmit ? (
        <section className="card">
          <h2>{t('filing.mine.title')}</h2>
          <div className="actions">
            {may.resubmit ? (
              <Link className="btn" to={`/filings/${applicationId}/edit`}>
                {t('filing.action.fix')}
              </Link>
            ) : null}
            {may.withdraw ? (
              <Form method="post">
                <input type="hidden" name="intent" value="withdraw" />
                <button type="submit" className="btn secondary">
                  {t('filing.action.withdraw')}
                </button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}

function PlainAction({ intent, label }: { intent: FilingAction; label: string }) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="btn">
        {label}
      </button>
    </Form>
  );
}

/** A return or a rejection: the reason the applicant will read (filingNeedsReason). */
function ReasonForm({
  intent,
  answer,
  label,
  submitLabel,
  className,
}: {
  intent: FilingAction;
  answer: unknown;
  label: string;
  submitLabel: string;
  className: string;
}) {
  const mine = submissionOf(answer)?.initialValue?.intent === intent;
  const [form, fields] = useAppForm(ReasonSchema, { id: `filing-${intent}`, lastResult: mine ? answer : undefined });
  return (
    <Form method="post" className="stack" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <TextArea field={fields.reason} label={label} rows={3} />
      <button type="submit" className={className}>
        {submitLabel}
      </button>
    </Form>
  );
}
