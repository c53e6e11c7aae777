import { TrancheBadge } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import type { ContractViewData } from './types';

/** The payment schedule: each tranche, what unlocks it, and how it was paid. */
export function Tranches({ data }: { data: ContractViewData }) {
  const { milestones, tranches } = data;
  const { t, fen, date } = useT();
  const milestoneNo = (id: string | null) => (id ? (milestones.find((m) => m.id === id)?.position ?? 0) + 1 : 0);
  const unlockText = (milestoneId: string | null) => {
    if (!milestoneId) return t('tranche.atSigning');
    const m = milestones.find((x) => x.id === milestoneId);
    return t('tranche.onMilestone', { n: milestoneNo(milestoneId), title: m?.title ?? '' });
  };
  return (
    <section className="card" aria-labelledby="tranches-title">
      <h2 id="tranches-title">{t('contract.tranches')}</h2>
      <div className="table-wrap">
        <table className="data compact tranches-table stack">
          <caption className="visually-hidden">{t('contract.tranches')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col" className="num">
                {t('tranche.percent')}
              </th>
              <th scope="col" className="num">
                {t('tranche.amount')}
              </th>
              <th scope="col">{t('tranche.unlockAt')}</th>
              <th scope="col">{t('tranche.statusLabel')}</th>
              <th scope="col">{t('tranche.payment')}</th>
            </tr>
          </thead>
          <tbody>
            {tranches.map((x) => (
              <tr key={x.id} id={`t-${x.id}`}>
                <th scope="row">
                  <span className="stack-only">{t('tranche.n', { n: x.position + 1 })}</span>
                  <span className="wide-only">{x.position + 1}</span>
                </th>
                <td className="num" data-label={t('tranche.percent')}>
                  {x.percent}%{x.advance ? <span className="badge">{t('execution.advance')}</span> : null}
                </td>
                <td className="num" data-label={t('tranche.amount')}>
                  {fen(x.amountFen)}
                </td>
                <td data-label={t('tranche.unlockAt')}>{unlockText(x.milestoneId)}</td>
                <td data-label={t('tranche.statusLabel')}>
                  <TrancheBadge status={x.status} />
                </td>
                <td className="small stack-full" data-label={t('tranche.payment')}>
                  {x.status === 'paid' ? (
                    <>
                      {t('tranche.paidLine', { date: x.paymentDate ? date(x.paymentDate) : '', rail: x.rail ? t(`contract.rail.${x.rail}`) : '' })}
                      {x.voucherNumber ? <div>{t('tranche.voucherLine', { voucher: x.voucherNumber, bank: x.bankReference ?? '' })}</div> : null}
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
