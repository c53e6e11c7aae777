import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { isCommunitySocialOrg } from '~/domain/catalog';
import { MAX_TOLERANCE } from '~/domain/ranking';
import { type Translate, messageKeyOr, keyUnder } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import type { ProjectPage, RankingRow } from '~/queries/project-page.server';
import { LotsRecord } from './project/lots-record';
import { PanelPublic } from './project/panel-public';
import { ProjectBadge } from './ui/badges';

export type { ProjectPublic } from '~/queries/project-page.server';
export type { RankingRow };
type CriterionView = ProjectPage['criteria'][number];

/** The public part of the project page's read model (app/queries/project-page.server.ts), and slots for the rest. */
export type ProjectFacts = Pick<ProjectPage, 'project' | 'criteria' | 'amendments' | 'bidCount' | 'ranking' | 'award'> &
  Partial<Pick<ProjectPage, 'sealedForGood' | 'reissue' | 'panel'>>;

export type ProjectViewProps = ProjectFacts & {
  /** Role panels (purchaser, bidder, evaluator), shown beside the public facts; without them the page is one column. */
  aside?: ReactNode;
  /** Status notices above the facts (done messages, errors). */
  notices?: ReactNode;
  /** Below the public facts, e.g. the purchaser's bid table. */
  below?: ReactNode;
  /** Under the award: the contract's link for its two sides (draft it, or read it). */
  awardLinks?: ReactNode;
};

/** The purchasing unit's name: 雁塔区民政局, 小寨路街道民政工作站, 永松社区居委会. */
export function purchaserName(t: Translate, role: string, regionCode: string, regionName: string): string {
  const key = role === 'bureauStaff' && regionCode.length === 2 ? 'project.purchaserUnit.province' : keyUnder('project.purchaserUnit', role);
  return t(key, { region: regionName });
}

/**
 * A ranking explanation line in the reader's language: criterion ids become criterion names, bid
 * ids organization names, prices (fen) money.
 */
export function reasonText(
  r: { key: string; params: Record<string, string | number> },
  t: Translate,
  fen: (n: number) => string,
  names: { criteria: Record<string, string>; bids: Record<string, string> },
): string {
  const p: Record<string, string | number> = { ...r.params };
  if (typeof p.criterion === 'string') p.criterion = names.criteria[p.criterion] ?? p.criterion;
  if (typeof p.other === 'string') p.other = names.bids[p.other] ?? p.other;
  for (const k of ['lowest', 'price'] as const) if (typeof p[k] === 'number') p[k] = fen(p[k]);
  return t(messageKeyOr(r.key), p);
}

/** A refusal's parameters for reading: an instant in Beijing time, a status by its name. */
export function localizeFailure(
  failure: { messageKey: string; params: Record<string, string | number> } | null | undefined,
  t: Translate,
  dateTime: (d: string) => string,
) {
  if (!failure) return null;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(failure.params)) {
    params[k] = k === 'until' && v ? dateTime(String(v)) : k === 'status' ? t(keyUnder('project.status', v)) : v;
  }
  return { messageKey: failure.messageKey, params };
}

export function ProjectView({
  project: p,
  criteria,
  amendments,
  bidCount,
  sealedForGood,
  reissue,
  ranking,
  award,
  panel,
  aside,
  notices,
  below,
  awardLinks,
}: ProjectViewProps) {
  const { t, fen, date, dateTime, num, list } = useT();
  const tolerance = (p.toleranceHundredths / 100).toFixed(2);
  return (
    <>
      <h1>
        {p.title} <ProjectBadge status={p.status} awaitingOpening={p.awaitingOpening} />
      </h1>
      {notices}
      {p.status === 'cancelled' || p.status === 'failed' ? (
        <div className="warning" role="note">
          <strong>{t(p.status === 'cancelled' ? 'project.cancelledBecause' : 'project.failedBecause')}</strong>{' '}
          {/* A cancellation carries the purchaser's own words; a failure a reason code. */}
          {p.status === 'failed' && p.statusReason ? t(keyUnder('project.statusReason', p.statusReason)) : p.statusReason}
          {sealedForGood ? <p className="small">{t('project.sealedForGood')}</p> : null}
          {reissue?.as ? (
            <p className="small">
              {t('project.reissuedAs')} <Link to={`/projects/${reissue.as.id}`}>{reissue.as.title}</Link> <ProjectBadge status={reissue.as.status} />
            </p>
          ) : null}
        </div>
      ) : null}
      {reissue?.of ? (
        <p className="notice" role="note">
          {t('project.reissueOf')} <Link to={`/projects/${reissue.of.id}`}>{reissue.of.title}</Link>. {t('project.reissueOf.noBids')}
        </p>
      ) : null}
      {award ? (
        <section className="card award-banner" aria-labelledby="award-title">
          <h2 id="award-title">{t('project.award.title')}</h2>
          <p className="award-line">
            <span>{award.orgName}</span>
            <strong className="amount">{fen(award.amountFen)}</strong>
          </p>
          <p className="small muted">
            {t('project.award.at', { date: date(award.awardedAt) })} · <Link to={`/projects/${p.id}/notice`}>{t('project.award.noticeLink')}</Link> ·{' '}
            <Link to={`/projects/${p.id}/funds`}>{t('funds.link')}</Link>
          </p>
          {award.skipped.length ? (
            <div className="small" role="note">
              <p>{t('award.skipped.lead')}</p>
              <ul>
                {award.skipped.map((k) => (
                  <li key={`${k.rank}-${k.orgName}`}>
                    {t('award.skipped.item', { org: k.orgName, rank: k.rank, reason: t(messageKeyOr(k.reason, 'bid.ineligible')) })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {award.lots ? <LotsRecord lots={award.lots} at={award.awardedAt} /> : null}
          {awardLinks}
        </section>
      ) : null}
      {ranking ? <RankingTable rows={ranking} criteria={criteria} /> : null}
      {panel ? <PanelPublic panel={panel} /> : null}
      <div className={aside ? 'two-col' : undefined}>
        <div>
          <section className="card">
            <dl className="facts">
              <dt>{t('project.purchaser')}</dt>
              <dd>
                {purchaserName(t, p.purchaserRole, p.purchaserRegionCode, p.purchaserRegionName)}{' '}
                <Link className="small" to={`/projects?purchaser=${p.purchaserRegionCode}`}>
                  {t('project.purchaser.others')}
                </Link>
              </dd>
              <dt>{t('project.region')}</dt>
              <dd>{p.regionPath}</dd>
              <dt>{t('project.budget')}</dt>
              <dd>
                <strong>{fen(p.budgetFen)}</strong>
              </dd>
              <dt>{t('project.fundingSource')}</dt>
              <dd>{t(keyUnder('project.funding', p.fundingSource))}</dd>
              <dt>{t('project.intention')}</dt>
              <dd>
                {p.intention ? (
                  <Link to={`/intentions/${p.intention.id}`}>{p.intention.title}</Link>
                ) : (
                  <span className="small">{t('project.intention.noneBecause', { reason: p.noIntentionReason ?? '—' })}</span>
                )}
              </dd>
              <dt>{t('project.procurementMethod')}</dt>
              <dd>
                {t(`project.procurement.${p.procurementMethod}`)} <span className="muted small">{t(`project.procurement.${p.procurementMethod}.explain`)}</span>
                {p.singleSource ? (
                  <div className="small">
                    <p>
                      {t('project.singleSourceLine', {
                        org: p.singleSource.orgName,
                        ground: t(keyUnder('project.singleSourceGround', p.singleSource.ground)),
                      })}
                    </p>
                    <p style={{ whiteSpace: 'pre-wrap' }}>{p.singleSource.justification}</p>
                  </div>
                ) : null}
              </dd>
              <dt>{t('project.period')}</dt>
              <dd>
                {t('project.periodValue', { start: date(p.serviceStart), end: date(p.serviceEnd) })}
                {p.longPeriodReason ? <div className="small muted">{t('project.longPeriodReasonLine', { reason: p.longPeriodReason })}</div> : null}
              </dd>
              <dt>{t('project.categories')}</dt>
              <dd>{list(p.serviceCategories.map((c) => t(keyUnder('category', c))))}</dd>
              <dt>{t('project.beneficiaries')}</dt>
              <dd>{list(p.beneficiaryGroups.map((c) => t(keyUnder('beneficiary', c))))}</dd>
              <dt>{t('project.deadline')}</dt>
              <dd>
                <strong>{dateTime(p.bidDeadline)}</strong> <span className="muted small">{t('project.beijingTime')}</span>
              </dd>
              <dt>{t('project.noticeDays')}</dt>
              <dd>{t('project.noticeDaysValue', { n: p.noticeDays })}</dd>
              {p.noticeEndsAt ? (
                <>
                  <dt>{t('project.noticeEndsAt')}</dt>
                  <dd>{dateTime(p.noticeEndsAt)}</dd>
                </>
              ) : null}
              <dt>{t('project.bidCount')}</dt>
              <dd>
                {bidCount === null ? (
                  <span className="muted">{t(sealedForGood ? 'project.bidCount.neverOpened' : 'project.bidCount.sealed')}</span>
                ) : (
                  t('project.bidCountValue', { n: num(bidCount) })
                )}
              </dd>
            </dl>
          </section>
          <section className="card">
            <h2>{t('project.description')}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{p.description}</p>
          </section>
          <section className="card">
            <h2>{t('project.eligibility')}</h2>
            <dl className="facts">
              <dt>{t('project.allowedLegalStatuses')}</dt>
              <dd>{list(p.allowedLegalStatuses.map((s) => t(keyUnder('org.legalStatus', s))))}</dd>
              <dt>{t('project.allowedKinds')}</dt>
              <dd>{list(p.allowedKinds.map((k) => t(keyUnder('org.kind', k))))}</dd>
              <dt>{t('project.regionRule')}</dt>
              <dd>{p.regionRestricted ? t('project.regionRule.restricted', { region: p.regionName }) : t('project.regionRule.open')}</dd>
            </dl>
          </section>
          <section className="card">
            <h2>{t('project.criteria')}</h2>
            <table className="data">
              <caption className="visually-hidden">{t('project.criteria')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('project.criterion.name')}</th>
                  <th scope="col">{t('project.criterion.kind')}</th>
                  <th scope="col" className="num">
                    {t('project.criterion.weight')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {criteria.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{t(keyUnder('project.criterion.kind', c.kind))}</td>
                    <td className="num">{c.weight}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="facts" style={{ marginTop: '.75rem' }}>
              <dt>{t('project.scoringMethod')}</dt>
              <dd>
                {t(keyUnder('project.method', p.scoringMethod))}{' '}
                <span className="muted small">{t(keyUnder('project.method', `${p.scoringMethod}.explain`))}</span>
              </dd>
              <dt>{t('project.toleranceShort')}</dt>
              <dd>
                {t('project.toleranceValue', { n: tolerance })}{' '}
                <span className="muted small">{t('project.tolerance.explain', { n: tolerance, max: MAX_TOLERANCE })}</span>
              </dd>
            </dl>
          </section>
          {amendments.length ? (
            <section className="card">
              <h2>{t('project.amendments')}</h2>
              <ol className="timeline">
                {amendments.map((a) => (
                  <li key={a.number}>
                    <strong>{t('project.amendment.n', { n: a.number })}</strong> <span className="muted small">{dateTime(a.at)}</span>{' '}
                    <span className={`badge ${a.material ? 'warn' : ''}`}>{t(a.material ? 'project.amendment.material' : 'project.amendment.minor')}</span>
                    <div className="small">{t('project.amendment.fields', { fields: list(a.fields.map((f) => t(keyUnder('project.field', f)))) })}</div>
                    {a.previousDeadline !== a.newDeadline ? (
                      <div className="small">{t('project.amendment.deadline', { before: dateTime(a.previousDeadline), after: dateTime(a.newDeadline) })}</div>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
          {below}
        </div>
        {aside ? <aside>{aside}</aside> : null}
      </div>
    </>
  );
}

/** The ranking with each bid's explanation, in the reader's language. Plans are never here. */
export function RankingTable({ rows, criteria }: { rows: RankingRow[]; criteria: CriterionView[] }) {
  const { t, fen } = useT();
  const names = {
    criteria: Object.fromEntries(criteria.map((c) => [c.id, c.name])),
    bids: Object.fromEntries(rows.map((r) => [r.bidId, r.orgName])),
  };
  return (
    <section className="card" aria-labelledby="ranking-title">
      <h2 id="ranking-title">{t('ranking.title')}</h2>
      <p className="small muted">{t('ranking.lead')}</p>
      <div className="table-wrap">
        <table className="data ranking stack">
          <caption className="visually-hidden">{t('ranking.title')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('ranking.rank')}
              </th>
              <th scope="col">{t('ranking.org')}</th>
              <th scope="col" className="num">
                {t('ranking.price')}
              </th>
              <th scope="col" className="num">
                {t('ranking.total')}
              </th>
              <th scope="col">{t('ranking.explanation')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.bidId}>
                <td className="num" data-label={t('ranking.rank')}>
                  {r.rank ?? '—'}
                </td>
                <th scope="row">
                  {r.orgName}
                  <div className="badges">
                    {isCommunitySocialOrg(r.orgKind) ? <span className="badge info">{t('ranking.communityOrg')}</span> : null}
                    {r.preferred ? <span className="badge ok">{t('ranking.preferred')}</span> : null}
                    {r.rank !== null && rows.some((o) => o !== r && o.rank === r.rank) ? <span className="badge warn">{t('ranking.tied')}</span> : null}
                  </div>
                </th>
                <td className="num" data-label={t('ranking.price')}>
                  {fen(r.priceFen)}
                </td>
                <td className="num" data-label={t('ranking.total')}>
                  <strong>{r.rank === null ? '—' : (r.totalHundredths / 100).toFixed(2)}</strong>
                </td>
                <td className="stack-full" data-label={t('ranking.explanation')}>
                  <ul className="reasons">
                    {r.reasons.map((reason, i) => (
                      <li key={i}>{reasonText(reason, t, fen, names)}</li>
                    ))}
                    {r.ineligibleReason ? <li>{t(messageKeyOr(r.ineligibleReason))}</li> : null}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
