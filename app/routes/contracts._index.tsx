import type { LoaderFunctionArgs, MetaFunction, LinksFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireUser } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { readQuery } from '~/lib/query.server';
import { pageParam } from '~/schemas/fields';
import { Pagination } from '~/components/ui/pagination';
import { contractScopeOf, contractsOf, contractsUnderOversight, OVERSIGHT_PAGE_SIZE, payerQueue } from '~/queries/contracts.server';
import { contractDocFacts } from '~/queries/contract-documents.server';
import { todayInChina } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { ContractBadge, LateBadge, payerName } from '~/components/contract-bits';
import { DocBadges } from '~/components/contract-document';
import { translator } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('contracts.title') }];
};

/** Days left before a due date from which a milestone shows as due soon. */
const DUE_SOON_DAYS = 14;

const Query = z.object({ page: pageParam() });

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const { page } = readQuery(request, Query);
  // Everything here is scoped to the person's own purchasing units and organizations; the administrator
  // oversees every contract read-only (contract:oversee), each leading to its public fund trace.
  const scope = contractScopeOf(me.actor);
  const [contracts, queue, oversight] = await Promise.all([
    contractsOf(db(), scope, todayInChina()),
    payerQueue(db(), scope),
    can(me.actor, 'contract:oversee') ? contractsUnderOversight(db(), page) : null,
  ]);
  const docs = await contractDocFacts(
    db(),
    contracts.map((c) => c.id),
    todayInChina(),
  );
  return {
    contracts,
    queue,
    docs,
    hasScope: scope.organizationIds.length > 0 || scope.units.length > 0,
    isPurchaser: scope.units.length > 0,
    oversight: oversight && { ...oversight, page, pageSize: OVERSIGHT_PAGE_SIZE },
  };
});

type Row = ReturnType<typeof useLoaderData<typeof loader>>['contracts'][number];

export default function ContractsWorkspace() {
  const { contracts, queue, docs, hasScope, isPurchaser, oversight } = useLoaderData<typeof loader>();
  const { t, fen, date, dateTime } = useT();
  const paying = contracts.filter((c) => c.side === 'payer');
  const paid = contracts.filter((c) => c.side === 'payee');
  const payeeToConfirm = paid.filter((c) => c.toConfirm);
  const toAnswer = contracts.filter((c) => c.amendmentToAnswer);
  const queued = queue.toConfirm.length + queue.reviews.length + queue.ready.length + queue.processing.length + payeeToConfirm.length + toAnswer.length;

  const nextStep = (c: Row) => {
    if (c.status === 'draft') return c.toConfirm ? t('contracts.next.confirm') : t('contracts.next.waitOther');
    if (c.status !== 'signed') return t(`contract.status.${c.status}`);
    if (c.next)
      return (
        <>
          {t('contracts.next.submit', { title: c.next.title, date: date(c.next.dueDate) })}{' '}
          {c.next.daysLeft < 0 ? (
            <LateBadge />
          ) : c.next.daysLeft <= DUE_SOON_DAYS ? (
            <span className="badge warn">{t('contracts.daysLeft', { n: c.next.daysLeft })}</span>
          ) : null}
        </>
      );
    return c.awaitingReview ? t('contracts.next.waitReview') : t('contracts.next.waitAcceptance');
  };
  const nextCell = (c: Row) => (
    <>
      {nextStep(c)}
      {c.status === 'signed' && c.next && c.awaitingReview ? <div className="small muted">{t('contracts.awaitingReview', { n: c.awaitingReview })}</div> : null}
    </>
  );

  return (
    <>
      <h1>{t('contracts.title')}</h1>
      {hasScope ? <p className="lead">{t(isPurchaser ? 'contracts.lead.purchaser' : 'contracts.lead.org')}</p> : null}
      {isPurchaser ? (
        <p className="small">
          <Link to="/contract-template">{t('contractDoc.template.link')}</Link>
        </p>
      ) : null}
      {hasScope && contracts.length ? (
        <p className="small">
          {/* A file download, not a page: a plain link so the browser saves it. */}
          <a href="/contracts/payments.csv" download>
            {t('contracts.export.link')}
          </a>{' '}
          <span className="muted">{t('contracts.export.hint')}</span>
        </p>
      ) : null}
      {!hasScope && !oversight ? <p className="muted">{t('contracts.noScope')}</p> : null}
      {oversight ? <Oversight {...oversight} /> : null}

      {hasScope ? (
        <section className="card" aria-labelledby="queue-title">
          <h2 id="queue-title">{t('contracts.queue.title')}</h2>
          {!queued ? <p className="muted">{t('contracts.queue.empty')}</p> : null}
          {queue.toConfirm.length || payeeToConfirm.length ? (
            <>
              <h3>{t('contracts.queue.toConfirm')}</h3>
              <ul className="plain">
                {queue.toConfirm.map((c) => (
                  <li key={c.contractId}>
                    <Link to={`/contracts/${c.contractId}`}>{c.contractTitle}</Link> · {c.payeeName} · {fen(c.amountFen)}
                  </li>
                ))}
                {payeeToConfirm.map((c) => (
                  <li key={c.id}>
                    <Link to={`/contracts/${c.id}`}>{c.title}</Link> · {payerName(t, c.payer)} · {fen(c.amountFen)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {toAnswer.length ? (
            <>
              <h3>{t('contracts.queue.amendments')}</h3>
              <ul className="plain">
                {toAnswer.map((c) => (
                  <li key={c.id}>
                    <Link to={`/contracts/${c.id}#a-${c.amendmentToAnswer!.id}`}>{t('amendment.numbered', { n: c.amendmentToAnswer!.number })}</Link>
                    <div className="small muted">
                      {c.title} · {c.side === 'payer' ? c.payeeName : payerName(t, c.payer)}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {queue.reviews.length ? (
            <>
              <h3>{t('contracts.queue.reviews')}</h3>
              <ul className="plain">
                {queue.reviews.map((r) => (
                  <li key={r.milestoneId}>
                    <Link to={`/contracts/${r.contractId}#m-${r.milestoneId}`}>{t('contracts.queue.reviewLine', { title: r.milestoneTitle, n: r.round })}</Link>{' '}
                    {r.late ? <LateBadge /> : null}
                    <div className="small muted">
                      {r.contractTitle} · {r.payeeName} · {t('contracts.queue.submittedAt', { at: dateTime(r.submittedAt) })}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {queue.ready.length ? (
            <>
              <h3>{t('contracts.queue.ready')}</h3>
              <ul className="plain">
                {queue.ready.map((x) => (
                  <li key={x.trancheId}>
                    <Link to={`/contracts/${x.contractId}#t-${x.trancheId}`}>
                      {t('contracts.queue.trancheLine', { n: x.position + 1, percent: x.percent, amount: fen(x.amountFen) })}
                    </Link>
                    <div className="small muted">
                      {x.contractTitle} · {x.payeeName}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {queue.processing.length ? (
            <>
              <h3>{t('contracts.queue.processing')}</h3>
              <ul className="plain">
                {queue.processing.map((x) => (
                  <li key={x.trancheId}>
                    <Link to={`/contracts/${x.contractId}#t-${x.trancheId}`}>
                      {t('contracts.queue.trancheLine', { n: x.position + 1, percent: x.percent, amount: fen(x.amountFen) })}
                    </Link>{' '}
                    <span className="badge info">{t('tranche.status.processing')}</span>
                    <div className="small muted">
                      {x.contractTitle} · {x.payeeName}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {paid.length ? (
        <section className="card" aria-labelledby="payee-title">
          <h2 id="payee-title">{t('contracts.payee.title')}</h2>
          <div className="table-wrap">
            <table className="data contracts-table stack">
              <caption className="visually-hidden">{t('contracts.payee.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contracts.col.contract')}</th>
                  <th scope="col">{t('contracts.col.org')}</th>
                  <th scope="col">{t('contract.payer')}</th>
                  <th scope="col" className="num">
                    {t('contract.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('contract.paid')}
                  </th>
                  <th scope="col">{t('contracts.col.next')}</th>
                </tr>
              </thead>
              <tbody>
                {paid.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/contracts/${c.id}`}>{c.title}</Link>
                      <div className="badges">
                        <ContractBadge status={c.status} />
                        <DocBadges doc={docs[c.id]} />
                        {c.isSubcontract ? <span className="badge">{t('contract.kind.subcontract')}</span> : null}
                        {c.lateCount ? <span className="badge danger">{t('contracts.lateCount', { n: c.lateCount })}</span> : null}
                      </div>
                    </th>
                    <td data-label={t('contracts.col.org')}>{c.payeeName}</td>
                    <td data-label={t('contract.payer')}>{payerName(t, c.payer)}</td>
                    <td className="num" data-label={t('contract.amount')}>
                      {fen(c.amountFen)}
                    </td>
                    <td className="num" data-label={t('contract.paid')}>
                      {fen(c.paidFen)}
                    </td>
                    <td className="stack-full" data-label={t('contracts.col.next')}>
                      {nextCell(c)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {paying.length ? (
        <section className="card" aria-labelledby="payer-title">
          <h2 id="payer-title">{t(isPurchaser ? 'contracts.payer.title' : 'contracts.payer.titleOrg')}</h2>
          <div className="table-wrap">
            <table className="data contracts-table stack">
              <caption className="visually-hidden">{t('contracts.payer.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('contracts.col.contract')}</th>
                  <th scope="col">{t('contract.payee')}</th>
                  <th scope="col" className="num">
                    {t('contract.amount')}
                  </th>
                  <th scope="col" className="num">
                    {t('contract.paid')}
                  </th>
                  <th scope="col">{t('contracts.col.progress')}</th>
                </tr>
              </thead>
              <tbody>
                {paying.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/contracts/${c.id}`}>{c.title}</Link>
                      <div className="badges">
                        <ContractBadge status={c.status} />
                        <DocBadges doc={docs[c.id]} />
                        {c.isSubcontract ? <span className="badge">{t('contract.kind.subcontract')}</span> : null}
                      </div>
                    </th>
                    <td data-label={t('contract.payee')}>{c.payeeName}</td>
                    <td className="num" data-label={t('contract.amount')}>
                      {fen(c.amountFen)}
                    </td>
                    <td className="num" data-label={t('contract.paid')}>
                      {fen(c.paidFen)}
                    </td>
                    <td className="small stack-full" data-label={t('contracts.col.progress')}>
                      {c.status === 'draft' ? (c.toConfirm ? t('contracts.next.confirm') : t('contracts.next.waitOther')) : null}
                      {c.awaitingReview ? <div>{t('contracts.awaitingReview', { n: c.awaitingReview })}</div> : null}
                      {c.lateCount ? <span className="badge danger">{t('contracts.lateCount', { n: c.lateCount })}</span> : null}
                      {c.status === 'signed' && c.next && !c.awaitingReview ? (
                        <div>{t('contracts.nextDue', { title: c.next.title, date: date(c.next.dueDate) })}</div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {hasScope && !contracts.length ? <p className="muted">{t('contracts.none')}</p> : null}
    </>
  );
}

/** Every contract of the province, read-only, for the administrator (contract:oversee): each row leads to its public fund trace. */
function Oversight({ rows, total, page, pageSize }: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['oversight']>) {
  const { t, fen } = useT();
  return (
    <section className="card" aria-labelledby="oversight-title">
      <h2 id="oversight-title">{t('contracts.oversight.title')}</h2>
      <p className="small muted">{t('contracts.oversight.lead', { n: total })}</p>
      {rows.length ? (
        <div className="table-wrap">
          <table className="data contracts-table stack">
            <thead>
              <tr>
                <th scope="col">{t('contracts.col.contract')}</th>
                <th scope="col">{t('contract.payer')}</th>
                <th scope="col">{t('contracts.col.org')}</th>
                <th scope="col" className="num">
                  {t('contract.amount')}
                </th>
                <th scope="col" className="num">
                  {t('contract.paid')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/projects/${c.projectId}/funds`}>{c.title}</Link>
                    <div className="badges">
                      <ContractBadge status={c.status} />
                      {c.isSubcontract ? <span className="badge">{t('contract.kind.subcontract')}</span> : null}
                    </div>
                  </th>
                  <td data-label={t('contract.payer')}>{payerName(t, c.payer)}</td>
                  <td data-label={t('contracts.col.org')}>{c.payeeName}</td>
                  <td className="num" data-label={t('contract.amount')}>
                    {fen(c.amountFen)}
                  </td>
                  <td className="num" data-label={t('contract.paid')}>
                    {fen(c.paidFen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{t('contracts.none')}</p>
      )}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </section>
  );
}
