import { Form } from '@remix-run/react';
import { answerOf, LateBadge } from '~/components/contract-bits';
import { TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import type { ContractActionResult, ContractViewData } from './types';

type PanelProps = { data: ContractViewData; result: ContractActionResult };

/** What the payer (the purchasing unit, or the hub for a subcontract) does: review deliverables, pay tranches, accept the whole. */
export function PayerPanels({ data, result }: PanelProps) {
  const { milestones, tranches, may } = data;
  return (
    <>
      {milestones
        .filter((m) => may.review.includes(m.id))
        .map((m) => (
          <ReviewPanel key={m.id} m={m} result={result} />
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
function ReviewPanel({ m, result }: { m: ContractViewData['milestones'][number]; result: ContractActionResult }) {
  const { t } = useT();
  const { errorsFor } = answerOf(result);
  const last = m.rounds.at(-1);
  return (
    <section className="card" aria-labelledby={`review-${m.id}`}>
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
}

/** Pay one unlocked tranche: a Stripe transfer, or a treasury transfer recorded with its voucher. */
function PayPanel({ x, data, result }: { x: ContractViewData['tranches'][number] } & PanelProps) {
  const { t, fen } = useT();
  const { contract: c, today } = data;
  const { errorsFor, valueOf } = answerOf(result);
  return (
    <section className="card" aria-labelledby={`pay-${x.id}`}>
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
  );
}

/** Final acceptance (验收) with a rating. */
function CompletePanel({ result }: { result: ContractActionResult }) {
  const { t } = useT();
  const { errorsFor, valueOf } = answerOf(result);
  return (
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
                <input type="radio" name="rating" value={n} defaultChecked={valueOf('complete', 'rating') === String(n)} /> {t(`contract.rating.${n}`)}
              </label>
            ))}
          </div>
          {errorsFor('complete')?.rating ? (
            <span className="error" id="f-rating-error">
              {t(errorsFor('complete')!.rating!)}
            </span>
          ) : null}
        </fieldset>
        <TextArea name="comment" label={t('contract.ratingComment')} errors={errorsFor('complete')} defaultValue={valueOf('complete', 'comment')} rows={3} />
        <button type="submit" className="btn">
          {t('contract.complete.submit')}
        </button>
      </Form>
    </section>
  );
}
