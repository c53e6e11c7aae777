import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requestIdOf, requireUser } from '~/auth/guard.server';
import { translator } from '~/i18n/i18n';
import { localeOf } from '~/i18n/locale.server';
import { notificationText } from '~/i18n/notifications';
import { useT } from '~/i18n/use-t';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { safeNext } from '~/lib/redirects';
import { inboxOf, INBOX_PAGE_SIZE, unreadCount } from '~/queries/notifications.server';
import { pageParam } from '~/schemas/fields';
import { OpenNotificationSchema } from '~/schemas/notifications';
import { openNotification, readAllNotifications } from '~/services/read-notification.server';
import { Pagination } from '~/components/ui/pagination';
import { FormError } from '~/components/ui/form';
import notificationsCss from '~/styles/notifications.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: notificationsCss }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('notifications.title') }];
};

const Query = z.object({ page: pageParam() });

/** The person's own notifications, newest first, written in the page's language. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const { page } = readQuery(request, Query);
  const locale = localeOf(request);
  const [{ rows, total }, unread] = await Promise.all([inboxOf(db(), me.user.id, page), unreadCount(db(), me.user.id)]);
  return {
    page,
    pageSize: INBOX_PAGE_SIZE,
    total,
    unread,
    items: rows.map((r) => ({ id: r.id, unread: !r.readAt, createdAt: r.createdAt, ...notificationText(locale, r.kind, r.params) })),
  };
});

/** Open one (marked read, then to where the work is done: a path of this app only), or mark all read. */
export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await requireUser(request);
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  const form = await readForm(request);
  const intent = form.get('intent');
  if (intent === 'readAll') return { done: 'readAll' as const, n: await readAllNotifications(db(), ctx) };
  if (intent !== 'open') throw new AppError('invalidInput');
  const submission = parseSubmission(form, OpenNotificationSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { href } = await openNotification(db(), ctx, submission.value.id);
  return redirect(safeNext(href, new URL(request.url).origin, '/notifications'));
});

export default function Inbox() {
  const { items, page, pageSize, total, unread } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, dateTime } = useT();
  return (
    <>
      <h1>{t('notifications.title')}</h1>
      <p className="lead">{t('notifications.lead')}</p>
      <div className="actions" style={{ marginBottom: '1rem' }}>
        {unread ? (
          <Form method="post">
            <input type="hidden" name="intent" value="readAll" />
            <button type="submit" className="btn secondary">
              {t('notifications.readAll')}
            </button>
          </Form>
        ) : null}
        <Link to="/account/notifications">{t('notifications.settings')}</Link>
      </div>
      {result && 'done' in result ? (
        <p className="notice" role="status">
          {t('notifications.readAll.done', { n: result.n })}
        </p>
      ) : null}
      <FormError failure={result && 'formError' in result ? result.formError : undefined} />
      {items.length ? (
        <ol className="inbox">
          {items.map((n) => (
            <li key={n.id} className={n.unread ? 'unread' : undefined}>
              <div className="inbox-head">
                <Form method="post">
                  <input type="hidden" name="intent" value="open" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="btn link inbox-title">
                    {n.title}
                  </button>
                </Form>
                {n.unread ? <span className="badge info">{t('notifications.unread')}</span> : null}
              </div>
              <p>{n.body}</p>
              <p className="small muted">
                <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time>
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">{t('notifications.empty')}</p>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
