import { keyUnder } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';

const ORG_TONE: Record<string, string> = { active: 'ok', suspended: 'warn', exited: 'danger' };
const FILING_TONE: Record<string, string> = {
  submitted: 'info',
  returned: 'warn',
  firstReviewPassed: 'info',
  filed: 'ok',
  rejected: 'danger',
  withdrawn: '',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${ORG_TONE[status] ?? ''}`}>{t(keyUnder('org.status', status))}</span>;
}

export function FilingBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${FILING_TONE[status] ?? ''}`}>{t(keyUnder('filing.status', status))}</span>;
}

const PROJECT_TONE: Record<string, string> = {
  draft: '',
  published: 'info',
  biddingClosed: 'warn',
  evaluating: 'warn',
  ranked: 'info',
  publicNotice: 'info',
  awarded: 'ok',
  cancelled: 'danger',
  failed: 'danger',
};

/** `awaitingOpening`: published, past its deadline, not yet closed by the sweep (app/domain/bid.ts): shown as closed. */
export function ProjectBadge({ status, awaitingOpening = false }: { status: string; awaitingOpening?: boolean }) {
  const { t } = useT();
  if (awaitingOpening) return <span className={`badge ${PROJECT_TONE.biddingClosed}`}>{t('project.awaitingOpening')}</span>;
  return <span className={`badge ${PROJECT_TONE[status] ?? ''}`}>{t(keyUnder('project.status', status))}</span>;
}
