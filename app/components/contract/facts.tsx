import { Link } from '@remix-run/react';
import { ContractBadge, payerName } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import type { ContractViewData } from './types';
import { keyUnder } from '~/i18n/i18n';
import { subcontractLimitFen } from '~/domain/contract-execution';

/** The contract's facts, as both sides see them: parties, project, amount and what was paid, period, rail, status. */
export function ContractFactsCard({ data }: { data: ContractViewData }) {
  const { contract: c, payer, payee, project, parent, tranches, side } = data;
  const { t, fen, date, dateTime } = useT();
  const paidFen = tranches.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amountFen, 0);
  return (
    <section className="card" aria-labelledby="facts-title">
      <h2 id="facts-title" className="visually-hidden">
        {t('contract.facts')}
      </h2>
      <dl className="facts">
        <dt>{t('contract.payer')}</dt>
        <dd>{payerName(t, payer)}</dd>
        <dt>{t('contract.payee')}</dt>
        <dd>
          <Link to={`/orgs/${payee.id}`}>{payee.name}</Link> <span className="small muted">{t(`org.kind.${payee.kind}`)}</span>
        </dd>
        <dt>{t('contract.project')}</dt>
        <dd>
          <Link to={`/projects/${project.id}`}>{project.title}</Link> · <Link to={`/projects/${project.id}/funds`}>{t('funds.link')}</Link>
        </dd>
        {parent ? (
          <>
            <dt>{t('contract.parent')}</dt>
            <dd>{side === 'payer' ? <Link to={`/contracts/${parent.id}`}>{parent.title}</Link> : parent.title}</dd>
          </>
        ) : null}
        <dt>{t('contract.amount')}</dt>
        <dd>
          <strong>{fen(c.amountFen)}</strong> <span className="small muted">{t('contract.paidOf', { paid: fen(paidFen) })}</span>
        </dd>
        <dt>{t('contract.period')}</dt>
        <dd>{t('project.periodValue', { start: date(c.startDate), end: date(c.endDate) })}</dd>
        <dt>{t('contract.fundingSource')}</dt>
        <dd>{t(keyUnder('project.funding', c.fundingSource))}</dd>
        {c.isSubcontract ? null : (
          <>
            <dt>{t('execution.share')}</dt>
            <dd>
              {c.subcontractMaxPercent
                ? t('execution.shareValue', { percent: c.subcontractMaxPercent, amount: fen(subcontractLimitFen(c.amountFen, c.subcontractMaxPercent)) })
                : t('execution.shareNone')}
              {c.subcontractExcludedWork ? (
                <div className="small">
                  {t('execution.excludedWork')}：{c.subcontractExcludedWork}
                </div>
              ) : null}
            </dd>
          </>
        )}
        {c.consent ? (
          <>
            <dt>{t('execution.consent.title')}</dt>
            <dd>
              {c.consent.decision && c.consent.at
                ? t(c.consent.decision === 'given' ? 'execution.consent.given' : 'execution.consent.refused', {
                    at: dateTime(c.consent.at),
                    who: c.consent.byName ?? '',
                    text: c.consent.text ?? '',
                  })
                : t('execution.consent.waiting')}
            </dd>
          </>
        ) : null}
        <dt>{t('contract.rail')}</dt>
        <dd>{t(`contract.rail.${c.paymentRail}`)}</dd>
        <dt>{t('contract.statusLabel')}</dt>
        <dd>
          <ContractBadge status={c.status} /> {c.signedAt ? <span className="small muted">{t('contract.signedAt', { at: dateTime(c.signedAt) })}</span> : null}
        </dd>
        {c.status === 'completed' && c.rating ? (
          <>
            <dt>{t('contract.rating')}</dt>
            <dd>
              <span aria-hidden="true">{'★'.repeat(c.rating) + '☆'.repeat(5 - c.rating)}</span> {t('contract.ratingValue', { n: c.rating })}
              {c.ratingComment ? <div className="small">{c.ratingComment}</div> : null}
            </dd>
          </>
        ) : null}
        {c.acceptanceOpinion ? (
          <>
            <dt>{t('execution.final.opinion')}</dt>
            <dd className="report">{c.acceptanceOpinion}</dd>
          </>
        ) : null}
        {c.status === 'completed' && c.performanceScore !== null ? (
          <>
            <dt>{t('execution.score')}</dt>
            <dd>{t('execution.scoreValue', { n: c.performanceScore })}</dd>
          </>
        ) : null}
        {c.statusReason ? (
          <>
            <dt>{t('contract.statusReason')}</dt>
            <dd>{c.statusReason}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
