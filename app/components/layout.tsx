import { Form, Link, NavLink, useLocation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import type { Role } from '~/domain/catalog';
import { useT } from '~/i18n/use-t';

const STAFF: Role[] = ['platformAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff'];
/** Who has contracts to see: organization administrators and the purchasing units their own side, the administrator every contract read-only (contract:oversee). */
const CONTRACT_ROLES: Role[] = ['orgAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff', 'platformAdmin'];

type HeaderUser = {
  displayName: string;
  roles: Role[];
  /** Unread notifications, beside 通知. */
  unread?: number;
  /** Tasks waiting in the workspace, beside 工作台. */
  waiting?: number;
  mayKeepCalendar?: boolean;
  experts?: { to: string; mine: boolean } | null;
} | null;

/**
 * The site header. On a wide screen the links and tools sit in one bar; below 820 px they fold into
 * a menu (`details`/`summary`, so it opens without JavaScript) under the brand. The links and tools
 * are each written once (`NavLinks`, `HeaderTools`) and shown in one place or the other by CSS: the
 * hidden copy is `display: none`, out of the accessibility tree.
 */
export function SiteHeader({ user, path }: { user: HeaderUser; path: string }) {
  const { t, num } = useT();
  // On a phone the menu button carries what waits (tasks and unread notices), so nobody has to open it to know.
  const pending = (user?.waiting ?? 0) + (user?.unread ?? 0);
  const menu = useRef<HTMLDetailsElement>(null);
  const { key } = useLocation();
  // A followed link keeps the header (client-side navigation): fold the menu over the new page.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [key]);
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <div className="inner">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            陕
          </span>
          <span>{t('app.name')}</span>
        </Link>
        <nav className="main-nav" aria-label={t('nav.main')}>
          <NavLinks user={user} />
        </nav>
        <div className="header-tools">
          <HeaderTools user={user} path={path} />
        </div>
        <details className="nav-menu" ref={menu}>
          <summary>
            <svg className="nav-menu-icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
              <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
            </svg>
            {t('nav.menu')}
            {pending ? (
              <span className="badge warn" aria-hidden="true">
                {num(pending)}
              </span>
            ) : null}
          </summary>
          <div className="nav-menu-panel">
            <nav aria-label={t('nav.main')}>
              <NavLinks user={user} />
            </nav>
            <div className="header-tools">
              <HeaderTools user={user} path={path} />
            </div>
          </div>
        </details>
      </div>
    </header>
  );
}

/** The main navigation's links for this person (shown in the bar or in the phone menu). */
function NavLinks({ user }: { user: HeaderUser }) {
  const { t, num } = useT();
  const isStaff = user?.roles.some((r) => STAFF.includes(r));
  return (
    <>
      <NavLink to="/projects">{t('nav.projects')}</NavLink>
      <NavLink to="/intentions">{t('nav.intentions')}</NavLink>
      <NavLink to="/orgs">{t('nav.orgs')}</NavLink>
      <NavLink to="/regions/61">{t('nav.regions')}</NavLink>
      {user ? <NavLink to="/filings">{isStaff ? t('nav.filingsStaff') : t('nav.filings')}</NavLink> : null}
      {user?.roles.some((r) => CONTRACT_ROLES.includes(r)) ? <NavLink to="/contracts">{t('nav.contracts')}</NavLink> : null}
      {user ? (
        <NavLink to="/workspace">
          {t('nav.workspace')}
          {user.waiting ? (
            <>
              {' '}
              <span className="badge warn" aria-hidden="true">
                {num(user.waiting)}
              </span>
              <span className="visually-hidden">{t('workspace.navCount', { n: user.waiting })}</span>
            </>
          ) : null}
        </NavLink>
      ) : null}
      {user ? (
        <NavLink to="/notifications">
          {t('nav.notifications')}
          {user.unread ? (
            <>
              {' '}
              <span className="badge info" aria-hidden="true">
                {num(user.unread)}
              </span>
              <span className="visually-hidden">{t('nav.notifications.unread', { n: user.unread })}</span>
            </>
          ) : null}
        </NavLink>
      ) : null}
      {user?.roles.some((r) => r === 'platformAdmin' || r === 'bureauStaff') ? <NavLink to="/staff">{t('nav.staff')}</NavLink> : null}
      {user?.roles.includes('platformAdmin') ? <NavLink to="/audit">{t('nav.audit')}</NavLink> : null}
      {user?.roles.includes('platformAdmin') ? <NavLink to="/admin/outbox">{t('outbox.nav')}</NavLink> : null}
      {user?.mayKeepCalendar ? <NavLink to="/admin/calendar">{t('calendar.nav')}</NavLink> : null}
      {user?.experts ? <NavLink to={user.experts.to}>{t(user.experts.mine ? 'experts.mine.title' : 'experts.title')}</NavLink> : null}
      {user?.roles.some((r) => r === 'bureauStaff' || r === 'stationStaff' || r === 'committeeStaff') ? (
        <NavLink to="/budgets">{t('budget.nav')}</NavLink>
      ) : null}
    </>
  );
}

/** The language switch and the account's sign-in or sign-out (shown in the bar or in the phone menu). */
function HeaderTools({ user, path }: { user: HeaderUser; path: string }) {
  const { t, locale } = useT();
  return (
    <>
      <Form method="post" action="/lang">
        <input type="hidden" name="next" value={path} />
        <input type="hidden" name="locale" value={locale === 'en' ? 'zh-CN' : 'en'} />
        <button type="submit" className="btn link" lang={locale === 'en' ? 'zh-CN' : 'en'}>
          {locale === 'en' ? '中文' : 'English'}
        </button>
      </Form>
      {user ? (
        <>
          <span className="user-chip">{user.displayName}</span>
          <Form method="post" action="/logout">
            <button type="submit" className="btn secondary">
              {t('nav.signOut')}
            </button>
          </Form>
        </>
      ) : (
        <>
          <Link to={`/login?next=${encodeURIComponent(path)}`} className="btn">
            {t('nav.signIn')}
          </Link>
          <Link to="/signup">{t('nav.signUp')}</Link>
        </>
      )}
    </>
  );
}

export function SiteFooter() {
  const { t } = useT();
  return (
    <footer className="site-footer">
      <div className="inner">{t('app.footer')}</div>
    </footer>
  );
}

export function Breadcrumbs({ items }: { items: { to?: string; label: string }[] }) {
  const { t } = useT();
  return (
    <nav className="breadcrumbs" aria-label={t('nav.breadcrumbs')}>
      <ol>
        {items.map((item, i) => (
          <li key={i}>
            {item.to && i < items.length - 1 ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current={i === items.length - 1 ? 'page' : undefined}>{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
