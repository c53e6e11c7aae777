import { Link } from '@remix-run/react';
import type { FilingAction } from '~/domain/filing';
import { useT } from '~/i18n/use-t';
import { ReasonSchema } from '~/schemas/filing';
import { IntentButton } from './ui/form';
import { ReasonForm } from './ui/reason-form';

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
          {may.pass ? <IntentButton intent="pass" label={t('filing.action.pass')} /> : null}
          <hr />
          {may.return ? (
            <ReasonForm schema={ReasonSchema} intent="return" answer={answer} label={t('filing.returnReason')} submitLabel={t('filing.action.return')} />
          ) : null}
        </section>
      ) : null}
      {may.file || may.reject ? (
        <section className="card">
          <h2>{t('filing.decide.title')}</h2>
          {may.file ? <IntentButton intent="file" label={t('filing.action.file')} /> : null}
          <hr />
          {may.reject ? (
            <ReasonForm
              schema={ReasonSchema}
              intent="reject"
              answer={answer}
              label={t('filing.rejectReason')}
              submitLabel={t('filing.action.reject')}
              tone="danger"
            />
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
            {may.withdraw ? <IntentButton intent="withdraw" label={t('filing.action.withdraw')} secondary /> : null}
          </div>
        </section>
      ) : null}
    </>
  );
}
