import { Link } from '@remix-run/react';
import { Breadcrumbs } from '~/components/layout';
import { ContractBadge, TrancheBadge } from '~/components/contract-bits';
import { purchaserName } from '~/components/project-view';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

/** One payment on a contract, as the public sees it (no bank reference); dates are ISO strings. */
export interface FundPayment {
  id: string;
  position: number;
  amountFen: number;
  status: string;
  rail: string | null;
  paymentDate: string | null;
  voucherNumber: string | null;
  paidAt: string | null;
}

/** A signed (or later) contract of the project, or a subcontract under one, with its payments. */
export interface FundNode {
  id: string;
  title: string;
  status: string;
  amountFen: number;
  paymentRail: string;
  signedAt: string | null;
  completedAt: string | null;
  payee: { id: string; name: string; kind: string };
  payments: FundPayment[];
  paidFen: number;
}

export interface FundTraceViewProps {
  project: {
    id: string;
    title: string;
    status: string;
    purchaserRole: string;
    purchaserRegionCode: string;
    purchaserRegionName: string;
    fundingSource: string;
  };
  /** The project's contracts, each with its subcontracts and what was passed on to them. */
  trace: (FundNode & { subcontracts: FundNode[]; passedOnFen: number })[];
}

function Payments({ node }: { node: Pick<FundNode, 'payments' | 'title'> }) {
  const { t, fen, date } = useT();
  if (!node.payments.length) return <p className="small muted">{t('funds.noPayments')}</p>;
  return (
    <div className="table-wrap">
      <table className="data compact stack">
        <caption className="visually-hidden">{t('funds.paymentsOf', { title: node.title })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tranche.paymentDate')}</th>
            <th scope="col" className="num">
              {t('tranche.amount')}
            </th>
            <th scope="col">{t('funds.rail')}</th>
            <th scope="col">{t('tranche.voucherNumber')}</th>
          </tr>
        </thead>
        <tbody>
          {node.payments.map((p) => (
            <tr key={p.id}>
              <td data-label={t('tranche.paymentDate')}>{p.status === 'paid' && p.paymentDate ? date(p.paymentDate) : <TrancheBadge status={p.status} />}</td>
              <td className="num" data-label={t('tranche.amount')}>
                {fen(p.amountFen)}
              </td>
              <td data-label={t('funds.rail')}>{p.rail ? t(keyUnder('contract.rail', p.rail)) : '—'}</td>
              <td data-label={t('tranche.voucherNumber')}>{p.voucherNumber ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The public fund-trace page's body; the route passes its loader data, the bench baseline constant data. */
export function FundTraceView({ project, trace }: FundTraceViewProps) {
  const { t, fen, date } = useT();
  const purchaser = purchaserName(t, project.purchaserRole, project.purchaserRegionCode, project.purchaserRegionName);
  const committed = trace.filter((c) => c.status !== 'terminated').reduce((s, c) => s + c.amountFen, 0);
  const paid = trace.reduce((s, c) => s + c.paidFen, 0);
  const passedOn = trace.reduce((s, c) => s + c.passedOnFen, 0);
  return (
    <>
      <Breadcrumbs
        items={[{ to: '/projects', label: t('projects.title') }, { to: `/projects/${project.id}`, label: project.title }, { label: t('funds.title') }]}
      />
      <h1>{t('funds.title')}</h1>
      <p className="lead">
        <Link to={`/projects/${project.id}`}>{project.title}</Link>
      </p>
      <p className="small muted">{t('funds.lead')}</p>
      {!trace.length ? (
        <p className="card muted">{t(project.status === 'awarded' ? 'funds.noContractYet' : 'funds.noContract')}</p>
      ) : (
        <>
          <section className="card" aria-labelledby="funds-total">
            <h2 id="funds-total">{t('funds.totals')}</h2>
            <dl className="facts">
              <dt>{t('funds.committed')}</dt>
              <dd>
                <strong>{fen(committed)}</strong> <span className="small muted">{t(keyUnder('project.funding', project.fundingSource))}</span>
              </dd>
              <dt>{t('funds.paid')}</dt>
              <dd>
                <strong>{fen(paid)}</strong>
              </dd>
              {passedOn ? (
                <>
                  <dt>{t('funds.passedOn')}</dt>
                  <dd>{fen(passedOn)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <ol className="flow" aria-label={t('funds.flow')}>
            <li className="flow-node purchaser">
              <span className="flow-role">{t('funds.role.purchaser')}</span>
              <strong>{purchaser}</strong>
            </li>
            {trace.map((c) => (
              <li key={c.id} className="flow-step">
                <p className="flow-edge">
                  <span aria-hidden="true">↓</span> {t('funds.edge', { paid: fen(c.paidFen), amount: fen(c.amountFen) })}
                </p>
                <section className="flow-node" aria-labelledby={`node-${c.id}`}>
                  <span className="flow-role">{t('funds.role.payee')}</span>
                  <h2 id={`node-${c.id}`}>
                    <Link to={`/orgs/${c.payee.id}`}>{c.payee.name}</Link> <ContractBadge status={c.status} />
                  </h2>
                  <p className="small muted">
                    {t(keyUnder('org.kind', c.payee.kind))} · {t('funds.contractLine', { amount: fen(c.amountFen), paid: fen(c.paidFen) })}
                    {c.signedAt ? ` · ${t('contract.signedAt', { at: date(c.signedAt) })}` : ''}
                  </p>
                  <Payments node={c} />
                  {c.subcontracts.length ? (
                    <>
                      <p className="flow-edge">
                        <span aria-hidden="true">↓</span>{' '}
                        {t('funds.passedOnLine', { n: c.subcontracts.length, paid: fen(c.passedOnFen), kept: fen(c.paidFen - c.passedOnFen) })}
                      </p>
                      <ul className="flow-children">
                        {c.subcontracts.map((s) => (
                          <li key={s.id}>
                            <section className="flow-node" aria-labelledby={`node-${s.id}`}>
                              <span className="flow-role">{t('funds.role.subcontractor')}</span>
                              <h3 id={`node-${s.id}`}>
                                <Link to={`/orgs/${s.payee.id}`}>{s.payee.name}</Link> <ContractBadge status={s.status} />
                              </h3>
                              <p className="small muted">
                                {s.title} · {t('funds.contractLine', { amount: fen(s.amountFen), paid: fen(s.paidFen) })}
                              </p>
                              <Payments node={s} />
                            </section>
                          </li>
                        ))}
                      </ul>
                    </>
                  ) : null}
                </section>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
