import { getFormProps } from '@conform-to/react';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { bidsOpened } from '~/domain/bid';
import { evaluationCapabilities } from '~/domain/evaluation-capabilities';
import { bidsAfterClose, getProject, panelView, scoresOf } from '~/queries/projects.server';
import { commentField, pointsField, scoreGridFields, scoresOfGrid, type ScoreCell } from '~/schemas/evaluation';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { Breadcrumbs } from '~/components/layout';
import { localizeFailure } from '~/components/project-view';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr, keyUnder } from '~/i18n/i18n';

/** The project, this evaluator's seat on its panel, and — for an active member after the deadline — what is scored. */
async function load(request: Request, id: string) {
  const me = await authorize(request, 'evaluation:score');
  const found = await getProject(db(), id);
  if (!found) throw new AppError('notFound');
  const seat = (await panelView(db(), found.project.id)).find((m) => m.userId === me.user.id);
  if (!seat) throw new AppError('forbidden');
  const readable = seat.status === 'active' && bidsOpened(found.project);
  const bids = readable ? (await bidsAfterClose(db(), found.project.id)).filter((b) => b.bid.eligible) : [];
  const scored = found.criteria.filter((c) => c.kind === 'scored');
  const cells: ScoreCell[] = bids.flatMap((b) => scored.map((c) => ({ bidId: b.bid.id, criterionId: c.id, weight: c.weight })));
  return { me, ...found, seat, bids, scored, cells };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { me, project, criteria, seat, bids, scored, cells } = await load(request, params.id!);
  // Refill the grid with what this evaluator saved (drafts) or submitted (read-only).
  const saved = cells.length ? await scoresOf(db(), project.id, me.user.id) : [];
  const savedValues: Record<string, string> = {};
  for (const s of saved) {
    const cell = cells.find((c) => c.bidId === s.bidId && c.criterionId === s.criterionId);
    if (!cell) continue;
    savedValues[pointsField(cell)] = (s.pointsHundredths / 100).toFixed(2);
    savedValues[commentField(cell)] = s.comment;
  }
  return {
    savedValues,
    project: { id: project.id, title: project.title, status: project.status, scoringMethod: project.scoringMethod },
    seat: { status: seat.status, submittedAt: seat.submittedAt?.toISOString() ?? null },
    open: evaluationCapabilities(me.actor, project, seat).score.allowed,
    scored: scored.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
    priceCriterion: criteria.find((c) => c.kind === 'price')?.name ?? null,
    bids: bids.map((b) => ({
      id: b.bid.id,
      orgName: b.orgName,
      priceFen: b.bid.priceFen,
      servicePlan: b.bid.servicePlan,
      team: b.bid.team,
      expectedOutputs: b.bid.expectedOutputs,
    })),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { me, project, cells } = await load(request, params.id!);
  const form = await readForm(request);
  const submit = form.get('intent') === 'submit';
  const submission = parseSubmission(form, scoreGridFields(cells, submit));
  if (submission.status !== 'success') return replyTo(submission);
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  const filled = scoresOfGrid(cells, submission.value);
  if (filled.length) await saveScores(db(), ctx, project.id, filled);
  if (!submit) return { done: 'saved' };
  const { ranked } = await submitScores(db(), ctx, project.id);
  return { done: ranked ? 'ranked' : 'submitted' };
});

export default function ScorePage() {
  const { project, seat, open, scored, priceCriterion, bids, savedValues } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const cells = bids.flatMap((b) => scored.map((c) => ({ bidId: b.id, criterionId: c.id, weight: c.weight })));
  // In the browser a draft's rules (every cell may stay empty); submitting all of them is checked by the action.
  const [form, fields] = useAppForm(scoreGridFields(cells, false), { lastResult: answer, defaultValue: savedValues });
  const { t, fen, dateTime } = useT();
  const done = answer && 'done' in answer ? answer.done : undefined;
  const errors = answer && 'fieldErrors' in answer ? (answer.fieldErrors ?? {}) : {};
  return (
    <>
      <Breadcrumbs
        items={[{ to: '/projects', label: t('projects.title') }, { to: `/projects/${project.id}`, label: project.title }, { label: t('score.title') }]}
      />
      <h1>{t('score.title')}</h1>
      <p className="lead">{project.title}</p>
      {done ? (
        <p className="notice" role="status">
          {t(keyUnder('score.done', done))}
        </p>
      ) : null}
      <FormError failure={localizeFailure(answer && 'formError' in answer ? answer.formError : null, t, dateTime)} />
      {Object.keys(errors).length ? (
        <p className="form-error" role="alert">
          {t('score.errors.fix', { n: Object.keys(errors).length })}
        </p>
      ) : null}
      {seat.status !== 'active' ? (
        <p className="warning">{t('score.recused')}</p>
      ) : seat.submittedAt ? (
        <p className="notice">{t('score.locked', { at: dateTime(seat.submittedAt) })}</p>
      ) : project.status !== 'evaluating' ? (
        <p className="warning">{t('score.notOpen', { status: t(`project.status.${project.status}`) })}</p>
      ) : (
        <p className="muted">{t('score.lead', { method: t(`project.method.${project.scoringMethod}`) })}</p>
      )}
      {priceCriterion ? <p className="small muted">{t('score.priceNote', { criterion: priceCriterion })}</p> : null}
      <Form method="post" {...getFormProps(form)}>
        {bids.map((b, i) => (
          <section key={b.id} className="card" aria-labelledby={`bid-${b.id}`}>
            <h2 id={`bid-${b.id}`}>
              {t('score.bidN', { n: i + 1 })} {b.orgName} <span className="muted small">{t('score.price', { price: fen(b.priceFen) })}</span>
            </h2>
            <details open={i === 0}>
              <summary>{t('score.bidContent')}</summary>
              <h3>{t('bid.servicePlan')}</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>{b.servicePlan}</p>
              <h3>{t('bid.team')}</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>{b.team}</p>
              <h3>{t('bid.expectedOutputs')}</h3>
              <p style={{ whiteSpace: 'pre-wrap' }}>{b.expectedOutputs}</p>
            </details>
            <table className="data compact score-grid stack">
              <caption className="visually-hidden">{t('score.gridCaption', { org: b.orgName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('project.criterion.name')}</th>
                  <th scope="col">{t('score.points')}</th>
                  <th scope="col">{t('score.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {scored.map((c) => {
                  const cell = { bidId: b.id, criterionId: c.id };
                  const points = fields[pointsField(cell)]!;
                  const comment = fields[commentField(cell)]!;
                  const pName = points.name;
                  const cName = comment.name;
                  const pError = points.errors?.[0] ?? errors[pName];
                  const cError = comment.errors?.[0] ?? errors[cName];
                  return (
                    <tr key={c.id}>
                      <th scope="row">
                        {c.name} <span className="muted small">{t('score.max', { n: c.weight })}</span>
                      </th>
                      <td data-label={t('score.points')}>
                        <label className="visually-hidden" htmlFor={`f-${pName}`}>
                          {t('score.pointsFor', { org: b.orgName, criterion: c.name, n: c.weight })}
                        </label>
                        {open ? (
                          <input
                            id={`f-${pName}`}
                            name={pName}
                            type="number"
                            inputMode="decimal"
                            min="0"
                            max={c.weight}
                            step="0.01"
                            key={points.key}
                            defaultValue={String(points.initialValue ?? '')}
                            aria-invalid={pError ? true : undefined}
                            aria-describedby={pError ? `f-${pName}-error` : undefined}
                          />
                        ) : (
                          <output id={`f-${pName}`}>{savedValues[pName] || '—'}</output>
                        )}
                        {pError ? (
                          <span className="error" id={`f-${pName}-error`}>
                            {t(messageKeyOr(pError))}
                          </span>
                        ) : null}
                      </td>
                      <td className="stack-full" data-label={t('score.comment')}>
                        <label className="visually-hidden" htmlFor={`f-${cName}`}>
                          {t('score.commentFor', { org: b.orgName, criterion: c.name })}
                        </label>
                        {open ? (
                          <textarea
                            id={`f-${cName}`}
                            name={cName}
                            rows={2}
                            key={comment.key}
                            defaultValue={String(comment.initialValue ?? '')}
                            aria-invalid={cError ? true : undefined}
                          />
                        ) : (
                          <output id={`f-${cName}`}>{savedValues[cName] || ''}</output>
                        )}
                        {cError ? <span className="error">{t(messageKeyOr(cError))}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        ))}
        {open && bids.length ? (
          <div className="actions card">
            <button type="submit" name="intent" value="save" className="btn secondary">
              {t('score.save')}
            </button>
            <button type="submit" name="intent" value="submit" className="btn">
              {t('score.submit')}
            </button>
            <span className="small muted">{t('score.submitHint')}</span>
          </div>
        ) : null}
      </Form>
      <p>
        <Link to={`/projects/${project.id}`}>{t('score.back')}</Link>
      </p>
    </>
  );
}
