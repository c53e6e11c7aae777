import { getFormProps } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import type { ProjectPage } from '~/queries/project-page.server';
import { PanelDrawSchema } from '~/schemas/evaluation';
import { useAppForm } from '~/lib/use-app-form';
import { Field, IntentButton } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { recusalText } from './evaluator-panel';
import { ReasonForm } from '~/components/ui/reason-form';
import { replyFor } from '~/lib/use-app-form';
import { keyUnder, messageKeyOr } from '~/i18n/i18n';

type Purchaser = NonNullable<ProjectPage['purchaser']>;
type Project = ProjectPage['project'];

/** The purchasing unit's steps: each button shows only when the capability allows it (app/domain/project-capabilities.ts). */
export function PurchaserPanel({ project, purchaser, answer }: { project: Project; purchaser: Purchaser; answer: unknown }) {
  const { t, dateTime } = useT();
  const { may } = purchaser;
  const action = `/projects/${project.id}`;
  return (
    <section className="card" aria-labelledby="purchaser-title">
      <h2 id="purchaser-title">{t('project.manage.title')}</h2>
      <div className="stack-sm">
        {may.publish ? <IntentButton action={action} intent="publish" hint={t('project.manage.publishHint')} label={t('project.action.publish')} /> : null}
        {may.edit ? (
          <p>
            <Link className="btn secondary" to={`/projects/${project.id}/edit`}>
              {t(may.publish ? 'project.edit' : 'project.amend')}
            </Link>
          </p>
        ) : null}
        {may.startEvaluation ? (
          <IntentButton
            action={action}
            intent="startEvaluation"
            hint={t('project.manage.startEvaluationHint', { n: purchaser.activeCount })}
            label={t('project.action.startEvaluation')}
          />
        ) : null}
        {project.status === 'evaluating' ? <p>{t('project.manage.progress', { done: purchaser.submittedCount, total: purchaser.activeCount })}</p> : null}
        {may.startNotice ? (
          <IntentButton
            action={action}
            intent="startNotice"
            hint={t('project.manage.startNoticeHint', { n: project.noticeDays })}
            label={t('project.action.startNotice')}
          />
        ) : null}
        {may.award ? (
          <IntentButton
            action={action}
            intent="award"
            hint={project.noticeEndsAt ? t('project.manage.noticeEnds', { at: dateTime(project.noticeEndsAt) }) : null}
            label={t('project.action.award')}
          />
        ) : null}
        {project.status === 'awarded' ? (
          <p>
            <Link to={`/projects/${project.id}/notice`}>{t('project.award.noticeLink')}</Link>
          </p>
        ) : null}
        {may.reissue ? (
          <IntentButton action={action} intent="reissue" hint={t('project.manage.reissueHint')} label={t('project.action.reissue')} secondary />
        ) : null}
      </div>
      {may.cancel ? (
        <>
          <hr />
          <ReasonForm
            action={action}
            intent="cancel"
            answer={answer}
            label={t('project.cancelReason')}
            hint={t('project.cancelReason.hint')}
            submitLabel={t('project.action.cancel')}
            tone="danger"
          />
        </>
      ) : null}
    </section>
  );
}

/**
 * The evaluation panel as the purchaser runs it: who sits on it, the draw that seated them (seed,
 * candidates, avoided experts and why, replacements), and the form that asks for a draw (ADR 024).
 */
export function PanelCard({ project, purchaser, answer }: { project: Project; purchaser: Purchaser; answer: unknown }) {
  const { t, dateTime } = useT();
  const [form, fields] = useAppForm(PanelDrawSchema, {
    id: 'project-drawPanel',
    lastResult: replyFor(answer, 'drawPanel'),
    defaultValue: { size: String(purchaser.draw.minSize) },
  });
  const record = purchaser.draw.record;
  if (!purchaser.may.managePanel && !purchaser.panel.length) return null;
  return (
    <section className="card" aria-labelledby="panel-title">
      <h2 id="panel-title">{t('panel.title')}</h2>
      {purchaser.panel.length ? (
        <table className="data compact">
          <caption className="visually-hidden">{t('panel.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('panel.member')}</th>
              <th scope="col">{t('panel.status')}</th>
            </tr>
          </thead>
          <tbody>
            {purchaser.panel.map((m) => (
              <tr key={m.userId}>
                <th scope="row">{m.name}</th>
                <td>
                  <span className={`badge ${m.status === 'active' ? 'ok' : 'warn'}`}>{t(`panel.status.${m.status}`)}</span>
                  {m.recusalReason ? <div className="small">{recusalText(t, m.recusalReason)}</div> : null}
                  {m.submittedAt ? <div className="small muted">{t('panel.submittedAt', { at: dateTime(m.submittedAt) })}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">{t('panel.empty')}</p>
      )}
      {record ? (
        <details style={{ marginTop: '1rem' }}>
          <summary>{t('panelDraw.record.title')}</summary>
          <dl className="small">
            <dt>{t('panelDraw.record.seed')}</dt>
            <dd>
              <code className="break">{record.seed}</code>
            </dd>
            <dt>{t('panelDraw.record.candidates', { n: record.candidateIds.length })}</dt>
            <dd>
              <code className="break">{record.candidateIds.join(' ')}</code>
            </dd>
            <dt>{t('panelDraw.record.excluded')}</dt>
            <dd>
              {record.excluded.length ? (
                <ul>
                  {record.excluded.map((e) => (
                    <li key={e.name}>
                      {e.name}：{e.reasons.map((r) => t(keyUnder('panelDraw.reason', r))).join('；')}
                    </li>
                  ))}
                </ul>
              ) : (
                t('panelDraw.record.noneExcluded')
              )}
            </dd>
          </dl>
          {record.fallback ? <p className="small">{t('panelDraw.record.fallback')}</p> : null}
          <ol className="small">
            {record.steps.map((s) => (
              <li key={s.step}>
                {s.replaces === null
                  ? t('panelDraw.record.step0', { at: dateTime(s.at), n: s.drawn.length, from: s.counterStart, to: s.counterEnd - 1 })
                  : s.drawn.length
                    ? t('panelDraw.record.replacement', { at: dateTime(s.at), from: s.counterStart, to: s.counterEnd - 1 })
                    : t('panelDraw.record.exhausted', { at: dateTime(s.at) })}
                {s.drawn.length ? `：${s.drawn.join('、')}` : null}
                {s.replaces ? `（${s.replaces}）` : null}
              </li>
            ))}
          </ol>
          <p className="small muted">{t('panelDraw.record.rerun')}</p>
        </details>
      ) : null}
      {purchaser.draw.mayDraw ? (
        <Form method="post" action={`/projects/${project.id}`} className="stack start" style={{ marginTop: '1rem' }} {...getFormProps(form)}>
          <input type="hidden" name="intent" value="drawPanel" />
          <p className="small muted">{t('panelDraw.lead')}</p>
          <Field field={fields.size} label={t('panelDraw.size')} hint={t('panelDraw.size.hint', { n: purchaser.draw.minSize })}>
            {(p) => <input {...p} key={fields.size.key} inputMode="numeric" defaultValue={String(fields.size.initialValue ?? '')} />}
          </Field>
          <button type="submit" className="btn secondary">
            {t('panelDraw.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** The opened bids, for the purchaser: price, time, eligibility, and a link to read each. */
export function BidsTable({ project, purchaser }: { project: Project; purchaser: Purchaser }) {
  const { t, fen, dateTime } = useT();
  if (!purchaser.bids.length) return null;
  return (
    <section className="card" aria-labelledby="bids-title">
      <h2 id="bids-title">{t('project.bids.title')}</h2>
      <div className="table-wrap">
        <table className="data stack">
          <caption className="visually-hidden">{t('project.bids.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('bid.org')}</th>
              <th scope="col" className="num">
                {t('bid.price')}
              </th>
              <th scope="col">{t('bid.submittedAtLabel')}</th>
              <th scope="col">{t('bid.eligibility')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('bid.read')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {purchaser.bids.map((b) => (
              <tr key={b.id}>
                <th scope="row">{b.orgName}</th>
                <td className="num" data-label={t('bid.price')}>
                  {fen(b.priceFen)}
                </td>
                <td data-label={t('bid.submittedAtLabel')}>{dateTime(b.submittedAt)}</td>
                <td data-label={t('bid.eligibility')}>
                  {b.eligible ? (
                    <span className="badge ok">{t('bid.eligible')}</span>
                  ) : (
                    <>
                      <span className="badge danger">{t('bid.ineligible')}</span>{' '}
                      <span className="small">{b.ineligibleReason ? t(messageKeyOr(b.ineligibleReason)) : null}</span>
                    </>
                  )}
                </td>
                <td>
                  <Link to={`/projects/${project.id}/bids/${b.id}`}>{t('bid.read')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
