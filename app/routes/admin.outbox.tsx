import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { authorize } from '~/auth/guard.server';
import { translator } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { outbox, OUTBOX_PAGE_SIZE, OUTBOX_STATUSES } from '~/queries/notifications.server';
import { pageParam } from '~/schemas/fields';
import { FilterActions } from '~/components/ui/filters';
import { Pagination } from '~/components/ui/pagination';

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('outbox.title') }];
};

const Query = z.object({ page: pageParam(), status: z.enum(OUTBOX_STATUSES).optional().catch(undefined) });

/** Every e-mail and SMS the platform sent or kept, with the address it went to: the administrator's only. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await authorize(request, 'outbox:view');
  const { page, status } = readQuery(request, Query);
  const { rows, total } = await outbox(db(), page, status);
  return { rows, total, page, pageSize: OUTBOX_PAGE_SIZE, status: status ?? null, statuses: OUTBOX_STATUSES };
});

const TONE = { sent: 'ok', kept: 'info', failed: 'danger', sending: 'warn' } as const;

export default function Outbox() {
  const { rows, total, page, pageSize, status, statuses } = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  return (
    <>
      <h1>{t('outbox.title')}</h1>
      <p className="lead">{t('outbox.lead')}</p>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="status">{t('outbox.filter.status')}</label>
          <select id="status" name="status" defaultValue={status ?? ''}>
            <option value="">{t('common.all')}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`outbox.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <FilterActions reset="/admin/outbox" />
      </Form>
      {rows.length ? (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('outbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('outbox.col.at')}</th>
                <th scope="col">{t('outbox.col.status')}</th>
                <th scope="col">{t('outbox.col.address')}</th>
                <th scope="col">{t('outbox.col.subject')}</th>
                <th scope="col">{t('outbox.col.channel')}</th>
                <th scope="col" className="num">
                  {t('outbox.col.attempts')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td>
                    {dateTime(m.createdAt)}
                    {m.sentAt ? <div className="small muted">{t('outbox.sentAt', { at: dateTime(m.sentAt) })}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${TONE[m.status as keyof typeof TONE] ?? ''}`}>{t(`outbox.status.${m.status as (typeof statuses)[number]}`)}</span>
                    {m.lastError ? <div className="small muted">{t('outbox.lastError', { error: m.lastError })}</div> : null}
                  </td>
                  <td>{m.address}</td>
                  <td>{m.subject}</td>
                  <td>{t(m.channel === 'sms' ? 'outbox.channel.sms' : 'outbox.channel.email')}</td>
                  <td className="num">{m.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('outbox.empty')}</p>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
