import { Breadcrumbs } from '~/components/layout';
import { ContractBadge, localizeContractFailure } from '~/components/contract-bits';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { Amendments } from './amendments';
import { ContractFactsCard } from './facts';
import { ContractDocumentCard } from '~/components/contract-document';
import { Milestones } from './milestones';
import { ContractPanels } from './panels';
import { Subcontracts } from './subcontracts';
import { Timeline } from './timeline';
import { Tranches } from './tranches';
import type { ContractActionResult, ContractViewData } from './types';
import { keyUnder } from '~/i18n/i18n';

export type { ContractActionResult, ContractViewData } from './types';

export interface ContractViewProps extends ContractViewData {
  result?: ContractActionResult;
  /** Just drafted from the award (?done=drafted), with no action answer since. */
  drafted?: boolean;
}

/**
 * The contract page's body for one side; the route passes its loader data, the bench baseline
 * constant data. Both sides read the same record (facts, milestones, tranches, subcontracts,
 * amendments, timeline); the panels beside it are what this side can do (contract/panels.tsx).
 */
export function ContractView({ result, drafted = false, ...data }: ContractViewProps) {
  const { contract: c, side } = data;
  const { t, dateTime } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/contracts', label: t('contracts.title') }, { label: c.title }]} />
      <h1>
        {c.title} <ContractBadge status={c.status} />
      </h1>
      <p className="lead">
        {data.document?.number ? `${data.document.number} · ` : ''}
        {t(c.isSubcontract ? 'contract.kind.subcontract' : 'contract.kind.main')} · {t(side === 'payer' ? 'contract.side.payer' : 'contract.side.payee')}
      </p>
      {drafted ? (
        <p className="notice" role="status">
          {t('contract.done.drafted')}
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice" role="status">
          {t(keyUnder('contract.done', result.done), { n: result.n ?? '' })}
        </p>
      ) : null}
      <FormError failure={localizeContractFailure(result?.formError, t)} />
      {c.status === 'draft' ? (
        <div className="warning" role="note" style={{ marginBottom: '1rem' }}>
          <strong>{t('contract.draftNote')}</strong>{' '}
          {t('contract.confirmations', {
            payer: c.payerConfirmedAt ? t('contract.confirmedAt', { at: dateTime(c.payerConfirmedAt) }) : t('contract.notConfirmed'),
            payee: c.payeeConfirmedAt ? t('contract.confirmedAt', { at: dateTime(c.payeeConfirmedAt) }) : t('contract.notConfirmed'),
          })}
        </div>
      ) : null}
      <div className="two-col contract-layout">
        <div>
          <ContractFactsCard data={data} />
          <ContractDocumentCard contractId={c.id} status={c.status} isSubcontract={c.isSubcontract} doc={data.document} />
          <Milestones data={data} />
          <Tranches data={data} />
          <Subcontracts data={data} />
          <Amendments data={data} />
          <Timeline data={data} />
        </div>
        <aside>
          <ContractPanels data={data} result={result} />
        </aside>
      </div>
    </>
  );
}
