import { Link } from '@remix-run/react';
import { useT } from '~/i18n/use-t';

/** What remains on the purchasing unit's line for a draft's source and service year (ADR 023), beside the publish button. */
export function BudgetRoom({ room }: { room: { year: number; fundingSource: string; remainingFen: number | null } | null }) {
  const { t, fen } = useT();
  if (!room) return null;
  const source = t(`project.funding.${room.fundingSource}` as 'project.funding.publicFinance');
  return (
    <p className={room.remainingFen === null ? 'warning' : 'notice'} role="note">
      {room.remainingFen === null
        ? t('budget.remaining.none', { year: room.year, source })
        : t('budget.remaining', { year: room.year, source, remaining: fen(room.remainingFen) })}{' '}
      <span className="small muted">{t('budget.remaining.hint')}</span> <Link to={`/budgets?year=${room.year}`}>{t('budget.title')}</Link>
    </p>
  );
}
