import { IntentButton } from '~/components/ui/form';
import { AmendmentPanels, TerminatePanel } from './amendments';
import { PayeePanels } from './payee-panels';
import { PayerPanels } from './payer-panels';
import { useT } from '~/i18n/use-t';
import type { ContractActionResult, ContractViewData } from './types';

/** What this side can do now: both sides confirm and amend; the rest belongs to one side (payer-panels, payee-panels). */
export function ContractPanels({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { t } = useT();
  const { contract: c, may, side } = data;
  const nothing = !may.confirm && !may.submit.length && !may.review.length && !may.pay.length && !may.complete && !may.answerAmendment;
  return (
    <>
      {may.confirm ? (
        <section className="card" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('contract.confirm.title')}</h2>
          <p className="small">{t(side === 'payer' ? 'contract.confirm.payerHint' : 'contract.confirm.payeeHint')}</p>
          <IntentButton intent="confirm" label={t('contract.confirm.submit')} />
        </section>
      ) : null}
      {side === 'payee' ? <PayeePanels data={data} result={result} /> : <PayerPanels data={data} result={result} />}
      {nothing ? (
        <section className="card">
          <h2>{t('contract.nothing.title')}</h2>
          <p className="small muted">{t(`contract.nothing.${c.status}`)}</p>
        </section>
      ) : null}
      <AmendmentPanels data={data} result={result} />
      {may.terminate ? <TerminatePanel data={data} result={result} /> : null}
    </>
  );
}
