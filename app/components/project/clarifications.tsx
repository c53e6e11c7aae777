import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { ProjectPage } from '~/queries/project-page.server';
import { AnswerQuestionSchema, AskQuestionSchema } from '~/schemas/clarification';
import { useT } from '~/i18n/use-t';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { TextArea, type FieldMeta } from '~/components/ui/form';

type Clarifications = ProjectPage['clarifications'];

/**
 * 澄清与答复: the answered questions for everyone, never who asked; an organization's administrator
 * asks and sees its own questions still waiting; the purchaser answers, to every bidder at once.
 */
export function ClarificationsSection({
  project,
  clarifications,
  answer,
}: {
  project: ProjectPage['project'];
  clarifications: Clarifications;
  answer: unknown;
}) {
  const { t, dateTime } = useT();
  const { answered, pending, asker } = clarifications;
  const open = !!(asker?.mayAsk || pending?.mayAnswer);
  if (!answered.length && !open && !pending?.questions.length && !asker?.questions.length) return null;
  return (
    <section className="card" aria-labelledby="clarifications-title">
      <h2 id="clarifications-title">{t('clarification.title')}</h2>
      <p className="small muted">{t('clarification.lead')}</p>
      {answered.length ? (
        <ol className="timeline">
          {answered.map((q) => (
            <li key={q.id}>
              <p>
                <strong>{t('clarification.question')}</strong> {q.question}
              </p>
              <p>
                <strong>{t('clarification.answer')}</strong> {q.answer}
              </p>
              <div className="small muted">
                {t('clarification.answeredAt', { at: dateTime(q.answeredAt) })}{' '}
                {q.changesDocuments ? <span className="badge warn">{t('clarification.changedDocuments')}</span> : null}
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('clarification.none')}</p>
      )}
      {pending ? (
        <>
          <h3>{t('clarification.pending.title')}</h3>
          {pending.questions.length ? (
            <ul className="plain stack">
              {pending.questions.map((q) => (
                <li key={q.id}>
                  <p>{q.question}</p>
                  <p className="small muted">{t('clarification.askedAt', { at: dateTime(q.askedAt) })}</p>
                  {pending.mayAnswer ? <AnswerForm projectId={project.id} questionId={q.id} answer={answer} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted small">{t('clarification.pending.none')}</p>
          )}
        </>
      ) : null}
      {asker?.questions.length ? (
        <>
          <h3>{t('clarification.own.title')}</h3>
          <ul className="plain">
            {asker.questions.map((q) => (
              <li key={q.id}>
                {q.question} <span className="small muted">{t('clarification.askedAt', { at: dateTime(q.askedAt) })}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {asker?.mayAsk ? <AskForm projectId={project.id} organizationId={asker.organizationId} answer={answer} /> : null}
    </section>
  );
}

function AskForm({ projectId, organizationId, answer }: { projectId: string; organizationId: string; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(AskQuestionSchema, { id: 'form-ask', lastResult: replyFor(answer, 'ask') });
  return (
    <Form method="post" action={`/projects/${projectId}`} className="stack start" {...getFormProps(form)}>
      <h3>{t('clarification.ask.title')}</h3>
      <input type="hidden" name="intent" value="ask" />
      <input type="hidden" name="organizationId" value={organizationId} />
      <TextArea field={fields.question as FieldMeta} label={t('clarification.ask.label')} hint={t('clarification.ask.hint')} rows={3} />
      <button type="submit" className="btn secondary">
        {t('clarification.ask.submit')}
      </button>
    </Form>
  );
}

function AnswerForm({ projectId, questionId, answer }: { projectId: string; questionId: string; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(AnswerQuestionSchema, { id: `form-answer-${questionId}`, lastResult: replyFor(answer, 'answer', { questionId }) });
  const hintId = `${form.id}-changes-hint`;
  return (
    <Form method="post" action={`/projects/${projectId}`} className="stack start" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="answer" />
      <input type="hidden" name="questionId" value={questionId} />
      <TextArea field={fields.answer as FieldMeta} label={t('clarification.answer.label')} hint={t('clarification.answer.hint')} rows={3} />
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name={fields.changesDocuments.name}
            value="on"
            key={fields.changesDocuments.key}
            defaultChecked={fields.changesDocuments.initialValue === 'on'}
            aria-describedby={hintId}
          />{' '}
          {t('clarification.answer.changesDocuments')}
        </label>
        <span className="hint" id={hintId}>
          {t('clarification.answer.changesDocumentsHint')}
        </span>
      </div>
      <button type="submit" className="btn">
        {t('clarification.answer.submit')}
      </button>
    </Form>
  );
}
