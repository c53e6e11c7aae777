import { Link } from '@remix-run/react';
import type { Translate } from '~/i18n/i18n';
import type { ProjectPage } from '~/queries/project-page.server';
import { useT } from '~/i18n/use-t';
import { ReasonForm } from '~/components/ui/reason-form';

/** The system's recusal reason is a code; an evaluator's own declaration is their words. */
export function recusalText(t: Translate, reason: string) {
  return reason === 'memberOfBidder' ? t('panel.recusal.memberOfBidder') : t('panel.recusal.declared', { reason });
}

/** An evaluator's own seat on the panel: its state, the way to the scores, declaring a conflict. */
export function EvaluatorPanel({
  project,
  evaluator,
  answer,
}: {
  project: ProjectPage['project'];
  evaluator: NonNullable<ProjectPage['evaluator']>;
  answer: unknown;
}) {
  const { t, dateTime } = useT();
  return (
    <section className="card" aria-labelledby="evaluator-title">
      <h2 id="evaluator-title">{t('panel.mine.title')}</h2>
      <p>
        <span className={`badge ${evaluator.status === 'active' ? 'ok' : 'warn'}`}>{t(`panel.status.${evaluator.status}`)}</span>{' '}
        {evaluator.recusalReason ? recusalText(t, evaluator.recusalReason) : null}
      </p>
      {evaluator.submittedAt ? <p className="small">{t('panel.submittedAt', { at: dateTime(evaluator.submittedAt) })}</p> : null}
      {project.status === 'evaluating' ? (
        <p className="small">{t('project.manage.progress', { done: evaluator.submittedCount, total: evaluator.activeCount })}</p>
      ) : null}
      {evaluator.mayScore ? (
        <p>
          <Link className="btn" to={`/projects/${project.id}/score`}>
            {t(evaluator.submittedAt ? 'score.view' : 'score.go')}
          </Link>
        </p>
      ) : null}
      {evaluator.mayDeclare ? (
        <ReasonForm
          action={`/projects/${project.id}`}
          intent="conflict"
          answer={answer}
          label={t('panel.conflictReason')}
          hint={t('panel.conflictReason.hint')}
          submitLabel={t('panel.declareConflict')}
        />
      ) : null}
    </section>
  );
}
