import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { applicationsOf, recentDecisions, reviewQueue } from '~/queries/filings.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { FilingBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const staff = can(me.actor, 'filing:queue');
  const [mine, queue, decided] = await Promise.all([
    applicationsOf(db(), me.user.id),
    staff ? reviewQueue(db(), me.actor) : [],
    staff ? recentDecisions(db(), me.actor) : [],
  ]);
  const iso = <T extends { submittedAt: Date; updatedAt: Date }>(rows: T[]) =>
    rows.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
  return { mine: iso(mine), queue: iso(queue), decided: iso(decided), staff };
});

type Row = { id: string; name: string; status: string; regionName: string; submittedAt: string; updatedAt: string; revision: number };

function FilingTable({ rows, caption }: { rows: Row[]; caption: string }) {
  const { t, dateTime } = useT();
  return (
    <div className="table-wrap">
      <table className="data stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('filing.name')}</th>
            <th scope="col">{t('filing.community')}</th>
            <th scope="col">{t('filing.status')}</th>
            <th scope="col">{t('filing.submittedAt')}</th>
            <th scope="col" className="num">
              {t('filing.revision')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="stack-head">
                <Link to={`/filings/${r.id}`}>{r.name}</Link>
              </td>
              <td data-label={t('filing.community')}>{r.regionName}</td>
              <td data-label={t('filing.status')}>
                <FilingBadge status={r.status} />
              </td>
              <td data-label={t('filing.submittedAt')}>{dateTime(r.submittedAt)}</td>
              <td className="num" data-label={t('filing.revision')}>
                {r.revision}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function Filings() {
  const { mine, queue, decided, staff } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <h1>{t('filings.title')}</h1>
      <p className="lead">{t('filings.lead')}</p>
      {staff ? (
        <section>
          <h2>{t('filings.queue', { n: queue.length })}</h2>
          {queue.length ? <FilingTable rows={queue} caption={t('filings.queue', { n: queue.length })} /> : <p className="card">{t('filings.queue.empty')}</p>}
          {decided.length ? (
            <>
              <h2>{t('filings.decided')}</h2>
              <FilingTable rows={decided} caption={t('filings.decided')} />
            </>
          ) : null}
        </section>
      ) : null}
      <section>
        <h2>{t('filings.mine')}</h2>
        <p>
          <Link className="btn" to="/filings/new">
            {t('filings.apply')}
          </Link>
        </p>
        {mine.length ? <FilingTable rows={mine} caption={t('filings.mine')} /> : <p className="muted">{t('filings.mine.empty')}</p>}
      </section>
    </>
  );
}
