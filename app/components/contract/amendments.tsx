import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useMemo } from 'react';
import { AmendmentBadge } from '~/components/contract-bits';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { ReasonForm } from '~/components/ui/reason-form';
import { amendmentSchema, DeclineAmendmentSchema, TerminateContractSchema } from '~/schemas/contract';
import type { ContractAmendment } from '~/queries/contracts.server';
import type { ContractActionResult, ContractViewData } from './types';
import { IntentButton, TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr } from '~/i18n/i18n';

/** What an amendment changes, each line "what: before → after". */
function ChangeList({ a, data }: { a: ContractAmendment; data: ContractViewData }) {
  const { t, date } = useT();
  const title = (id: string) => {
    const m = data.milestones.find((x) => x.id === id);
    return m ? t('milestone.numbered', { n: m.position + 1, title: m.title }) : '';
  };
  return (
    <ul className="small changes">
      {a.endDate ? <li>{t('amendment.change.endDate', { before: a.endDate.before ? date(a.endDate.before) : '—', after: date(a.endDate.after) })}</li> : null}
      {a.dueDates.map((d) => (
        <li key={d.milestoneId}>
          {t('amendment.change.dueDate', { milestone: title(d.milestoneId), before: d.before ? date(d.before) : '—', after: date(d.after) })}
        </li>
      ))}
    </ul>
  );
}

/** Every amendment of the contract, numbered, with its changes, reason and answer. */
export function Amendments({ data }: { data: ContractViewData }) {
  const { t, dateTime } = useT();
  if (!data.amendments.length) return null;
  const sideName = (s: 'payer' | 'payee') => t(`contract.side.${s}.short`);
  const other = (s: 'payer' | 'payee') => (s === 'payer' ? 'payee' : 'payer');
  return (
    <section className="card" aria-labelledby="amendments-title">
      <h2 id="amendments-title">{t('amendment.title')}</h2>
      <ol className="timeline">
        {[...data.amendments].reverse().map((a) => (
          <li key={a.id} id={`a-${a.id}`}>
            <strong>{t('amendment.numbered', { n: a.number })}</strong> <AmendmentBadge status={a.status} />{' '}
            <span className="muted small">{t('amendment.proposedBy', { side: sideName(a.proposedBySide), at: dateTime(a.createdAt) })}</span>
            <ChangeList a={a} data={data} />
            {a.reason ? <div className="small">{t('amendment.reasonLine', { reason: a.reason })}</div> : null}
            <div className="small muted">
              {a.status === 'proposed' ? t('amendment.waiting', { side: sideName(other(a.proposedBySide)) }) : null}
              {a.status === 'inForce'
                ? t('amendment.inForceAt', { at: dateTime((a.proposedBySide === 'payer' ? a.payeeConfirmedAt : a.payerConfirmedAt) ?? a.createdAt) })
                : null}
              {a.status === 'declined' && a.closedAt ? t('amendment.declinedAt', { side: sideName(other(a.proposedBySide)), at: dateTime(a.closedAt) }) : null}
              {a.status === 'withdrawn' && a.closedAt ? t('amendment.withdrawnAt', { at: dateTime(a.closedAt) }) : null}
            </div>
            {a.closeReason && a.status !== 'inForce' ? <div className="small">{t('amendment.answerLine', { reason: a.closeReason })}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * Either side proposes an amendment (补充协议): the end date and each open milestone's due date
 * (due_<milestone id>) start as they are; only what differs becomes a change, with a reason.
 */
function ProposeAmendmentForm({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { t, date } = useT();
  const { contract: c, milestones } = data;
  const openMilestones = milestones.filter((m) => m.status !== 'accepted');
  const schema = useMemo(() => amendmentSchema({ startDate: c.startDate, endDate: c.endDate, milestones }), [c.startDate, c.endDate, milestones]);
  const reply = replyFor(result, 'amend');
  const [form, fields] = useAppForm(schema, {
    id: 'form-amend',
    lastResult: reply,
    defaultValue: { endDate: c.endDate, ...Object.fromEntries(openMilestones.map((m) => [`due_${m.id}`, m.dueDate])) },
  });
  const changesError = fields.changes?.errors?.[0];
  return (
    <section className="card" aria-labelledby="propose-amendment-title">
      {/* Open after a refused post; a form the person opened stays open as they fix it (an `open` that followed
          the errors shut the form under them as the last error cleared). */}
      <details open={reply !== undefined}>
        <summary>
          <h2 id="propose-amendment-title" className="inline">
            {t('amendment.propose.title')}
          </h2>
        </summary>
        <p className="small muted">{t('amendment.propose.lead')}</p>
        <Form method="post" className="stack" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="amend" />
          {changesError ? (
            <p className="form-error" role="alert">
              {t(messageKeyOr(changesError))}
            </p>
          ) : null}
          <TextField
            field={fields.endDate}
            type="date"
            label={t('amendment.propose.endDate')}
            hint={t('amendment.propose.now', { date: date(c.endDate) })}
            min={c.startDate}
          />
          {openMilestones.map((m) => (
            <TextField
              key={m.id}
              field={fields[`due_${m.id}`]}
              type="date"
              label={t('amendment.propose.dueDate', { milestone: t('milestone.numbered', { n: m.position + 1, title: m.title }) })}
              hint={t('amendment.propose.now', { date: date(m.dueDate) })}
              min={c.startDate}
            />
          ))}
          <TextArea field={fields.reason} label={t('amendment.propose.reason')} hint={t('amendment.propose.reasonHint')} rows={3} />
          <div>
            <button type="submit" className="btn secondary">
              {t('amendment.propose.submit')}
            </button>
          </div>
        </Form>
      </details>
    </section>
  );
}

/** The amendment waiting for this side's answer, the one this side may withdraw, and the form to propose one. */
export function AmendmentPanels({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { t } = useT();
  const { may } = data;
  const answer = data.amendments.find((a) => a.id === may.answerAmendment);
  const mine = data.amendments.find((a) => a.id === may.withdrawAmendment);
  return (
    <>
      {answer ? (
        <section className="card attention" aria-labelledby="answer-amendment-title">
          <h2 id="answer-amendment-title">{t('amendment.answer.title', { n: answer.number })}</h2>
          <p className="small">{t('amendment.answer.lead', { side: t(`contract.side.${answer.proposedBySide}.short`) })}</p>
          <ChangeList a={answer} data={data} />
          {answer.reason ? <p className="small">{t('amendment.reasonLine', { reason: answer.reason })}</p> : null}
          <IntentButton intent="confirmAmendment" hidden={{ amendmentId: answer.id }} label={t('amendment.answer.confirm')} />
          <hr />
          <ReasonForm
            schema={DeclineAmendmentSchema}
            intent="declineAmendment"
            hidden={{ amendmentId: answer.id }}
            answer={result}
            label={t('amendment.answer.declineReason')}
            submitLabel={t('amendment.answer.decline')}
          />
        </section>
      ) : null}

      {mine ? (
        <section className="card" aria-labelledby="mine-amendment-title">
          <h2 id="mine-amendment-title">{t('amendment.mine.title', { n: mine.number })}</h2>
          <ChangeList a={mine} data={data} />
          <p className="small muted">{t('amendment.mine.lead')}</p>
          <IntentButton intent="withdrawAmendment" hidden={{ amendmentId: mine.id }} label={t('amendment.mine.withdraw')} secondary />
        </section>
      ) : null}

      {may.amend ? <ProposeAmendmentForm data={data} result={result} /> : null}
    </>
  );
}

/** The payer ends the contract early: what stays paid, what lapses, a reason and an acknowledgement. */
export function TerminatePanel({ data, result }: { data: ContractViewData; result: ContractActionResult }) {
  const { t, fen } = useT();
  const { contract: c, tranches } = data;
  const reply = replyFor(result, 'terminate');
  const [form, fields] = useAppForm(TerminateContractSchema, { id: 'form-terminate', lastResult: reply });
  const understoodError = fields.understood.errors?.[0];
  const paid = tranches.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amountFen, 0);
  const unpaid = c.status === 'signed' ? c.amountFen - paid : 0;
  return (
    <section className="card" aria-labelledby="terminate-title">
      <details open={reply !== undefined}>
        <summary>
          <h2 id="terminate-title" className="inline">
            {t('contract.terminate.title')}
          </h2>
        </summary>
        <div className="warning small" role="note">
          {c.status === 'draft'
            ? t('contract.terminate.leadDraft')
            : t(c.isSubcontract ? 'contract.terminate.leadSub' : 'contract.terminate.lead', { paid: fen(paid), unpaid: fen(unpaid) })}
        </div>
        <Form method="post" className="stack start" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="terminate" />
          <TextArea field={fields.reason} label={t('contract.terminate.reason')} hint={t('contract.terminate.reasonHint')} rows={3} />
          <div className="field">
            <label>
              <input
                type="checkbox"
                name={fields.understood.name}
                key={fields.understood.key}
                value="yes"
                defaultChecked={fields.understood.initialValue === 'yes'}
                aria-invalid={understoodError ? true : undefined}
                aria-describedby={understoodError ? fields.understood.errorId : undefined}
              />{' '}
              {t('contract.terminate.understood')}
            </label>
            {understoodError ? (
              <span className="error" id={fields.understood.errorId}>
                {t(messageKeyOr(understoodError))}
              </span>
            ) : null}
          </div>
          <button type="submit" className="btn danger">
            {t('contract.terminate.submit')}
          </button>
        </Form>
      </details>
    </section>
  );
}
