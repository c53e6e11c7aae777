import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { authorize } from '~/auth/guard.server';
import { expertPool } from '~/queries/experts.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

export const meta: MetaFunction = () => [{ title: '评审专家库' }];

/** The expert pool (ADR 024), for the province's and the cities' bureaus who keep it. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await authorize(request, 'experts:list');
  return { experts: await expertPool(db()) };
});

export default function Experts() {
  const { experts } = useLoaderData<typeof loader>();
  const { t, list } = useT();
  return (
    <>
      <Breadcrumbs items={[{ label: t('experts.title') }]} />
      <h1>{t('experts.title')}</h1>
      <p className="lead">{t('experts.lead')}</p>
      {experts.length ? (
        <div className="table-wrap">
          <table className="data">
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
                  <td>{list(e.specialties.map((c) => t(keyUnder('category', c))))}</td>
                  <td>{e.employer ?? ''}</td>
                  <td>{list(e.relations)}</td>
                  <td>
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
