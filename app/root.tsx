import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData } from '@remix-run/react';
import stylesHref from '~/styles/app.css?url';
import { currentUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { localeOf } from '~/i18n/locale.server';
import { translator, type Locale } from '~/i18n/i18n';
import { localeOfError, useLocale } from '~/i18n/use-t';
import { SiteHeader, SiteFooter } from '~/components/layout';
import { ErrorPage } from '~/components/error-page';
import { loaderOf } from '~/lib/http.server';
import { db } from '~/lib/db.server';
import { unreadCount } from '~/queries/notifications.server';
import { workspaceCount } from '~/queries/workspace/index.server';
import { useNonce } from '~/lib/nonce';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [{ title: translator(data?.locale ?? localeOfError(error) ?? 'zh-CN')('app.title') }];

// The session lookup is the first query of every signed-in page: while the database is away it
// answers 503 (loaderOf), carrying the language for the error page.
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const locale = localeOf(request);
  const me = await currentUser(request);
  const url = new URL(request.url);
  const unread = me ? await unreadCount(db(), me.user.id) : 0;
  // What waits for the person, on the navigation's workspace link: one statement of indexed counts.
  const waiting = me ? await workspaceCount(db(), me.actor) : 0;
  return {
    locale,
    path: url.pathname + url.search,
    user: me
      ? {
          displayName: me.user.displayName,
          roles: [...new Set(me.actor.assignments.map((a) => a.role))],
          /** Unread notifications, shown beside 通知 in the header. */
          unread,
          // The province's bureau keeps the calendar, not every bureau: the role alone cannot say.
          mayKeepCalendar: can(me.actor, 'calendar:maintain'),
          // The expert pool for its keepers; an expert's own page for an evaluator (ADR 024).
          experts: can(me.actor, 'experts:list')
            ? { to: '/experts', mine: false }
            : me.actor.assignments.some((a) => a.role === 'evaluator')
              ? { to: `/experts/${me.user.id}`, mine: true }
              : null,
          waiting,
        }
      : null,
  };
});

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const locale: Locale = useLocale();
  const nonce = useNonce();
  return (
    <html lang={locale === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <SiteHeader user={data.user} path={data.path} />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootLoaderData>('root');
  return (
    <>
      <SiteHeader user={data?.user ?? null} path={data?.path ?? '/'} />
      <main id="main">
        <ErrorPage error={error} />
      </main>
    </>
  );
}
