import { Link } from '@remix-run/react';
import { ContractBadge } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import type { ContractViewData } from './types';
import { subcontractLimitFen } from '~/domain/contract-execution';

/**
 * What the hub (or county service organization) passed on: the subcontracts under this contract and
 * what was paid on each; the holder may draft another. Shown to the payer too, without links.
 */
export function Subcontracts({ data }: { data: ContractViewData }) {
  const { contract: c, subcontracts, side, may } = data;
  const { t, fen, dateTime } = useT();
  if (!subcontracts.length && !may.subcontract) return null;
  return (
    <section className="card" aria-labelledby="subs-title">
      <h2 id="subs-title">{t('contract.subcontracts')}</h2>
      {subcontracts.length ? (
        <div className="table-wrap">
          <table className="data compact stack">
            <caption className="visually-hidden">{t('contract.subcontracts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contract.payee')}</th>
                <th scope="col">{t('subcontract.titleLabel')}</th>
                <th scope="col" className="num">
                  {t('contract.amount')}
                </th>
                <th scope="col" className="num">
                  {t('contract.paid')}
                </th>
                <th scope="col">{t('contract.statusLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {subcontracts.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.payeeName}</th>
                  <td data-label={t('subcontract.titleLabel')}>{side === 'payee' ? <Link to={`/contracts/${s.id}`}>{s.title}</Link> : s.title}</td>
                  <td className="num" data-label={t('contract.amount')}>
                    {fen(s.amountFen)}
                  </td>
                  <td className="num" data-label={t('contract.paid')}>
                    {fen(s.paidFen)}
                  </td>
                  <td className="stack-full" data-label={t('contract.statusLabel')}>
                    <ContractBadge status={s.status} />
                    {s.status === 'draft' && !s.consentDecision ? <div className="small muted">{t('execution.consent.waiting')}</div> : null}
                    {s.consentDecision && s.consentAt ? (
                      <div className="small">
                        {t(s.consentDecision === 'given' ? 'execution.consent.given' : 'execution.consent.refused', {
                          at: dateTime(s.consentAt),
                          who: s.consentByName ?? '',
                          text: s.consentText ?? '',
                        })}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('contract.subcontracts.none')}</p>
      )}
      {side === 'payee' && !c.isSubcontract ? (
        <p className="small muted">
          {t('execution.remainingShare', { amount: fen(data.remainingShareFen), limit: fen(subcontractLimitFen(c.amountFen, c.subcontractMaxPercent)) })}
        </p>
      ) : null}
      {may.subcontract ? (
        <p style={{ marginTop: '.75rem' }}>
          <Link className="btn secondary" to={`/contracts/${c.id}/subcontract/new`}>
            {t('subcontract.new.link')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
