import { keyUnder, type Translate } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import { purchaserName } from './project-view';

const CONTRACT_TONE: Record<string, string> = { draft: 'warn', signed: 'info', completed: 'ok', terminated: 'danger' };
const MILESTONE_TONE: Record<string, string> = { pending: '', submitted: 'info', accepted: 'ok', returned: 'warn' };
const TRANCHE_TONE: Record<string, string> = { locked: '', unlocked: 'warn', processing: 'info', paid: 'ok' };

export function ContractBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${CONTRACT_TONE[status] ?? ''}`}>{t(keyUnder('contract.status', status))}</span>;
}

export function MilestoneBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${MILESTONE_TONE[status] ?? ''}`}>{t(keyUnder('milestone.status', status))}</span>;
}

/** A tranche in 'processing' is with the Stripe rail (a treasury transfer is recorded already done). */
export function TrancheBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${TRANCHE_TONE[status] ?? ''}`}>{t(keyUnder('tranche.status', status))}</span>;
}

export function LateBadge() {
  const { t } = useT();
  return <span className="badge danger">{t('milestone.late')}</span>;
}

/** The payer's name: the organization paying a subcontract, or the purchasing unit (雁塔区民政局). */
export function payerName(
  t: Translate,
  payer: { kind: 'organization'; name: string } | { kind: 'unit'; role: string; regionCode: string; regionName: string },
): string {
  return payer.kind === 'organization' ? payer.name : purchaserName(t, payer.role, payer.regionCode, payer.regionName);
}

/** A refusal's {status} read as the status of what was refused: a contract, a milestone or a tranche. */
export function localizeContractFailure(failure: { messageKey: string; params: Record<string, string | number> } | null | undefined, t: Translate) {
  if (!failure) return null;
  const family = failure.messageKey.startsWith('deliverable.') ? 'milestone' : failure.messageKey.startsWith('tranche.') ? 'tranche' : 'contract';
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(failure.params)) params[k] = k === 'status' ? t(keyUnder(`${family}.status`, v)) : v;
  return { messageKey: failure.messageKey, params };
}

const AMENDMENT_TONE: Record<string, string> = { proposed: 'warn', inForce: 'ok', declined: 'danger', withdrawn: '' };

export function AmendmentBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${AMENDMENT_TONE[status] ?? ''}`}>{t(keyUnder('amendment.status', status))}</span>;
}
