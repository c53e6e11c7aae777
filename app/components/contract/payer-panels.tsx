import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useMemo } from 'react';
import { LateBadge } from '~/components/contract-bits';
import { IntentButton, TextArea, TextField } from '~/components/ui/form';
import { ReasonForm } from '~/components/ui/reason-form';
import { useT } from '~/i18n/use-t';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import {
  AcceptDeliverableSchema,
  CompleteContractSchema,
  ConsentSubcontractSchema,
  RefuseSubcontractSchema,
  ReturnDeliverableSchema,
  treasuryPaymentSchema,
} from '~/schemas/contract';
import type { ContractActionResult, ContractViewData } from './types';
import { keyUnder, messageKeyOr } from '~/i18n/i18n';

type PanelProps = { data: ContractViewData; result: ContractActionResult };

/** What the payer (the purchasing unit, or the hub for a subcontract) does: review deliverables, pay tranches, accept the whole. */
export function PayerPanels({ data, result }: PanelProps) {
  const { milestones, tranches, may, subcontracts, contract: c, started } = data;
  const { t, date, fen } = useT();
  return (
    <>
      {c.status === 'signed' && !started ? (
        <p className="warning" role="note">
          {t('execution.beforeStart', { date: date(c.startDate) })}
        </p>
      ) : null}
      {subcontracts
        .filter((s) => may.consent.includes(s.id))
        .map((s) => (
          <section key={s.id} className="card" aria-labelledby={`consent-${s.id}`}>
            <h2 id={`consent-${s.id}`}>{t('execution.consent.panel', { title: s.title })}</h2>
            <p className="small">{t('execution.consent.lead', { payee: s.payeeName, amount: fen(s.amountFen) })}</p>
            <ReasonForm
              schema={ConsentSubcontractSchema}
              intent="consentSubcontract"
              hidden={{ subcontractId: s.id }}
              answer={result}
              label={t('execution.consent.label')}
              hint={t('execution.consent.hint')}
              submitLabel={t('execution.consent.submit')}
            />
            <hr />
            <ReasonForm
              schema={RefuseSubcontractSchema}
              intent="refuseSubcontract"
              hidden={{ subcontractId: s.id }}
              answer={result}
              label={t('execution.consent.refuseLabel')}
              submitLabel={t('execution.consent.refuseSubmit')}
              tone="danger"
            />
          </section>
        ))}
      {milestones
        .filter((m) => may.review.includes(m.id))
        .map((m) => (
          <ReviewPanel key={m.id} m={m} result={result} accept={may.accept.includes(m.id)} />
        ))}
      {tranches
        .filter((x) => may.pay.includes(x.id))
        .map((x) => (
          <PayPanel key={x.id} x={x} data={data} result={result} />
        ))}
      {may.complete ? <CompletePanel result={result} /> : null}
    </>
  );
}

/** Accept the latest round of a milestone, or return it with reasons. */
function ReviewPanel({ m, result, accept }: { m: ContractViewData['milestones'][number]; result: ContractActionResult; accept: boolean }) {
  const { t } = useT();
  const last = m.rounds.at(-1);
  return (
    <section className="card" aria-labelledby={`review-${m.id}`}>
      <h2 id={`review-${m.id}`}>{t('deliverable.review.title', { title: m.title })}</h2>
      {last ? (
        <p className="small">
          {t('deliverable.review.lead', { n: last.round })} {last.late ? <LateBadge /> : null} <a href={`#m-${m.id}`}>{t('deliverable.review.read')}</a>
        </p>
      ) : null}
      {accept ? (
        <>
          <ReasonForm
            schema={AcceptDeliverableSchema}
            intent="accept"
            hidden={{ milestoneId: m.id }}
            answer={result}
            label={t('execution.opinion')}
            hint={t('execution.opinion.hint')}
            submitLabel={t('execution.accept.submit')}
          />
          <hr />
        </>
      ) : null}
      <ReasonForm
        schema={ReturnDeliverableSchema}
        intent="return"
        hidden={{ milestoneId: m.id }}
        answer={result}
        label={t('deliverable.returnReason')}
        hint={t('deliverable.returnReason.hint')}
        submitLabel={t('deliverable.return')}
      />
    </section>
  );
}

/** Pay one unlocked tranche: a Stripe transfer, or a treasury transfer recorded with its voucher. */
function PayPanel({ x, data, result }: { x: ContractViewData['tranches'][number] } & PanelProps) {
  const { t, fen } = useT();
  const { contract: c, today } = data;
  const schema = useMemo(() => treasuryPaymentSchema(today), [today]);
  const [form, fields] = useAppForm(schema, {
    id: `form-pay-${x.id}`,
    lastResult: replyFor(result, 'pay', { trancheId: x.id }),
    defaultValue: { paymentDate: today },
  });
  return (
    <section className="card" aria-labelledby={`pay-${x.id}`}>
      <h2 id={`pay-${x.id}`}>{t('tranche.pay.title', { n: x.position + 1, amount: fen(x.amountFen) })}</h2>
      {c.paymentRail === 'stripe' ? (
        <IntentButton intent="payStripe" hidden={{ trancheId: x.id }} hint={t('tranche.stripe.lead')} label={t('tranche.stripe.submit')} />
      ) : (
        <Form method="post" className="stack start" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="pay" />
          <input type="hidden" name="trancheId" value={x.id} />
          <TextField field={fields.voucherNumber} label={t('tranche.voucherNumber')} hint={t('tranche.voucherNumber.hint')} />
          <TextField field={fields.paymentDate} type="date" label={t('tranche.paymentDate')} max={today} />
          <TextField field={fields.bankReference} label={t('tranche.bankReference')} />
          <button type="submit" className="btn">
            {t('tranche.pay.submit')}
          </button>
        </Form>
      )}
    </section>
  );
}

/** Final acceptance (验收) with a rating. */
function CompletePanel({ result }: { result: ContractActionResult }) {
  const { t } = useT();
  const [form, fields] = useAppForm(CompleteContractSchema, { id: 'form-complete', lastResult: replyFor(result, 'complete') });
  const ratingError = fields.rating.errors?.[0];
  return (
    <section className="card" aria-labelledby="complete-title">
      <h2 id="complete-title">{t('contract.complete.title')}</h2>
      <p className="small">{t('contract.complete.hint')}</p>
      <Form method="post" className="stack start" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="complete" />
        <fieldset className="field" aria-describedby={ratingError ? fields.rating.errorId : undefined}>
          <legend>{t('contract.rating')}</legend>
          <div className="checks">
            {[5, 4, 3, 2, 1].map((n) => (
              <label key={n}>
                <input type="radio" name={fields.rating.name} key={fields.rating.key} value={n} defaultChecked={fields.rating.initialValue === String(n)} />{' '}
                {t(keyUnder('contract.rating', n))}
              </label>
            ))}
          </div>
          {ratingError ? (
            <span className="error" id={fields.rating.errorId}>
              {t(messageKeyOr(ratingError))}
            </span>
          ) : null}
        </fieldset>
        <TextArea field={fields.comment} label={t('contract.ratingComment')} rows={3} />
        <TextArea field={fields.opinion} label={t('execution.final.opinion')} hint={t('execution.final.opinionHint')} rows={4} />
        <TextField field={fields.performanceScore} label={t('execution.score.label')} inputMode="numeric" />
        <button type="submit" className="btn">
          {t('contract.complete.submit')}
        </button>
      </Form>
    </section>
  );
}
