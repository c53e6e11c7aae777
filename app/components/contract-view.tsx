import { Form, Link } from '@remix-run/react';
import { useState, type ReactNode } from 'react';
import { BENEFICIARY_GROUPS } from '~/domain/catalog';
import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import { servedField } from '~/schemas/contract';
import { Breadcrumbs } from '~/components/layout';
import { Amendments, AmendmentPanels, TerminatePanel } from '~/components/contract-amendments';
import { answerOf, ContractBadge, LateBadge, localizeContractFailure, MilestoneBadge, payerName, TrancheBadge } from '~/components/contract-bits';
import { Field, FormError, TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr, keyUnder } from '~/i18n/i18n';

/** The contract page's data for one side (the loader's answer); dates are ISO strings, money integer fen. */
export interface ContractFacts {
  id: string;
  title: string;
  status: string;
  amountFen: number;
  fundingSource: string;
  startDate: string;
  endDate: string;
  paymentRail: string;
  payerConfirmedAt: string | null;
  payeeConfirmedAt: string | null;
  signedAt: string | null;
  rating: number | null;
  ratingComment: string | null;
  completedAt: string | null;
  statusReason: string | null;
  terminatedAt: string | null;
  createdAt: string;
  isSubcontract: boolean;
}

/** A numbered amendment (补充协议): what it changes from what, why, and where it stands. */
export interface AmendmentView {
  id: string;
  number: number;
  status: string;
  endDate: { before: string | null; after: string } | null;
  dueDates: { milestoneId: string; before: string | null; after: string }[];
  reason: string | null;
  proposedBySide: 'payer' | 'payee';
  payerConfirmedAt: string | null;
  payeeConfirmedAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  createdAt: string;
}

export interface RoundView {
  id: string;
  round: number;
  report: string;
  beneficiaries: Record<string, number>;
  activityCount: number;
  late: boolean;
  status: string;
  reviewReason: string | null;
  submittedAt: string;
  reviewedAt: string | null;
}

export interface MilestoneView {
  id: string;
  position: number;
  title: string;
  kind: string;
  dueDate: string;
  status: string;
  acceptedAt: string | null;
  rounds: RoundView[];
}

export interface TrancheView {
  id: string;
  position: number;
  percent: number;
  amountFen: number;
  milestoneId: string | null;
  status: string;
  rail: string | null;
  voucherNumber: string | null;
  bankReference: string | null;
  paymentDate: string | null;
  paidAt: string | null;
}

export interface ContractViewData {
  contract: ContractFacts;
  payer: { kind: 'organization'; id: string; name: string } | { kind: 'unit'; role: string; regionCode: string; regionName: string };
  payee: { id: string; name: string; kind: string };
  project: { id: string; title: string; serviceStart: string; serviceEnd: string };
  parent: { id: string; title: string } | null;
  milestones: MilestoneView[];
  tranches: TrancheView[];
  subcontracts: { id: string; title: string; status: string; amountFen: number; payeeName: string; paidFen: number }[];
  amendments: AmendmentView[];
  side: 'payer' | 'payee';
  files: { id: string; deliverableId: string; name: string; sizeBytes: number; kind: string }[];
  /** YYYY-MM-DD in China. */
  today: string;
  /** What this side may do now: milestone ids to submit or review, tranche ids to pay. */
  may: {
    confirm: boolean;
    submit: string[];
    review: string[];
    pay: string[];
    complete: boolean;
    subcontract: boolean;
    /** Propose an amendment; answer (confirm or decline) or withdraw the one waiting, by id. */
    amend: boolean;
    answerAmendment: string | null;
    withdrawAmendment: string | null;
    terminate: boolean;
  };
}

/** What the page's action answered: a refusal on its form, field errors with the values sent, or what was done. */
export type ContractActionResult =
  | {
      formError?: { messageKey: string; params: Record<string, string | number> };
      fieldErrors?: Record<string, string>;
      values?: Record<string, unknown>;
      done?: string;
      n?: number;
    }
  | undefined;

export interface ContractViewProps extends ContractViewData {
  result?: ContractActionResult;
  /** Just drafted from the award (?done=drafted), with no action answer since. */
  drafted?: boolean;
}

/** The contract page's body for one side; the route passes its loader data, the bench baseline constant data. */
export function ContractView({ result, drafted = false, ...data }: ContractViewProps) {
  const { contract: c, payer, payee, project, parent, milestones, tranches, subcontracts, side, may } = data;
  const { t, fen, date, dateTime } = useT();
  const paidFen = tranches.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amountFen, 0);
  const milestoneNo = (id: string | null) => (id ? (milestones.find((m) => m.id === id)?.position ?? 0) + 1 : 0);
  const unlockText = (milestoneId: string | null) => {
    if (!milestoneId) return t('tranche.atSigning');
    const m = milestones.find((x) => x.id === milestoneId);
    return t('tranche.onMilestone', { n: milestoneNo(milestoneId), title: m?.title ?? '' });
  };

  return (
    <>
      <Breadcrumbs items={[{ to: '/contracts', label: t('contracts.title') }, { label: c.title }]} />
      <h1>
        {c.title} <ContractBadge status={c.status} />
      </h1>
      <p className="lead">
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
          <section className="card" aria-labelledby="facts-title">
            <h2 id="facts-title" className="visually-hidden">
              {t('contract.facts')}
            </h2>
            <dl className="facts">
              <dt>{t('contract.payer')}</dt>
              <dd>{payerName(t, payer)}</dd>
              <dt>{t('contract.payee')}</dt>
              <dd>
                <Link to={`/orgs/${payee.id}`}>{payee.name}</Link> <span className="small muted">{t(keyUnder('org.kind', payee.kind))}</span>
              </dd>
              <dt>{t('contract.project')}</dt>
              <dd>
                <Link to={`/projects/${project.id}`}>{project.title}</Link> · <Link to={`/projects/${project.id}/funds`}>{t('funds.link')}</Link>
              </dd>
              {parent ? (
                <>
                  <dt>{t('contract.parent')}</dt>
                  <dd>{side === 'payer' ? <Link to={`/contracts/${parent.id}`}>{parent.title}</Link> : parent.title}</dd>
                </>
              ) : null}
              <dt>{t('contract.amount')}</dt>
              <dd>
                <strong>{fen(c.amountFen)}</strong> <span className="small muted">{t('contract.paidOf', { paid: fen(paidFen) })}</span>
              </dd>
              <dt>{t('contract.period')}</dt>
              <dd>{t('project.periodValue', { start: date(c.startDate), end: date(c.endDate) })}</dd>
              <dt>{t('contract.fundingSource')}</dt>
              <dd>{t(keyUnder('project.funding', c.fundingSource))}</dd>
              <dt>{t('contract.rail')}</dt>
              <dd>{t(keyUnder('contract.rail', c.paymentRail))}</dd>
              <dt>{t('contract.statusLabel')}</dt>
              <dd>
                <ContractBadge status={c.status} />{' '}
                {c.signedAt ? <span className="small muted">{t('contract.signedAt', { at: dateTime(c.signedAt) })}</span> : null}
              </dd>
              {c.status === 'completed' && c.rating ? (
                <>
                  <dt>{t('contract.rating')}</dt>
                  <dd>
                    <span aria-hidden="true">{'★'.repeat(c.rating) + '☆'.repeat(5 - c.rating)}</span> {t('contract.ratingValue', { n: c.rating })}
                    {c.ratingComment ? <div className="small">{c.ratingComment}</div> : null}
                  </dd>
                </>
              ) : null}
              {c.statusReason ? (
                <>
                  <dt>{t('contract.statusReason')}</dt>
                  <dd>{c.statusReason}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <Milestones data={data} />
          <section className="card" aria-labelledby="tranches-title">
            <h2 id="tranches-title">{t('contract.tranches')}</h2>
            <div className="table-wrap">
              <table className="data compact tranches-table">
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
                      <th scope="row">{x.position + 1}</th>
                      <td className="num">{x.percent}%</td>
                      <td className="num">{fen(x.amountFen)}</td>
                      <td>{unlockText(x.milestoneId)}</td>
                      <td>
                        <TrancheBadge status={x.status} />
                      </td>
                      <td className="small">
                        {x.status === 'paid' ? (
                          <>
                            {t('tranche.paidLine', {
                              date: x.paymentDate ? date(x.paymentDate) : '',
                              rail: x.rail ? t(keyUnder('contract.rail', x.rail)) : '',
                            })}
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
          {subcontracts.length || may.subcontract ? (
            <section className="card" aria-labelledby="subs-title">
              <h2 id="subs-title">{t('contract.subcontracts')}</h2>
              {subcontracts.length ? (
                <div className="table-wrap">
                  <table className="data compact">
                    <caption className="visually-hidden">{t('contract.subcontracts')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('contract.payee')}</th>
                        <th scope="col">{t('subcontract.titleLabel')}</th>
                        <th scope="col" className="num">
                          {t('contract.amount')}
                        </th>
                        <th scope="col" className="num">
                          {t('contract.paid')}
                        </th>
                        <th scope="col">{t('contract.statusLabel')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {subcontracts.map((s) => (
                        <tr key={s.id}>
                          <th scope="row">{s.payeeName}</th>
                          <td>{side === 'payee' ? <Link to={`/contracts/${s.id}`}>{s.title}</Link> : s.title}</td>
                          <td className="num">{fen(s.amountFen)}</td>
                          <td className="num">{fen(s.paidFen)}</td>
                          <td>
                            <ContractBadge status={s.status} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted">{t('contract.subcontracts.none')}</p>
              )}
              {may.subcontract ? (
                <p style={{ marginTop: '.75rem' }}>
                  <Link className="btn secondary" to={`/contracts/${c.id}/subcontract/new`}>
                    {t('subcontract.new.link')}
                  </Link>
                </p>
              ) : null}
            </section>
          ) : null}
          <Amendments data={data} />
          <Timeline data={data} />
        </div>
        <aside>
          <Panels data={data} result={result} />
        </aside>
      </div>
    </>
  );
}

/** Every milestone with every round handed in, its late mark, and the payer's review. */
function Milestones({ data }: { data: ContractViewData }) {
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
                {t(keyUnder('milestone.kind', m.kind))} · {t('milestone.due', { date: date(m.dueDate) })}
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
                          {r.reviewReason ? <div>{t('deliverable.reasonLine', { reason: r.reviewReason })}</div> : null}
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

/** The contract's record, oldest first: drafting, confirmations, signing, submissions, reviews, payments, acceptance. */
function Timeline({ data }: { data: ContractViewData }) {
  const { t, fen, date, dateTime } = useT();
  const { contract: c, milestones, tranches } = data;
  const events: { at: string; key: string; title: ReactNode; detail?: ReactNode }[] = [];
  const push = (at: string | null, key: string, title: ReactNode, detail?: ReactNode) => at && events.push({ at, key, title, detail });
  push(c.createdAt, 'drafted', t('contract.event.drafted'));
  push(c.payerConfirmedAt, 'payer', t('contract.event.payerConfirmed'));
  push(c.payeeConfirmedAt, 'payee', t('contract.event.payeeConfirmed'));
  push(c.signedAt, 'signed', t('contract.event.signed'));
  for (const m of milestones)
    for (const r of m.rounds) {
      push(r.submittedAt, `s-${r.id}`, t('contract.event.submitted', { title: m.title, n: r.round }), r.late ? <LateBadge /> : undefined);
      push(
        r.reviewedAt,
        `r-${r.id}`,
        t(r.status === 'returned' ? 'contract.event.returned' : 'contract.event.accepted', { title: m.title, n: r.round }),
        r.reviewReason ? <div>{t('deliverable.reasonLine', { reason: r.reviewReason })}</div> : undefined,
      );
    }
  for (const x of tranches)
    push(
      x.paidAt,
      `p-${x.id}`,
      t('contract.event.paid', { n: x.position + 1, amount: fen(x.amountFen) }),
      <div className="small">
        {t('tranche.paidLine', { date: x.paymentDate ? date(x.paymentDate) : '', rail: x.rail ? t(keyUnder('contract.rail', x.rail)) : '' })}
      </div>,
    );
  push(c.completedAt, 'completed', t('contract.event.completed', { n: c.rating ?? 0 }));
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

/** What this side can do now. */
function Panels({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { t, fen } = useT();
  const { contract: c, milestones, tranches, may, side, today } = data;
  const { errorsFor, valueOf } = answerOf(result);
  // The server refuses a body over the attachment cap with a bare 413 (app/lib/request-rules.ts):
  // with JavaScript, say so beside the field before sending anything.
  const [filesTooLarge, setFilesTooLarge] = useState(false);
  const submitErrors = filesTooLarge ? { ...errorsFor('submit'), files: 'attachment.errors.tooLargeInAll' } : errorsFor('submit');
  const submittable = milestones.filter((m) => may.submit.includes(m.id)).sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.position - b.position);
  const returned = submittable.filter((m) => m.status === 'returned');
  const reviewable = milestones.filter((m) => may.review.includes(m.id));
  const payable = tranches.filter((x) => may.pay.includes(x.id));
  const nothing = !may.confirm && !submittable.length && !reviewable.length && !payable.length && !may.complete && !may.answerAmendment;

  return (
    <>
      {may.confirm ? (
        <section className="card" aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('contract.confirm.title')}</h2>
          <p className="small">{t(side === 'payer' ? 'contract.confirm.payerHint' : 'contract.confirm.payeeHint')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" className="btn">
              {t('contract.confirm.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      {submittable.length ? (
        <section className="card" aria-labelledby="submit-title">
          <h2 id="submit-title">{t('deliverable.submit.title')}</h2>
          {returned.map((m) => {
            const last = m.rounds.at(-1);
            return last?.reviewReason ? (
              <div key={m.id} className="warning small" role="note" style={{ marginBottom: '.75rem' }}>
                <strong>{t('deliverable.returnedNote', { title: m.title })}</strong> {last.reviewReason}
              </div>
            ) : null;
          })}
          {/* A new key once a milestone is handed in, so the next one starts from an empty form. */}
          <Form
            key={submittable.map((m) => `${m.id}:${m.status}`).join()}
            method="post"
            encType="multipart/form-data"
            className="stack"
            noValidate
            onSubmit={(e) => {
              const input = e.currentTarget.elements.namedItem('files') as HTMLInputElement | null;
              const total = [...(input?.files ?? [])].reduce((n, f) => n + f.size, 0);
              setFilesTooLarge(total > MAX_ATTACHMENT_BYTES);
              if (total > MAX_ATTACHMENT_BYTES) e.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="submit" />
            <Field name="milestoneId" label={t('deliverable.milestone')} errors={errorsFor('submit')}>
              {(p) => (
                <select {...p} defaultValue={valueOf('submit', 'milestoneId') ?? submittable[0]!.id}>
                  {submittable.map((m) => (
                    <option key={m.id} value={m.id}>
                      {t('milestone.numbered', { n: m.position + 1, title: m.title })}
                      {m.status === 'returned' ? ` · ${t('milestone.status.returned')}` : ''}
                      {m.dueDate < today ? ` · ${t('milestone.late')}` : ''}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextArea
              name="report"
              label={t('deliverable.report')}
              hint={t('deliverable.report.hint')}
              errors={errorsFor('submit')}
              defaultValue={valueOf('submit', 'report')}
              rows={6}
            />
            <TextField
              name="activityCount"
              type="number"
              label={t('deliverable.activityCount')}
              errors={errorsFor('submit')}
              defaultValue={valueOf('submit', 'activityCount')}
              inputMode="numeric"
              min="0"
              step="1"
            />
            <fieldset className="field">
              <legend>{t('deliverable.beneficiaries')}</legend>
              <span className="hint">{t('deliverable.beneficiaries.hint')}</span>
              <div className="served-grid">
                {BENEFICIARY_GROUPS.map((g) => (
                  <TextField
                    key={g}
                    name={servedField(g)}
                    type="number"
                    label={t(keyUnder('beneficiary', g))}
                    errors={errorsFor('submit')}
                    defaultValue={valueOf('submit', servedField(g))}
                    inputMode="numeric"
                    min="0"
                    step="1"
                  />
                ))}
              </div>
            </fieldset>
            <Field name="files" label={t('deliverable.files')} hint={t('deliverable.files.hint')} errors={submitErrors}>
              {(p) => <input {...p} type="file" multiple accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx" />}
            </Field>
            <div>
              <button type="submit" className="btn">
                {t('deliverable.submit.submit')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {reviewable.map((m) => {
        const last = m.rounds.at(-1);
        return (
          <section key={m.id} className="card" aria-labelledby={`review-${m.id}`}>
            <h2 id={`review-${m.id}`}>{t('deliverable.review.title', { title: m.title })}</h2>
            {last ? (
              <p className="small">
                {t('deliverable.review.lead', { n: last.round })} {last.late ? <LateBadge /> : null} <a href={`#m-${m.id}`}>{t('deliverable.review.read')}</a>
              </p>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="milestoneId" value={m.id} />
              <button type="submit" className="btn">
                {t('deliverable.accept')}
              </button>
            </Form>
            <hr />
            <Form method="post" className="stack start" noValidate>
              <input type="hidden" name="intent" value="return" />
              <input type="hidden" name="milestoneId" value={m.id} />
              <TextArea
                name="reason"
                label={t('deliverable.returnReason')}
                hint={t('deliverable.returnReason.hint')}
                errors={errorsFor('return', 'milestoneId', m.id)}
                rows={3}
              />
              <button type="submit" className="btn secondary">
                {t('deliverable.return')}
              </button>
            </Form>
          </section>
        );
      })}

      {payable.map((x) => (
        <section key={x.id} className="card" aria-labelledby={`pay-${x.id}`}>
          <h2 id={`pay-${x.id}`}>{t('tranche.pay.title', { n: x.position + 1, amount: fen(x.amountFen) })}</h2>
          {c.paymentRail === 'stripe' ? (
            <Form method="post" className="stack start">
              <input type="hidden" name="intent" value="payStripe" />
              <input type="hidden" name="trancheId" value={x.id} />
              <p className="small muted">{t('tranche.stripe.lead')}</p>
              <button type="submit" className="btn">
                {t('tranche.stripe.submit')}
              </button>
            </Form>
          ) : (
            <Form method="post" className="stack start" noValidate>
              <input type="hidden" name="intent" value="pay" />
              <input type="hidden" name="trancheId" value={x.id} />
              <TextField
                name="voucherNumber"
                label={t('tranche.voucherNumber')}
                hint={t('tranche.voucherNumber.hint')}
                errors={errorsFor('pay', 'trancheId', x.id)}
                defaultValue={errorsFor('pay', 'trancheId', x.id) ? valueOf('pay', 'voucherNumber') : undefined}
              />
              <TextField
                name="paymentDate"
                type="date"
                label={t('tranche.paymentDate')}
                errors={errorsFor('pay', 'trancheId', x.id)}
                defaultValue={(errorsFor('pay', 'trancheId', x.id) ? valueOf('pay', 'paymentDate') : undefined) ?? today}
                max={today}
              />
              <TextField
                name="bankReference"
                label={t('tranche.bankReference')}
                errors={errorsFor('pay', 'trancheId', x.id)}
                defaultValue={errorsFor('pay', 'trancheId', x.id) ? valueOf('pay', 'bankReference') : undefined}
              />
              <button type="submit" className="btn">
                {t('tranche.pay.submit')}
              </button>
            </Form>
          )}
        </section>
      ))}

      {may.complete ? (
        <section className="card" aria-labelledby="complete-title">
          <h2 id="complete-title">{t('contract.complete.title')}</h2>
          <p className="small">{t('contract.complete.hint')}</p>
          <Form method="post" className="stack start" noValidate>
            <input type="hidden" name="intent" value="complete" />
            <fieldset className="field" aria-describedby={errorsFor('complete')?.rating ? 'f-rating-error' : undefined}>
              <legend>{t('contract.rating')}</legend>
              <div className="checks">
                {[5, 4, 3, 2, 1].map((n) => (
                  <label key={n}>
                    <input type="radio" name="rating" value={n} defaultChecked={valueOf('complete', 'rating') === String(n)} />{' '}
                    {t(keyUnder('contract.rating', n))}
                  </label>
                ))}
              </div>
              {errorsFor('complete')?.rating ? (
                <span className="error" id="f-rating-error">
                  {t(messageKeyOr(errorsFor('complete')!.rating))}
                </span>
              ) : null}
            </fieldset>
            <TextArea
              name="comment"
              label={t('contract.ratingComment')}
              errors={errorsFor('complete')}
              defaultValue={valueOf('complete', 'comment')}
              rows={3}
            />
            <button type="submit" className="btn">
              {t('contract.complete.submit')}
            </button>
          </Form>
        </section>
      ) : null}

      {nothing ? (
        <section className="card">
          <h2>{t('contract.nothing.title')}</h2>
          <p className="small muted">{t(keyUnder('contract.nothing', c.status))}</p>
        </section>
      ) : null}
      <AmendmentPanels data={data} result={result} />
      {may.terminate ? <TerminatePanel data={data} result={result} /> : null}
    </>
  );
}
