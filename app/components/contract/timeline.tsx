import type { ReactNode } from 'react';
import { LateBadge } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import type { ContractViewData } from './types';
import { keyUnder } from '~/i18n/i18n';

/** The contract's record, oldest first: drafting, confirmations, signing, submissions, reviews, payments, acceptance. */
export function Timeline({ data }: { data: ContractViewData }) {
  const { t, fen, date, dateTime } = useT();
  const { contract: c, milestones, tranches } = data;
  const events: { at: string; key: string; title: ReactNode; detail?: ReactNode }[] = [];
  const push = (at: string | null, key: string, title: ReactNode, detail?: ReactNode) => at && events.push({ at, key, title, detail });
  push(c.createdAt, 'drafted', t('contract.event.drafted'));
  push(c.payerConfirmedAt, 'payer', t('contract.event.payerConfirmed'));
  push(c.payeeConfirmedAt, 'payee', t('contract.event.payeeConfirmed'));
  if (c.consent?.decision && c.consent.at)
    push(
      c.consent.at,
      'consent',
      t(c.consent.decision === 'given' ? 'execution.consent.given' : 'execution.consent.refused', {
        at: dateTime(c.consent.at),
        who: c.consent.byName ?? '',
        text: c.consent.text ?? '',
      }),
    );
  push(c.signedAt, 'signed', t('contract.event.signed'));
  for (const m of milestones)
    for (const r of m.rounds) {
      push(r.submittedAt, `s-${r.id}`, t('contract.event.submitted', { title: m.title, n: r.round }), r.late ? <LateBadge /> : undefined);
      push(
        r.reviewedAt,
        `r-${r.id}`,
        t(r.status === 'returned' ? 'contract.event.returned' : 'contract.event.accepted', { title: m.title, n: r.round }),
        r.reviewReason ? (
          <div>{r.status === 'accepted' ? t('execution.opinionLine', { text: r.reviewReason }) : t('deliverable.reasonLine', { reason: r.reviewReason })}</div>
        ) : undefined,
      );
    }
  for (const x of tranches)
    push(
      x.paidAt,
      `p-${x.id}`,
      t('contract.event.paid', { n: x.position + 1, amount: fen(x.amountFen) }),
      <div className="small">
        {t('tranche.paidLine', { date: x.paymentDate ? date(x.paymentDate) : '', rail: x.rail ? t(`contract.rail.${x.rail}`) : '' })}
      </div>,
    );
  push(
    c.completedAt,
    'completed',
    t('contract.event.completed', { n: c.rating ?? 0 }),
    c.acceptanceOpinion ? <div>{t('execution.opinionLine', { text: c.acceptanceOpinion })}</div> : undefined,
  );
  push(
    c.terminatedAt,
    'terminated',
    t('contract.event.terminated'),
    c.statusReason ? <div>{t('deliverable.reasonLine', { reason: c.statusReason })}</div> : undefined,
  );
  for (const a of data.amendments) {
    push(a.createdAt, `a-${a.id}`, t('contract.event.amendmentProposed', { n: a.number, side: t(`contract.side.${a.proposedBySide}.short`) }));
    if (a.status === 'inForce')
      push(a.proposedBySide === 'payer' ? a.payeeConfirmedAt : a.payerConfirmedAt, `a-${a.id}-end`, t('contract.event.amendmentInForce', { n: a.number }));
    else if (a.closedAt) push(a.closedAt, `a-${a.id}-end`, t(keyUnder('contract.event.amendment', a.status), { n: a.number }));
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('contract.timeline')}</h2>
      <ol className="timeline">
        {events.map((e) => (
          <li key={e.key}>
            <strong>{e.title}</strong> <span className="muted small">{dateTime(e.at)}</span> {e.detail}
          </li>
        ))}
      </ol>
    </section>
  );
}
