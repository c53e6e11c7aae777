import { LateBadge, MilestoneBadge } from '~/components/contract-bits';
import { useT } from '~/i18n/use-t';
import type { ContractViewData } from './types';
import { keyUnder } from '~/i18n/i18n';

/** Every milestone with every round handed in, its late mark, and the payer's review. */
export function Milestones({ data }: { data: ContractViewData }) {
  const { t, date, dateTime, num, list } = useT();
  const { milestones, tranches, today, contract } = data;
  return (
    <section className="card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('contract.milestones')}</h2>
      <ol className="milestones">
        {milestones.map((m) => {
          const overdue = contract.status === 'signed' && (m.status === 'pending' || m.status === 'returned') && m.dueDate < today;
          const unlocks = tranches.filter((x) => x.milestoneId === m.id);
          return (
            <li key={m.id} id={`m-${m.id}`}>
              <h3>
                {t('milestone.numbered', { n: m.position + 1, title: m.title })} <MilestoneBadge status={m.status} /> {overdue ? <LateBadge /> : null}
              </h3>
              <p className="small muted">
                {t(`milestone.kind.${m.kind}`)} · {t('milestone.due', { date: date(m.dueDate) })}
                {m.acceptedAt ? ` · ${t('milestone.acceptedAt', { at: dateTime(m.acceptedAt) })}` : ''}
                {unlocks.length ? ` · ${t('milestone.unlocks', { n: list(unlocks.map((x) => String(x.position + 1))) })}` : ''}
              </p>
              {m.rounds.length ? (
                <ol className="timeline">
                  {m.rounds.map((r) => (
                    <li key={r.id}>
                      <strong>{t('deliverable.round', { n: r.round })}</strong> <span className="muted small">{dateTime(r.submittedAt)}</span>{' '}
                      {r.late ? <LateBadge /> : null} <MilestoneBadge status={r.status} />
                      <details open={r.round === m.rounds.length && m.status === 'submitted'}>
                        <summary>{t('deliverable.content')}</summary>
                        <p className="report">{r.report}</p>
                        {data.files.filter((f) => f.deliverableId === r.id).length ? (
                          <ul className="small">
                            {data.files
                              .filter((f) => f.deliverableId === r.id)
                              .map((f) => (
                                <li key={f.id}>
                                  <a href={`/attachments/${f.id}`} download>
                                    {f.name}
                                  </a>{' '}
                                  <span className="muted">({num(Math.ceil(f.sizeBytes / 1024))} KB)</span>
                                </li>
                              ))}
                          </ul>
                        ) : null}
                        <p className="small">
                          {t('deliverable.activities', { n: r.activityCount })}
                          {Object.keys(r.beneficiaries).length
                            ? ` · ${t('deliverable.served', {
                                list: list(
                                  Object.entries(r.beneficiaries).map(([g, n]) =>
                                    t('deliverable.servedItem', { group: t(keyUnder('beneficiary', g)), n: num(n) }),
                                  ),
                                ),
                              })}`
                            : ''}
                        </p>
                      </details>
                      {r.reviewedAt ? (
                        <div className={r.status === 'returned' ? 'review returned' : 'review'}>
                          <span className="small">
                            {t(r.status === 'returned' ? 'deliverable.returnedAt' : 'deliverable.acceptedAt', { at: dateTime(r.reviewedAt) })}
                          </span>
                          {r.reviewReason ? (
                            <div>
                              {r.status === 'accepted'
                                ? t('execution.opinionLine', { text: r.reviewReason })
                                : t('deliverable.reasonLine', { reason: r.reviewReason })}
                            </div>
                          ) : null}
                        </div>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="small muted">{t('milestone.noRounds')}</p>
              )}
            </li>
          );
        })}
      </ol>
      <p className="small muted">{t('contract.milestones.unlockNote')}</p>
    </section>
  );
}
