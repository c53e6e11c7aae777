import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { currentUser } from '~/auth/guard.server';
import { countOrganizations } from '~/queries/organizations.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { useT } from '~/i18n/use-t';

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const [counts, me] = await Promise.all([countOrganizations(db()), currentUser(request)]);
  return { counts, signedIn: !!me };
});

export default function Home() {
  const { counts, signedIn } = useLoaderData<typeof loader>();
  const { t, num } = useT();
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <div className="grid" style={{ marginBottom: '1.5rem' }}>
        <div className="card">
          <div className="muted">{t('home.stat.orgs')}</div>
          <div className="stat">{num(counts.total)}</div>
        </div>
        <div className="card">
          <div className="muted">{t('home.stat.registered')}</div>
          <div className="stat">{num(counts.registered)}</div>
        </div>
        <div className="card">
          <div className="muted">{t('home.stat.filed')}</div>
          <div className="stat">{num(counts.filed)}</div>
        </div>
      </div>
      <div className="grid">
        <section className="card">
          <h2>{t('home.directory.title')}</h2>
          <p>{t('home.directory.body')}</p>
          <Link className="btn" to="/orgs">
            {t('home.directory.cta')}
          </Link>
        </section>
        <section className="card">
          <h2>{t('home.projects.title')}</h2>
          <p>{t('home.projects.body')}</p>
          <Link className="btn" to="/projects">
            {t('home.projects.cta')}
          </Link>
        </section>
        <section className="card">
          <h2>{t('home.filing.title')}</h2>
          <p>{t('home.filing.body')}</p>
          <Link className="btn" to={signedIn ? '/filings/new' : '/signup'}>
            {t('home.filing.cta')}
          </Link>
        </section>
        <section className="card">
          <h2>{t('home.regions.title')}</h2>
          <p>{t('home.regions.body')}</p>
          <Link className="btn secondary" to="/regions/61">
            {t('home.regions.cta')}
          </Link>
        </section>
      </div>
    </>
  );
}
