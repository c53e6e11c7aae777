import { Link } from '@remix-run/react';
import type { Role } from '~/domain/catalog';
import type { AdminQueue, Label, WorkItem, WorkList, WorkSection } from '~/queries/workspace/types';
import { StatusBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';

/**
 * The workspace page (issue 11), shared by the route and the benchmark's constant-data baseline:
 * one section per role the person holds with what waits for them, the administrator's province-wide
 * queues, then the roles, common tasks and notices about bids.
 */
export interface WorkspaceViewProps {
  user: { id: string; displayName: string };
  /** The time the lists were read, to mark what is overdue (the same on the server and in the browser). */
  now: string;
  tasks: number;
  sections: WorkSection[];
  admin: AdminQueue[] | null;
  roles: {
    role: Role;
    region: { code: string; name: string } | null;
    org: { id: string; name: string; status: string } | null;
  }[];
  reviews: boolean;
  bidNotices: (
    | { kind: 'cancelledSealed'; bidId: string; orgName: string; projectId: string; title: string }
    | { kind: 'amended'; bidId: string; orgName: string; projectId: string; title: string; amendment: number; bidDeadline: string }
  )[];
}

/** Label parameters that are instants, shown in the reader's language. */
const INSTANT_PARAMS = new Set(['until', 'since']);

const PURCHASER_ROLES: Role[] = ['bureauStaff', 'stationStaff', 'committeeStaff'];

export function WorkspaceView({ user, now, tasks, sections, admin, roles, reviews, bidNotices }: WorkspaceViewProps) {
  const { t, dateTime } = useT();
  const has = (r: Role) => roles.some((x) => x.role === r);
  const anything = sections.some((s) => s.lists.length) || !!admin;
  return (
    <>
      <h1>{t('workspace.title', { name: user.displayName })}</h1>
      <p className="lead">{tasks ? t('workspace.lead.tasks', { n: tasks }) : t('workspace.lead.none')}</p>

      {admin ? <AdminQueues queues={admin} /> : null}

      {sections.map((s) => (
        <section key={s.id} className="card work-section" aria-labelledby={`ws-${s.id}`}>
          <h2 id={`ws-${s.id}`}>
            {t(`role.${s.role}`)}
            {s.name ? (
              <>
                {' · '}
                {s.href ? <Link to={s.href}>{s.name}</Link> : s.name}
              </>
            ) : null}
          </h2>
          {s.lists.length ? (
            s.lists.map((l) => <List key={l.id} list={l} now={now} sectionId={s.id} />)
          ) : (
            <p className="muted">{t(`workspace.empty.${s.family}`)}</p>
          )}
        </section>
      ))}

      {!anything ? (
        <section className="card" aria-labelledby="ws-empty">
          <h2 id="ws-empty">{t('workspace.empty.title')}</h2>
          <p>{t('workspace.empty.lead')}</p>
          <ul>
            {roles.some((r) => PURCHASER_ROLES.includes(r.role)) ? (
              <>
                <li>
                  <Link to="/projects/new">{t('workspace.next.newProject')}</Link>
                </li>
                <li>
                  <Link to="/intentions/new">{t('workspace.next.newIntention')}</Link>
                </li>
              </>
            ) : null}
            {has('evaluator') ? (
              <li>
                <Link to={`/experts/${user.id}`}>{t('workspace.next.expertProfile')}</Link>
              </li>
            ) : null}
            <li>
              <Link to="/projects?status=published">{t('workspace.next.library')}</Link>
            </li>
            {!roles.length ? (
              <li>
                <Link to="/filings/new">{t('filings.apply')}</Link>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

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
            {roles.some((r) => r.role === 'orgAdmin' || PURCHASER_ROLES.includes(r.role)) ? (
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

function List({ list, now, sectionId }: { list: WorkList; now: string; sectionId: string }) {
  const { t } = useT();
  const id = `ws-${sectionId}-${list.id}`;
  return (
    <div className="work-list">
      <h3 id={id}>
        {t(`workspace.list.${list.id}`)} <span className={`badge ${list.task ? 'warn' : ''}`}>{list.total}</span>
      </h3>
      <ul className="plain" aria-labelledby={id}>
        {list.items.map((item, i) => (
          <Item key={i} item={item} now={now} />
        ))}
      </ul>
      {list.total > list.items.length ? <p className="small muted">{t('workspace.more', { n: list.total - list.items.length })}</p> : null}
    </div>
  );
}

function Item({ item, now }: { item: WorkItem; now: string }) {
  const { t, date, dateTime } = useT();
  const label = useLabel(item.label);
  const day = item.due?.length === 10;
  // A day is due at its end in China.
  const overdue = item.due !== null && Date.parse(day ? `${item.due}T23:59:59.999+08:00` : item.due) < Date.parse(now);
  return (
    <li>
      <Link to={item.href}>{label}</Link>
      {item.due ? <span className="small muted"> {t('workspace.due', { at: day ? date(item.due) : dateTime(item.due) })}</span> : null}
      {overdue ? (
        <>
          {' '}
          <span className="badge danger">{t('workspace.overdue')}</span>
        </>
      ) : null}
    </li>
  );
}

function useLabel(label: Label): string {
  const { t, dateTime } = useT();
  const params = Object.fromEntries(Object.entries(label.params).map(([k, v]) => [k, INSTANT_PARAMS.has(k) && typeof v === 'string' ? dateTime(v) : v]));
  return t(label.key, params);
}

function AdminQueues({ queues }: { queues: AdminQueue[] }) {
  const { t, num } = useT();
  return (
    <section className="card" aria-labelledby="ws-admin">
      <h2 id="ws-admin">{t('workspace.admin.title')}</h2>
      <p className="small muted">{t('workspace.admin.lead')}</p>
      <div className="table-wrap">
        <table className="data">
          <caption className="visually-hidden">{t('workspace.admin.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('workspace.admin.queue')}</th>
              <th scope="col" className="num">
                {t('workspace.admin.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {queues.map((q) => (
              <tr key={q.id}>
                <th scope="row">{q.href ? <Link to={q.href}>{t(`workspace.list.${q.id}`)}</Link> : t(`workspace.list.${q.id}`)}</th>
                <td className="num">{num(q.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul>
        <li>
          <Link to="/audit">{t('nav.audit')}</Link>
        </li>
        <li>
          <Link to="/contracts">{t('workspace.contracts')}</Link>
        </li>
        <li>
          <Link to="/filings">{t('nav.filingsStaff')}</Link>
        </li>
        <li>
          <Link to="/admin/calendar">{t('calendar.nav')}</Link>
        </li>
        <li>
          <Link to="/staff">{t('nav.staff')}</Link>
        </li>
      </ul>
    </section>
  );
}
