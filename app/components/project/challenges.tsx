import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { CHALLENGE_MATTERS, CHALLENGE_OUTCOMES } from '~/domain/challenge';
import type { ProjectPage } from '~/queries/project-page.server';
import { AnswerChallengeSchema, FileChallengeSchema } from '~/schemas/challenge';
import { useT } from '~/i18n/use-t';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { Field, TextArea, type FieldMeta } from '~/components/ui/form';

type Challenges = ProjectPage['challenges'];
type Challenge = NonNullable<Challenges>['list'][number];

/**
 * 质疑与答复: the challenge window, the answered challenges for everyone (never who challenged), the
 * purchaser's answer form per open challenge with its answer-by date, and a bidder's filing form
 * while the window is open. The bidder sees its own challenges marked as its own.
 */
export function ChallengesSection({ project, challenges, answer }: { project: ProjectPage['project']; challenges: Challenges; answer: unknown }) {
  const { t, dateTime } = useT();
  if (!challenges) return null;
  const { closesAt, windowOpen, list, hold, file, openCount } = challenges;
  return (
    <section className="card" aria-labelledby="challenges-title">
      <h2 id="challenges-title">{t('challenge.title')}</h2>
      <p className="small muted">{t('challenge.lead')}</p>
      {closesAt ? (
        <p>
          <strong>{t(windowOpen ? 'challenge.windowClosesAt' : 'challenge.windowClosed', { at: dateTime(closesAt) })}</strong>
        </p>
      ) : null}
      {hold ? (
        <p className="warning" role="status">
          {hold.kind === 'window' ? t('challenge.hold.window', { at: dateTime(hold.at ?? '') }) : t('challenge.hold.open', { n: hold.n })}
        </p>
      ) : null}
      {list.length ? (
        <ol className="timeline">
          {list.map((c) => (
            <ChallengeItem key={c.id} projectId={project.id} challenge={c} answer={answer} />
          ))}
        </ol>
      ) : openCount ? null : (
        <p className="muted">{t('challenge.none')}</p>
      )}
      {openCount && !list.some((c) => c.status === 'open') ? <p className="small muted">{t('challenge.hold.open', { n: openCount })}</p> : null}
      {file ? <FileForm projectId={project.id} file={file} answer={answer} /> : null}
    </section>
  );
}

function ChallengeItem({ projectId, challenge: c, answer }: { projectId: string; challenge: Challenge; answer: unknown }) {
  const { t, dateTime } = useT();
  return (
    <li>
      <p>
        <strong>{t('challenge.matter')}</strong> {t(`challenge.matter.${c.matter}`)}
        {c.rankingOf ? `（${t('challenge.rankingOf', { org: c.rankingOf })}）` : null} {c.own ? <span className="badge">{t('challenge.own')}</span> : null}
      </p>
      <p>
        <strong>{t('challenge.reasons')}</strong> {c.reasons}
      </p>
      {c.evidence ? (
        <p>
          <strong>{t('challenge.evidence')}</strong> {c.evidence}
        </p>
      ) : null}
      {c.status === 'answered' ? (
        <>
          <p>
            <strong>{t('challenge.answer')}</strong> {c.answer}
          </p>
          <p>
            <strong>{t('challenge.outcome')}</strong>{' '}
            <span className={`badge ${c.outcome === 'upheld' ? 'warn' : 'ok'}`}>{t(`challenge.outcome.${c.outcome ?? 'dismissed'}`)}</span>
          </p>
          {c.remedy ? (
            <p>
              <strong>{t('challenge.remedy')}</strong> {c.remedy}
            </p>
          ) : null}
        </>
      ) : null}
      <div className="small muted">
        {t('challenge.filedAt', { at: dateTime(c.filedAt) })}
        {' · '}
        {c.answeredAt ? t('challenge.answeredAt', { at: dateTime(c.answeredAt) }) : t('challenge.answerDue', { at: dateTime(c.answerDueAt) })}{' '}
        {c.status === 'open' ? <span className="badge">{t('challenge.waiting')}</span> : null}{' '}
        {c.overdue ? <span className="badge warn">{t('challenge.overdue')}</span> : null}
      </div>
      {c.mayAnswer ? <AnswerForm projectId={projectId} challengeId={c.id} answer={answer} /> : null}
    </li>
  );
}

function FileForm({ projectId, file, answer }: { projectId: string; file: NonNullable<NonNullable<Challenges>['file']>; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(FileChallengeSchema, { id: 'form-fileChallenge', lastResult: replyFor(answer, 'fileChallenge') });
  return (
    <Form method="post" action={`/projects/${projectId}`} className="stack start" {...getFormProps(form)}>
      <h3>{t('challenge.file.title')}</h3>
      <p className="small muted">{t('challenge.file.note')}</p>
      <input type="hidden" name="intent" value="fileChallenge" />
      <input type="hidden" name="organizationId" value={file.organizationId} />
      <Field field={fields.matter as FieldMeta} label={t('challenge.matter')} hint={t('challenge.file.matterHint')}>
        {(p) => (
          <select {...p} key={fields.matter.key} defaultValue={String(fields.matter.initialValue ?? 'result')}>
            {CHALLENGE_MATTERS.map((m) => (
              <option key={m} value={m}>
                {t(`challenge.matter.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field field={fields.bidId as FieldMeta} label={t('challenge.file.bid')}>
        {(p) => (
          <select {...p} key={fields.bidId.key} defaultValue={String(fields.bidId.initialValue ?? '')}>
            <option value="">{t('challenge.file.bidNone')}</option>
            {file.bids.map((b) => (
              <option key={b.id} value={b.id}>
                {b.orgName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextArea field={fields.reasons as FieldMeta} label={t('challenge.reasons')} hint={t('challenge.file.reasonsHint')} rows={4} />
      <TextArea field={fields.evidence as FieldMeta} label={t('challenge.evidence')} hint={t('challenge.file.evidenceHint')} rows={3} />
      <button type="submit" className="btn secondary">
        {t('challenge.file.submit')}
      </button>
    </Form>
  );
}

function AnswerForm({ projectId, challengeId, answer }: { projectId: string; challengeId: string; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(AnswerChallengeSchema, {
    id: `form-answerChallenge-${challengeId}`,
    lastResult: replyFor(answer, 'answerChallenge', { challengeId }),
  });
  return (
    <Form method="post" action={`/projects/${projectId}`} className="stack start" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="answerChallenge" />
      <input type="hidden" name="challengeId" value={challengeId} />
      <TextArea field={fields.answer as FieldMeta} label={t('challenge.answerForm.label')} hint={t('challenge.answerForm.hint')} rows={4} />
      <Field field={fields.outcome as FieldMeta} label={t('challenge.answerForm.outcome')}>
        {(p) => (
          <select {...p} key={fields.outcome.key} defaultValue={String(fields.outcome.initialValue ?? 'dismissed')}>
            {CHALLENGE_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`challenge.outcome.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextArea field={fields.remedy as FieldMeta} label={t('challenge.answerForm.remedy')} hint={t('challenge.answerForm.remedyHint')} rows={3} />
      <button type="submit" className="btn">
        {t('challenge.answerForm.submit')}
      </button>
    </Form>
  );
}
