import type { LoaderFunctionArgs } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { authorize } from '~/auth/guard.server';
import { auditReport, recentAuditEvents } from '~/queries/audit.server';
import { problemMessage } from '~/domain/audit-report';
import { auditKey } from '~/lib/audit-key.server';
import { readCheckpoints } from '~/lib/audit-checkpoints.server';
import { db } from '~/lib/db.server';
import { env } from '~/lib/env.server';
import { loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { pageParam } from '~/schemas/fields';
import { Pagination } from '~/components/ui/pagination';
import { useT } from '~/i18n/use-t';

const Query = z.object({ page: pageParam(100_000), verify: z.string().optional() });

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await authorize(request, 'audit:view');
  const { page, verify: wanted } = readQuery(request, Query);
  const [events, verdict] = await Promise.all([recentAuditEvents(db(), page), wanted ? verify() : Promise.resolve(null)]);
  return { ...events, verdict, page };
});

/** The same check as `npm run audit:verify`: the key, and the checkpoints in the app's folder. */
async function verify() {
  const key = auditKey();
  const { found } = await readCheckpoints(env().AUDIT_CHECKPOINT_DIR);
  const report = await auditReport(db(), key.bytes, key.kid, found);
  const latest = report.latest?.checkpoint;
  return { rows: report.chain.rows, latest: latest ? { at: latest.at, id: latest.lastId } : null, problems: report.problems.map(problemMessage) };
}

export default function AuditLog() {
  const { rows, total, verdict, page } = useLoaderData<typeof loader>();
  const { t, dateTime } = useT();
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p className="lead">{t('audit.lead')}</p>
      <Form method="get" className="actions" style={{ marginBottom: '1rem' }}>
        <input type="hidden" name="verify" value="1" />
        <button type="submit" className="btn secondary">
          {t('audit.verify')}
        </button>
        {verdict && !verdict.problems.length ? (
          <span className="badge ok" role="status">
            {t('audit.verify.ok', { n: verdict.rows })}
            {verdict.latest ? `; ${t('audit.verify.checkpoint', { at: dateTime(verdict.latest.at), id: verdict.latest.id })}` : null}
          </span>
        ) : null}
      </Form>
      {verdict?.problems.length ? (
        <div className="form-error" role="alert" style={{ marginBottom: '1rem' }}>
          <p>{t('audit.verify.failed', { n: verdict.problems.length })}</p>
          <ul>
            {verdict.problems.slice(0, 20).map((p, i) => (
              <li key={i}>{t(p.key, p.params)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="data stack">
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.actorRole')}</th>
              <th scope="col">{t('audit.subject')}</th>
              <th scope="col">{t('audit.summary')}</th>
              <th scope="col">{t('audit.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td className="num" data-label="#">
                  {r.id}
                </td>
                <td data-label={t('audit.at')}>{dateTime(r.at)}</td>
                <td data-label={t('audit.action')}>
                  <code>{r.action}</code>
                </td>
                <td data-label={t('audit.actorRole')}>{r.actorRole ?? '—'}</td>
                <td className="small" data-label={t('audit.subject')}>
                  {r.subjectType} <code>{r.subjectId.slice(0, 12)}</code>
                </td>
                <td className="small stack-full" data-label={t('audit.summary')}>
                  <code>{JSON.stringify(r.summary).slice(0, 160)}</code>
                </td>
                <td className="small" data-label={t('audit.hash')}>
                  <code>{r.hash.slice(0, 10)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={50} total={total} />
    </>
  );
}
