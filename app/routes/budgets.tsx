import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { z } from 'zod';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { purchasingUnitOf } from '~/domain/intention';
import { can } from '~/domain/permissions';
import { fundingProblem, FUNDING_SOURCES, type FundingSource } from '~/domain/project';
import { fenToYuanInput } from '~/domain/money';
import { todayInChina } from '~/lib/clock.server';
import { budgetLines, budgetYears } from '~/queries/budgets.server';
import { regionPath } from '~/queries/regions.server';
import { AppropriationSchema } from '~/schemas/budget';
import { setAppropriation } from '~/services/set-appropriation.server';
import { db } from '~/lib/db.server';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { useAppForm } from '~/lib/use-app-form';
import { purchaserName } from '~/components/project-view';
import { Field, FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

const Query = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  done: z.literal('1').optional().catch(undefined),
  // A line's "change" link fills the form with it.
  source: z.enum(FUNDING_SOURCES).optional().catch(undefined),
  amount: z.string().max(20).optional().catch(undefined),
});

/** The person's purchasing unit, allowed to see budgets (their own unit's region). */
async function unitOf(request: Request) {
  const me = await requireUser(request);
  const unit = purchasingUnitOf(me.actor);
  return { unit, me: await authorize(request, 'budget:view', { regionCode: unit?.regionCode }) };
}

/** A unit's lines (editable) and, for a bureau, the lines of the units below it (read-only). */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const { unit, me } = await unitOf(request);
  const q = readQuery(request, Query);
  const supervised = me.actor.assignments.filter((a) => a.role === 'bureauStaff' && a.regionCode).map((a) => a.regionCode!);
  const scope = { unit: unit!, supervised };
  const [lines, years, path] = await Promise.all([budgetLines(db(), { ...scope, year: q.year }), budgetYears(db(), scope), regionPath(db(), unit!.regionCode)]);
  const resource = { regionCode: unit!.regionCode, purchaserRole: unit!.role, purchaserRegionCode: unit!.regionCode };
  return {
    unit: { role: unit!.role, regionCode: unit!.regionCode, regionName: path.at(-1)?.name ?? unit!.regionCode },
    lines,
    years,
    year: q.year ?? null,
    done: !!q.done,
    mayManage: can(me.actor, 'budget:manage', resource),
    sources: FUNDING_SOURCES.filter((f) => !fundingProblem(unit!.role, f)),
    defaults: {
      fundingSource: q.source ?? 'publicFinance',
      year: String(q.year ?? Number(todayInChina().slice(0, 4)) + 1),
      amount: q.source ? (q.amount ?? '') : '',
    },
  };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const unit = purchasingUnitOf((await requireUser(request)).actor);
  const me = await authorize(request, 'budget:manage', { regionCode: unit?.regionCode, purchaserRole: unit?.role, purchaserRegionCode: unit?.regionCode });
  const submission = parseSubmission(await readForm(request), AppropriationSchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    await setAppropriation(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
    return redirect(`/budgets?year=${submission.value.year}&done=1`);
  });
});

export default function Budgets() {
  const { unit, lines, years, year, done, mayManage, sources, defaults } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, fen } = useT();
  const own = lines.filter((l) => l.own);
  const others = lines.filter((l) => !l.own);
  return (
    <>
      <h1>{t('budget.title')}</h1>
      <p className="lead">{t('budget.lead')}</p>
      <p>{t('budget.unit', { unit: purchaserName(t, unit.role, unit.regionCode, unit.regionName) })}</p>
      {done ? (
        <p className="notice" role="status">
          {t('budget.done')}
        </p>
      ) : null}
      <Form method="get" className="actions" style={{ marginBottom: '1rem', alignItems: 'end' }}>
        <div className="field">
          <label htmlFor="year">{t('budget.filter.year')}</label>
          <select id="year" name="year" defaultValue={year ? String(year) : ''}>
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn secondary">
          {t('calendar.show')}
        </button>
      </Form>
      <div className={mayManage ? 'two-col narrow-side side-first' : undefined}>
        {/* minWidth 0: on a phone the grid's one column would otherwise grow to the table's width. */}
        <section style={{ minWidth: 0 }}>
          <Lines rows={own} caption={t('budget.title')} />
          {others.length ? (
            <>
              <h2>{t('budget.supervised')}</h2>
              <Lines rows={others} caption={t('budget.supervised')} showUnit />
            </>
          ) : null}
        </section>
        {mayManage ? (
          <AppropriationForm key={`${defaults.fundingSource}|${defaults.year}|${defaults.amount}`} answer={answer} sources={sources} defaults={defaults} />
        ) : null}
      </div>
    </>
  );

  function Lines({ rows, caption, showUnit = false }: { rows: typeof lines; caption: string; showUnit?: boolean }) {
    if (!rows.length) return <p className="card">{t('budget.none')}</p>;
    return (
      <div className="table-wrap" style={{ position: 'relative' }}>
        <table className="data compact stack">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {showUnit ? <th scope="col">{t('budget.col.unit')}</th> : null}
              <th scope="col">{t('budget.col.year')}</th>
              <th scope="col">{t('budget.col.source')}</th>
              <th scope="col" className="num">
                {t('budget.col.appropriated')}
              </th>
              <th scope="col" className="num">
                {t('budget.col.reserved')}
              </th>
              <th scope="col" className="num">
                {t('budget.col.committed')}
              </th>
              <th scope="col" className="num">
                {t('budget.col.paid')}
              </th>
              <th scope="col" className="num">
                {t('budget.col.remaining')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => (
              <tr key={l.id}>
                {showUnit ? <td className="stack-head">{purchaserName(t, l.purchaserRole, l.purchaserRegionCode, l.purchaserRegionName)}</td> : null}
                <td data-label={t('budget.col.year')}>{l.year}</td>
                <td data-label={t('budget.col.source')}>{t(`project.funding.${l.fundingSource}`)}</td>
                <td className="num" data-label={t('budget.col.appropriated')}>
                  {fen(l.amountFen)}
                </td>
                <td className="num" data-label={t('budget.col.reserved')}>
                  {fen(l.reservedFen)}
                </td>
                <td className="num" data-label={t('budget.col.committed')}>
                  {fen(l.committedFen)}
                </td>
                <td className="num" data-label={t('budget.col.paid')}>
                  {fen(l.paidFen)}
                </td>
                <td className="num" data-label={t('budget.col.remaining')}>
                  <strong>{fen(l.remainingFen)}</strong>
                  {l.own && mayManage ? (
                    <>
                      <br />
                      <Link className="small" to={`?year=${l.year}&source=${l.fundingSource}&amount=${fenToYuanInput(l.amountFen)}#form-appropriation`}>
                        {t('calendar.change')}
                      </Link>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
}

function AppropriationForm({
  answer,
  sources,
  defaults,
}: {
  answer: unknown;
  sources: readonly FundingSource[];
  defaults: { fundingSource: string; year: string; amount: string };
}) {
  const { t } = useT();
  const [form, fields] = useAppForm(AppropriationSchema, { id: 'form-appropriation', lastResult: answer, defaultValue: defaults });
  const refusal =
    answer && typeof answer === 'object' && 'formError' in answer ? (answer.formError as { messageKey: string; params?: Record<string, string> }) : null;
  return (
    <section className="card" style={{ alignSelf: 'start' }}>
      <h2>{t('budget.set.title')}</h2>
      <p className="small muted">{t('budget.set.hint')}</p>
      <FormError failure={refusal} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field field={fields.fundingSource} label={t('budget.col.source')}>
          {(p, initial) => (
            <select {...p} key={fields.fundingSource.key} defaultValue={String(initial ?? '')}>
              {sources.map((f) => (
                <option key={f} value={f}>
                  {t(`project.funding.${f}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField field={fields.year} label={t('budget.col.year')} inputMode="numeric" required />
        <TextField field={fields.amount} label={t('budget.set.amount')} inputMode="decimal" required />
        <button type="submit" className="btn">
          {t('budget.set.submit')}
        </button>
      </Form>
    </section>
  );
}
