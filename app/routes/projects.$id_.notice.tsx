import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { toChineseCapital } from '~/domain/chinese-amount';
import { awardsOf, getProject } from '~/queries/projects.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { loaderOf } from '~/lib/http.server';
import { purchaserName } from '~/components/project-view';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? '' }];

/** The award notice (中标（成交）通知书): public once the project is awarded, printable. */
export const loader = loaderOf(async ({ params }: LoaderFunctionArgs) => {
  const found = await getProject(db(), params.id!);
  if (!found || found.project.status !== 'awarded') throw new AppError('notFound');
  const live = (await awardsOf(db(), found.project.id)).find((a) => a.award.status === 'awarded');
  if (!live) throw new AppError('notFound');
  const { project } = found;
  return {
    project: {
      id: project.id,
      title: project.title,
      purchaserRole: project.purchaserRole,
      purchaserRegionCode: project.purchaserRegionCode,
      purchaserRegionName: found.purchaserRegionName,
      serviceStart: project.serviceStart,
      serviceEnd: project.serviceEnd,
    },
    award: {
      orgName: live.orgName,
      amountFen: live.award.amountFen,
      capital: toChineseCapital(live.award.amountFen),
      awardedAt: live.award.awardedAt.toISOString(),
    },
  };
});

export default function AwardNotice() {
  const { project, award } = useLoaderData<typeof loader>();
  const { t, fen, date } = useT();
  const purchaser = purchaserName(t, project.purchaserRole, project.purchaserRegionCode, project.purchaserRegionName);
  return (
    <>
      <p className="no-print actions">
        <Link to={`/projects/${project.id}`}>← {t('notice.back')}</Link>
        <button type="button" className="btn" onClick={() => window.print()}>
          {t('notice.print')}
        </button>
      </p>
      <article className="award-notice" aria-labelledby="notice-title">
        <h1 id="notice-title">{t('notice.title')}</h1>
        <p className="addressee">{t('notice.to', { org: award.orgName })}</p>
        <p>{t('notice.body', { purchaser, title: project.title })}</p>
        <dl className="facts">
          <dt>{t('notice.project')}</dt>
          <dd>{project.title}</dd>
          <dt>{t('notice.winner')}</dt>
          <dd>{award.orgName}</dd>
          <dt>{t('notice.amount')}</dt>
          <dd>
            <strong>{fen(award.amountFen)}</strong>
          </dd>
          <dt>{t('notice.amountCapital')}</dt>
          <dd>
            <strong>{award.capital}</strong>
          </dd>
          <dt>{t('notice.period')}</dt>
          <dd>{t('project.periodValue', { start: date(project.serviceStart), end: date(project.serviceEnd) })}</dd>
        </dl>
        <p>{t('notice.closing')}</p>
        <div className="signature">
          <p>{purchaser}</p>
          <p>{date(award.awardedAt)}</p>
        </div>
      </article>
    </>
  );
}
