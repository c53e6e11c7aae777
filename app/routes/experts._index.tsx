import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { z } from 'zod';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { fenToYuanInput } from '~/domain/money';
import { expertPool } from '~/queries/experts.server';
import { largeBudgetFenOf } from '~/queries/panel-settings.server';
import { PanelThresholdSchema } from '~/schemas/expert';
import { setPanelThreshold } from '~/services/set-panel-threshold.server';
import { db } from '~/lib/db.server';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { useAppForm } from '~/lib/use-app-form';
import { TextField } from '~/components/ui/form';
import { Breadcrumbs } from '~/components/layout';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

const SavedQuery = z.object({ saved: z.enum(['threshold']).optional().catch(undefined) });

export const meta: MetaFunction = () => [{ title: '评审专家库' }];

/** The expert pool (ADR 024), for the province's and the cities' bureaus who keep it. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await authorize(request, 'experts:list');
  const [experts, threshold] = await Promise.all([expertPool(db()), largeBudgetFenOf(db())]);
  const saved = readQuery(request, SavedQuery).saved === 'threshold';
  return { experts, threshold: { fen: threshold.fen, mayEdit: can(me.actor, 'experts:threshold', {}), saved } };
});

/** The province bureau sets the budget from which a panel has five members or more. */
export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await authorize(request, 'experts:threshold');
  const submission = parseSubmission(await readForm(request), PanelThresholdSchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    await setPanelThreshold(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
    return redirect('/experts?saved=threshold');
  });
});

function ThresholdForm({ fen }: { fen: number }) {
  const { t } = useT();
  const answer = useActionData<typeof action>();
  const [form, fields] = useAppForm(PanelThresholdSchema, { id: 'form-threshold', lastResult: answer, defaultValue: { largeBudget: fenToYuanInput(fen) } });
  return (
    <Form method="post" {...getFormProps(form)} className="card">
      <input type="hidden" name="intent" value="threshold" />
      <TextField field={fields.largeBudget} label={t('panelDraw.threshold.label')} hint={t('panelDraw.threshold.hint')} inputMode="decimal" required />
      <button type="submit" className="button">
        {t('panelDraw.threshold.save')}
      </button>
    </Form>
  );
}

export default function Experts() {
  const { experts, threshold } = useLoaderData<typeof loader>();
  const { t, list, fen } = useT();
  return (
    <>
      <Breadcrumbs items={[{ label: t('experts.title') }]} />
      <h1>{t('experts.title')}</h1>
      <p className="lead">{t('experts.lead')}</p>
      {threshold.saved ? (
        <p className="notice" role="status">
          {t('panelDraw.threshold.saved')}
        </p>
      ) : null}
      <p>{t('panelDraw.threshold.current', { amount: fen(threshold.fen) })}</p>
      {threshold.mayEdit ? <ThresholdForm fen={threshold.fen} /> : null}
      {experts.length ? (
        <div className="table-wrap">
          <table className="data stack">
            <caption className="visually-hidden">{t('experts.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('experts.name')}</th>
                <th scope="col">{t('experts.specialties')}</th>
                <th scope="col">{t('experts.employer')}</th>
                <th scope="col">{t('experts.relations')}</th>
                <th scope="col">{t('experts.active')}</th>
              </tr>
            </thead>
            <tbody>
              {experts.map((e) => (
                <tr key={e.userId}>
                  <th scope="row">
                    <Link to={`/experts/${e.userId}`}>{e.name}</Link>
                  </th>
                  <td data-label={t('experts.specialties')}>{list(e.specialties.map((c) => t(keyUnder('category', c))))}</td>
                  <td data-label={t('experts.employer')}>{e.employer ?? ''}</td>
                  <td data-label={t('experts.relations')}>{list(e.relations)}</td>
                  <td data-label={t('experts.active')}>
                    {e.listed ? (
                      <span className={`badge ${e.active ? 'ok' : 'warn'}`}>{t(e.active ? 'experts.active.yes' : 'experts.active.no')}</span>
                    ) : (
                      <span className="badge">{t('experts.notListed')}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('experts.none')}</p>
      )}
    </>
  );
}
