import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { db } from '~/lib/db.server';
import { bidderNotices } from '~/queries/projects.server';
import { rolesWithScopes } from '~/queries/workspace.server';
import { loaderOf } from '~/lib/http.server';
import { StatusBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const [roles, bidNotices] = await Promise.all([rolesWithScopes(db(), me.actor), bidderNotices(db(), me.actor)]);
  return { user: me.user, roles, reviews: can(me.actor, 'filing:queue'), bidNotices };
});

export default function Workspace() {
  const { user, roles, reviews, bidNotices } = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  return (
    <>
      <h1>{t('workspace.title', { name: user.displayName })}</h1>
      <div className="grid">
        <section className="card">
          <h2>{t('workspace.roles')}</h2>
          {roles.length ? (
            <ul>
              {roles.map((r, i) => (
                <li key={i}>
                  {t(`role.${r.role}`)}
                  {r.region ? (
                    <>
                      {' · '}
                      <Link to={`/regions/${r.region.code}`}>{r.region.name}</Link>
                    </>
                  ) : null}
                  {r.org ? (
                    <>
                      {' · '}
                      <Link to={`/orgs/${r.org.id}`}>{r.org.name}</Link> <StatusBadge status={r.org.status} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('workspace.noRoles')}</p>
          )}
        </section>
        <section className="card">
          <h2>{t('workspace.next')}</h2>
          <ul>
            {reviews ? (
              <li>
                <Link to="/filings">{t('workspace.reviewQueue')}</Link>
              </li>
            ) : null}
            {roles.some((r) => ['orgAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff'].includes(r.role)) ? (
              <li>
                <Link to="/contracts">{t('workspace.contracts')}</Link>
              </li>
            ) : null}
            <li>
              <Link to="/filings/new">{t('filings.apply')}</Link>
            </li>
            <li>
              <Link to="/filings">{t('filings.mine')}</Link>
            </li>
            <li>
              <Link to="/account/password">{t('auth.password.change.title')}</Link>
            </li>
          </ul>
        </section>
        {bidNotices.length ? (
          <section className="card" aria-labelledby="bid-notices">
            <h2 id="bid-notices">{t('workspace.bidNotices')}</h2>
            <ul>
              {bidNotices.map((n) => (
                <li key={n.bidId}>
                  <Link to={`/projects/${n.projectId}`}>{n.title}</Link>
                  <div className="small">
                    {n.kind === 'cancelledSealed'
                      ? t('bid.notice.cancelledSealed', { org: n.orgName })
                      : t('bid.notice.amended', { org: n.orgName, n: n.amendment, at: dateTime(n.bidDeadline) })}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  );
}
