import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { z } from 'zod';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { calendarYear, calendarYears } from '~/queries/calendar.server';
import { CalendarDaySchema, CalendarQuery, RemoveCalendarDaySchema } from '~/schemas/calendar';
import { setCalendarDay } from '~/services/set-calendar-day.server';
import { removeCalendarDay } from '~/services/remove-calendar-day.server';
import { CALENDAR_YEARS, weekdayOf } from '~/domain/working-days';
import { parseIsoDate } from '~/domain/dates';
import { todayInChina } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { Field, FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

const day = z
  .string()
  .refine((v) => parseIsoDate(v) !== null)
  .optional()
  .catch(undefined);
const Query = CalendarQuery.extend({ done: z.enum(['set', 'remove']).optional().catch(undefined), date: day, edit: day });

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await authorize(request, 'calendar:maintain');
  const q = readQuery(request, Query);
  const year = q.year ?? Number(todayInChina().slice(0, 4));
  const [days, years] = await Promise.all([calendarYear(db(), year), calendarYears(db())]);
  const editing = q.edit ? days.find((d) => d.date === q.edit) : undefined;
  return {
    year,
    days: days.map((d) => ({ ...d, updatedAt: d.updatedBy ? d.updatedAt.toISOString() : null })),
    years,
    done: q.done && q.date ? { what: q.done, date: q.date } : null,
    editing: editing ? { date: editing.date, kind: editing.kind, name: editing.name } : null,
  };
});

const back = (date: string, done: 'set' | 'remove') => redirect(`/admin/calendar?year=${date.slice(0, 4)}&done=${done}&date=${date}`);

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await authorize(request, 'calendar:maintain');
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  const form = await readForm(request);
  if (form.get('intent') === 'remove') {
    const submission = parseSubmission(form, RemoveCalendarDaySchema);
    if (submission.status !== 'success') return replyTo(submission);
    return orRefusal(submission, async () => {
      await removeCalendarDay(db(), ctx, submission.value);
      return back(submission.value.date, 'remove');
    });
  }
  const submission = parseSubmission(form, CalendarDaySchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    await setCalendarDay(db(), ctx, submission.value);
    return back(submission.value.date, 'set');
  });
});

export default function WorkingDayCalendar() {
  const { year, days, years, done, editing } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, date, dateTime } = useT();
  const refusal = answer && 'formError' in answer ? answer.formError : null;
  const dayLabel = (d: string) => `${date(d)} ${t(`calendar.weekday.${weekdayOf(d)}`)}`;
  return (
    <>
      <h1>{t('calendar.title')}</h1>
      <p className="lead">{t('calendar.lead')}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`calendar.done.${done.what}`, { date: dayLabel(done.date) })}
        </p>
      ) : null}
      <FormError failure={replyFor(answer, 'remove') ? refusal : null} />
      <Form method="get" className="actions" style={{ marginBottom: '1rem', alignItems: 'end' }}>
        <div className="field">
          <label htmlFor="year">{t('calendar.year')}</label>
          <input id="year" name="year" type="number" min={CALENDAR_YEARS.first} max={CALENDAR_YEARS.last} defaultValue={year} style={{ width: '7rem' }} />
        </div>
        <button type="submit" className="btn secondary">
          {t('calendar.show')}
        </button>
      </Form>
      <div className="two-col">
        {/* minWidth 0: on a phone the grid's one column would otherwise grow to the table's width. */}
        <section style={{ minWidth: 0 }}>
          <h2>{t('calendar.entries', { year })}</h2>
          {days.length ? (
            // Positioned so the hidden column heading stays inside the scrolling box on a phone.
            <div className="table-wrap" style={{ position: 'relative' }}>
              <table className="data">
                <caption className="visually-hidden">{t('calendar.entries', { year })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('calendar.date')}</th>
                    <th scope="col">{t('calendar.kindAndName')}</th>
                    <th scope="col">{t('calendar.changed')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('calendar.remove')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {days.map((d) => (
                    <tr key={d.date}>
                      <td>
                        <span style={{ whiteSpace: 'nowrap' }}>{date(d.date)}</span>
                        <br />
                        <span className="small muted">{t(`calendar.weekday.${weekdayOf(d.date)}`)}</span>
                      </td>
                      <td>
                        <span className={d.kind === 'holiday' ? 'badge ok' : 'badge warn'}>{t(`calendar.kind.${d.kind}`)}</span>
                        <br />
                        {d.name}
                      </td>
                      <td className="small">
                        {d.updatedBy && d.updatedAt ? (
                          t('calendar.changedBy', { who: d.updatedBy, at: dateTime(d.updatedAt) })
                        ) : (
                          <span className="muted">{t('calendar.official')}</span>
                        )}
                      </td>
                      <td style={{ whiteSpace: 'nowrap' }}>
                        <div className="stack-sm" style={{ gap: '0.25rem' }}>
                          <Link to={`?year=${year}&edit=${d.date}#form-calendar-day`} aria-label={t('calendar.changeLabel', { date: dayLabel(d.date) })}>
                            {t('calendar.change')}
                          </Link>
                          <Form method="post">
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="date" value={d.date} />
                            <button type="submit" className="btn link" aria-label={t('calendar.removeLabel', { date: dayLabel(d.date) })}>
                              {t('calendar.remove')}
                            </button>
                          </Form>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="warning" role="note">
              {t('calendar.empty', { year })}
            </p>
          )}
        </section>
        <aside className="stack-sm" style={{ alignContent: 'start' }}>
          {/* Keyed by the day being changed and the last save, so a change link refills the form and a save empties it. */}
          <DayForm key={`${editing?.date ?? ''}|${done?.what ?? ''}${done?.date ?? ''}`} editing={editing} answer={answer} />
          <section className="card">
            <h2>{t('calendar.years')}</h2>
            {years.length ? (
              <ul className="plain">
                {years.map((y) => (
                  <li key={y.year}>
                    {y.year === year ? (
                      <strong>{t('calendar.years.item', { year: y.year, n: y.days })}</strong>
                    ) : (
                      <Link to={`?year=${y.year}`}>{t('calendar.years.item', { year: y.year, n: y.days })}</Link>
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('calendar.years.none')}</p>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}

function DayForm({ editing, answer }: { editing: { date: string; kind: string; name: string } | null; answer: unknown }) {
  const { t } = useT();
  const reply = replyFor(answer, 'set');
  const [form, fields] = useAppForm(CalendarDaySchema, { id: 'form-calendar-day', lastResult: reply, defaultValue: editing ?? { kind: 'holiday' } });
  const refusal = reply && answer && typeof answer === 'object' && 'formError' in answer ? (answer.formError as { messageKey: string }) : null;
  return (
    <section className="card">
      <h2>{t('calendar.form.title')}</h2>
      <p className="small muted">{t('calendar.form.lead')}</p>
      <FormError failure={refusal} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="set" />
        <TextField field={fields.date} label={t('calendar.date')} type="date" min={`${CALENDAR_YEARS.first}-01-01`} max={`${CALENDAR_YEARS.last}-12-31`} />
        <Field field={fields.kind} label={t('calendar.kind')}>
          {(p, initial) => (
            <select {...p} key={fields.kind.key} defaultValue={typeof initial === 'string' ? initial : 'holiday'}>
              <option value="holiday">{t('calendar.kind.holiday')}</option>
              <option value="workday">{t('calendar.kind.workday')}</option>
            </select>
          )}
        </Field>
        <TextField field={fields.name} label={t('calendar.name')} hint={t('calendar.form.nameHint')} />
        <button type="submit" className="btn">
          {t('calendar.form.submit')}
        </button>
      </Form>
    </section>
  );
}
