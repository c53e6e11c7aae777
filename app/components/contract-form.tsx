import { MILESTONE_KINDS } from '~/domain/contract';
import { AT_SIGNING, MILESTONE_ROWS, scheduleSplit, TRANCHE_ROWS } from '~/schemas/contract';
import { useT } from '~/i18n/use-t';
import { TextField } from './ui/form';
import { messageKeyOr, type Translate } from '~/i18n/i18n';

/** The contract form's values as posted (all strings), or its starting values. */
export type ScheduleValues = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The midpoint of a period, for the mid-term milestone's default due date. */
function midpoint(start: string, end: string): string {
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return end;
  return new Date(a + Math.floor((b - a) / 86_400_000 / 2) * 86_400_000).toISOString().slice(0, 10);
}

/** The usual schedule: 50% at signing, 30% on the mid-term report, 20% on final acceptance. */
export function defaultSchedule(t: Translate, amount: string, start: string, end: string): ScheduleValues {
  return {
    amount,
    startDate: start,
    endDate: end,
    paymentRail: 'treasury',
    milestoneTitle_0: t('contract.form.default.midterm'),
    milestoneKind_0: 'reporting',
    milestoneDue_0: midpoint(start, end),
    milestoneTitle_1: t('contract.form.default.final'),
    milestoneKind_1: 'delivery',
    milestoneDue_1: end,
    tranchePercent_0: '50',
    trancheUnlock_0: AT_SIGNING,
    tranchePercent_1: '30',
    trancheUnlock_1: '1',
    tranchePercent_2: '20',
    trancheUnlock_2: '2',
  };
}

function CellError({ id, error }: { id: string; error?: string }) {
  const { t } = useT();
  return error ? (
    <span className="error small" id={`${id}-error`}>
      {t(messageKeyOr(error))}
    </span>
  ) : null;
}

/** Amount, period, (rail,) milestone rows and tranche rows, with the split to the fen when the rows allow one. */
export function ScheduleFields({
  values,
  errors,
  rail,
  maxFen,
  maxLabel,
}: {
  values: ScheduleValues;
  errors?: Record<string, string>;
  rail: boolean;
  maxFen: number;
  maxLabel: string;
}) {
  const { t, fen } = useT();
  const split = scheduleSplit(values);
  const cell = (name: string) => {
    const id = `f-${name}`;
    const error = errors?.[name];
    return { id, name, error, ...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}) };
  };
  const groupError = (name: string) =>
    errors?.[name] ? (
      <span className="error" id={`f-${name}-error`}>
        {t(messageKeyOr(errors[name]))}
      </span>
    ) : null;
  return (
    <>
      <TextField
        name="amount"
        label={t('contract.form.amount')}
        hint={t('contract.form.amount.hint', { label: maxLabel, max: fen(maxFen) })}
        errors={errors}
        defaultValue={str(values.amount)}
        inputMode="decimal"
        required
      />
      <div className="grid">
        <TextField name="startDate" type="date" label={t('contract.form.startDate')} errors={errors} defaultValue={str(values.startDate)} required />
        <TextField name="endDate" type="date" label={t('contract.form.endDate')} errors={errors} defaultValue={str(values.endDate)} required />
      </div>
      {rail ? (
        <fieldset className="field" aria-describedby={errors?.paymentRail ? 'f-paymentRail-error' : undefined}>
          <legend>{t('contract.form.rail')}</legend>
          {(['treasury', 'stripe'] as const).map((r) => (
            <label key={r} className="check option">
              <input type="radio" name="paymentRail" value={r} defaultChecked={(str(values.paymentRail) || 'treasury') === r} />{' '}
              <span>
                <strong>{t(`contract.rail.${r}`)}</strong>
                <span className="hint"> {t(`contract.rail.${r}.explain`)}</span>
              </span>
            </label>
          ))}
          {groupError('paymentRail')}
        </fieldset>
      ) : null}

      <fieldset
        className="field"
        aria-describedby={`f-milestones-hint${errors?.milestones ? ' f-milestones-error' : ''}`}
        aria-invalid={errors?.milestones ? true : undefined}
      >
        <legend>{t('contract.form.milestones')}</legend>
        <span className="hint" id="f-milestones-hint">
          {t('contract.form.milestones.hint')}
        </span>
        {groupError('milestones')}
        <div className="table-wrap">
          <table className="data compact schedule">
            <caption className="visually-hidden">{t('contract.form.milestones')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('milestone.title')}</th>
                <th scope="col">{t('milestone.kind')}</th>
                <th scope="col">{t('milestone.dueDate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows(MILESTONE_ROWS).map((i) => {
                const title = cell(`milestoneTitle_${i}`);
                const kind = cell(`milestoneKind_${i}`);
                const due = cell(`milestoneDue_${i}`);
                return (
                  <tr key={i}>
                    <th scope="row">{i + 1}</th>
                    <td>
                      <label className="visually-hidden" htmlFor={title.id}>
                        {t('milestone.titleN', { n: i + 1 })}
                      </label>
                      <input
                        id={title.id}
                        name={title.name}
                        type="text"
                        defaultValue={str(values[title.name])}
                        aria-invalid={title['aria-invalid']}
                        aria-describedby={title['aria-describedby']}
                      />
                      <CellError id={title.id} error={title.error} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={kind.id}>
                        {t('milestone.kindN', { n: i + 1 })}
                      </label>
                      <select
                        id={kind.id}
                        name={kind.name}
                        defaultValue={str(values[kind.name]) || 'delivery'}
                        aria-invalid={kind['aria-invalid']}
                        aria-describedby={kind['aria-describedby']}
                      >
                        {MILESTONE_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {t(`milestone.kind.${k}`)}
                          </option>
                        ))}
                      </select>
                      <CellError id={kind.id} error={kind.error} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={due.id}>
                        {t('milestone.dueDateN', { n: i + 1 })}
                      </label>
                      <input
                        id={due.id}
                        name={due.name}
                        type="date"
                        defaultValue={str(values[due.name])}
                        aria-invalid={due['aria-invalid']}
                        aria-describedby={due['aria-describedby']}
                      />
                      <CellError id={due.id} error={due.error} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>

      <fieldset
        className="field"
        aria-describedby={`f-tranches-hint${errors?.tranches ? ' f-tranches-error' : ''}`}
        aria-invalid={errors?.tranches ? true : undefined}
      >
        <legend>{t('contract.form.tranches')}</legend>
        <span className="hint" id="f-tranches-hint">
          {t('contract.form.tranches.hint')}
        </span>
        {groupError('tranches')}
        <div className="table-wrap">
          <table className="data compact schedule">
            <caption className="visually-hidden">{t('contract.form.tranches')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('tranche.percent')}</th>
                <th scope="col">{t('tranche.unlockAt')}</th>
                <th scope="col" className="num">
                  {t('tranche.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows(TRANCHE_ROWS).map((i) => {
                const percent = cell(`tranchePercent_${i}`);
                const unlock = cell(`trancheUnlock_${i}`);
                const amount = split?.find((s) => s.row === i)?.amountFen;
                return (
                  <tr key={i}>
                    <th scope="row">{i + 1}</th>
                    <td>
                      <label className="visually-hidden" htmlFor={percent.id}>
                        {t('tranche.percentN', { n: i + 1 })}
                      </label>
                      <input
                        id={percent.id}
                        name={percent.name}
                        type="number"
                        inputMode="numeric"
                        min="1"
                        max="100"
                        step="1"
                        className="percent"
                        defaultValue={str(values[percent.name])}
                        aria-invalid={percent['aria-invalid']}
                        aria-describedby={percent['aria-describedby']}
                      />{' '}
                      %
                      <CellError id={percent.id} error={percent.error} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={unlock.id}>
                        {t('tranche.unlockAtN', { n: i + 1 })}
                      </label>
                      <select
                        id={unlock.id}
                        name={unlock.name}
                        defaultValue={str(values[unlock.name]) || AT_SIGNING}
                        aria-invalid={unlock['aria-invalid']}
                        aria-describedby={unlock['aria-describedby']}
                      >
                        <option value={AT_SIGNING}>{t('tranche.atSigning')}</option>
                        {rows(MILESTONE_ROWS).map((m) => (
                          <option key={m} value={String(m + 1)}>
                            {t('tranche.atMilestoneN', { n: m + 1 })}
                          </option>
                        ))}
                      </select>
                      <CellError id={unlock.id} error={unlock.error} />
                    </td>
                    <td className="num">{amount === undefined ? '' : fen(amount)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="small muted" role="status">
          {split ? t('contract.form.split', { total: fen(split.reduce((s, x) => s + x.amountFen, 0)) }) : t('contract.form.splitUnavailable')}
        </p>
        <div>
          <button type="submit" name="intent" value="preview" className="btn secondary" formNoValidate>
            {t('contract.form.preview')}
          </button>
        </div>
      </fieldset>
    </>
  );
}

/** What a contract form's action answers: the schedule shown again (preview), field errors with the values sent, or a refusal. */
export type ScheduleAnswer =
  | {
      preview?: boolean;
      fieldErrors?: Record<string, string>;
      formError?: { messageKey: string; params: Record<string, string | number> };
      values?: unknown;
    }
  | undefined;
