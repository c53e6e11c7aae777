// Over 300 lines: the schedule is one table of milestones and one of tranches, each cell labelled for screen readers.
import { useField, useFormMetadata, type FieldMetadata } from '@conform-to/react';
import { MILESTONE_KINDS } from '~/domain/contract';
import { AT_SIGNING, scheduleSplit, type MilestoneRow, type TrancheRow } from '~/schemas/contract';
import { useT } from '~/i18n/use-t';
import { TextField } from './ui/form';
import { messageKeyOr } from '~/i18n/i18n';

/** The contract form's starting values, as they are posted (milestones and tranches as lists of rows). */
export type ScheduleValues = Record<string, unknown>;

/** The fields the schedule reads from the form around it (a contract or a subcontract). */
interface ScheduleForm extends Record<string, unknown> {
  amount: string;
  startDate: string;
  endDate: string;
  paymentRail?: string;
  milestones: MilestoneRow[];
  tranches: TrancheRow[];
}

/** The midpoint of a period, for the mid-term milestone's default due date. */
function midpoint(start: string, end: string): string {
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return end;
  return new Date(a + Math.floor((b - a) / 86_400_000 / 2) * 86_400_000).toISOString().slice(0, 10);
}

/** The usual schedule: 50% at signing, 30% on the mid-term report, 20% on final acceptance. */
export function defaultSchedule(t: (k: 'contract.form.default.midterm' | 'contract.form.default.final') => string, amount: string, start: string, end: string) {
  return {
    amount,
    startDate: start,
    endDate: end,
    paymentRail: 'treasury',
    milestones: [
      { title: t('contract.form.default.midterm'), kind: 'reporting', dueDate: midpoint(start, end) },
      { title: t('contract.form.default.final'), kind: 'delivery', dueDate: end },
    ],
    tranches: [
      { percent: '50', unlock: AT_SIGNING },
      { percent: '30', unlock: '1' },
      { percent: '20', unlock: '2' },
    ],
  } satisfies ScheduleValues;
}

type Cell = Pick<FieldMetadata<unknown, Record<string, unknown>, string[]>, 'id' | 'name' | 'key' | 'errorId' | 'errors' | 'initialValue'>;

const initial = (f: Cell) => (typeof f.initialValue === 'string' ? f.initialValue : '');

/** A cell's input props: id, name, its value as last posted, and its error tied for screen readers. */
const cellProps = (f: Cell) => ({
  id: f.id,
  name: f.name,
  defaultValue: initial(f),
  ...(f.errors?.[0] ? { 'aria-invalid': true as const, 'aria-describedby': f.errorId } : {}),
});

function CellError({ field }: { field: Cell }) {
  const { t } = useT();
  const error = field.errors?.[0];
  return error ? (
    <span className="error small" id={field.errorId}>
      {t(messageKeyOr(error))}
    </span>
  ) : null;
}

function GroupError({ field }: { field: Cell }) {
  const { t } = useT();
  const error = field.errors?.[0];
  return error ? (
    <span className="error" id={field.errorId}>
      {t(messageKeyOr(error))}
    </span>
  ) : null;
}

/**
 * Amount, period, (rail,) milestone rows and tranche rows, with the split to the fen when the rows
 * allow one. Inside a Conform form (a `FormProvider`, ADR 015): rows are added and removed by submit
 * buttons carrying Conform's list intents, which work without JavaScript too.
 */
export function ScheduleFields({
  rail,
  maxFen,
  maxLabel,
  previewed,
}: {
  rail: boolean;
  maxFen: number;
  maxLabel: string;
  /** What "show the split" sent (the action's answer), else the split is of the starting values. */
  previewed?: Record<string, unknown> | null;
}) {
  const { t, fen } = useT();
  const form = useFormMetadata<ScheduleForm>();
  const [amount] = useField<string>('amount');
  const [startDate] = useField<string>('startDate');
  const [endDate] = useField<string>('endDate');
  const [paymentRail] = useField<string>('paymentRail');
  const [milestones] = useField<MilestoneRow[]>('milestones');
  const [tranches] = useField<TrancheRow[]>('tranches');
  const milestoneRows = milestones.getFieldList();
  const trancheRows = tranches.getFieldList();
  const split = scheduleSplit((previewed ?? form.initialValue) as { amount?: unknown; tranches?: unknown } | undefined);
  // A tranche may name a milestone row that is gone: it stays chosen, and the form says so.
  const unlockChoices = Math.max(milestoneRows.length, ...trancheRows.map((row) => Number(initial(row.getFieldset().unlock)) || 0));
  const describedBy = (hintId: string, f: Cell) => `${hintId}${f.errors?.[0] ? ` ${f.errorId}` : ''}`;
  return (
    <>
      {/* Enter in a field shows the split, as before, rather than pressing the first row's "remove". */}
      <button type="submit" name="intent" value="preview" className="visually-hidden" tabIndex={-1} aria-hidden="true" formNoValidate />
      <TextField
        field={amount}
        label={t('contract.form.amount')}
        hint={t('contract.form.amount.hint', { label: maxLabel, max: fen(maxFen) })}
        inputMode="decimal"
        required
      />
      <div className="grid">
        <TextField field={startDate} type="date" label={t('contract.form.startDate')} required />
        <TextField field={endDate} type="date" label={t('contract.form.endDate')} required />
      </div>
      {rail ? (
        <fieldset className="field" aria-describedby={paymentRail.errors?.[0] ? paymentRail.errorId : undefined}>
          <legend>{t('contract.form.rail')}</legend>
          {(['treasury', 'stripe'] as const).map((r) => (
            <label key={r} className="check option">
              <input type="radio" name={paymentRail.name} key={paymentRail.key} value={r} defaultChecked={(initial(paymentRail) || 'treasury') === r} />{' '}
              <span>
                <strong>{t(`contract.rail.${r}`)}</strong>
                <span className="hint"> {t(`contract.rail.${r}.explain`)}</span>
              </span>
            </label>
          ))}
          <GroupError field={paymentRail} />
        </fieldset>
      ) : null}

      <fieldset className="field" aria-describedby={describedBy('f-milestones-hint', milestones)} aria-invalid={milestones.errors?.[0] ? true : undefined}>
        <legend>{t('contract.form.milestones')}</legend>
        <span className="hint" id="f-milestones-hint">
          {t('contract.form.milestones.hint')}
        </span>
        <GroupError field={milestones} />
        <div className="table-wrap">
          <table className="data compact schedule">
            <caption className="visually-hidden">{t('contract.form.milestones')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('milestone.title')}</th>
                <th scope="col">{t('milestone.kind')}</th>
                <th scope="col">{t('milestone.dueDate')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('milestone.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {milestoneRows.map((row, i) => {
                const m = row.getFieldset();
                return (
                  <tr key={row.key}>
                    <th scope="row">{i + 1}</th>
                    <td>
                      <label className="visually-hidden" htmlFor={m.title.id}>
                        {t('milestone.titleN', { n: i + 1 })}
                      </label>
                      <input type="text" key={m.title.key} {...cellProps(m.title)} />
                      <CellError field={m.title} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={m.kind.id}>
                        {t('milestone.kindN', { n: i + 1 })}
                      </label>
                      <select key={m.kind.key} {...cellProps(m.kind)} defaultValue={initial(m.kind) || 'delivery'}>
                        {MILESTONE_KINDS.map((k) => (
                          <option key={k} value={k}>
                            {t(`milestone.kind.${k}`)}
                          </option>
                        ))}
                      </select>
                      <CellError field={m.kind} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={m.dueDate.id}>
                        {t('milestone.dueDateN', { n: i + 1 })}
                      </label>
                      <input type="date" key={m.dueDate.key} {...cellProps(m.dueDate)} />
                      <CellError field={m.dueDate} />
                    </td>
                    <td>
                      <button
                        className="btn secondary small"
                        aria-label={t('milestone.removeN', { n: i + 1 })}
                        {...form.remove.getButtonProps({ name: milestones.name, index: i })}
                      >
                        {t('milestone.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button
            className="btn secondary"
            {...form.insert.getButtonProps({ name: milestones.name, defaultValue: { title: '', kind: 'delivery', dueDate: '' } })}
          >
            {t('milestone.add')}
          </button>
        </p>
      </fieldset>

      <fieldset className="field" aria-describedby={describedBy('f-tranches-hint', tranches)} aria-invalid={tranches.errors?.[0] ? true : undefined}>
        <legend>{t('contract.form.tranches')}</legend>
        <span className="hint" id="f-tranches-hint">
          {t('contract.form.tranches.hint')}
        </span>
        <GroupError field={tranches} />
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
                <th scope="col">
                  <span className="visually-hidden">{t('tranche.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {trancheRows.map((row, i) => {
                const c = row.getFieldset();
                const share = split?.[i];
                return (
                  <tr key={row.key}>
                    <th scope="row">{i + 1}</th>
                    <td>
                      <label className="visually-hidden" htmlFor={c.percent.id}>
                        {t('tranche.percentN', { n: i + 1 })}
                      </label>
                      <input type="number" inputMode="numeric" min="1" max="100" step="1" className="percent" key={c.percent.key} {...cellProps(c.percent)} /> %
                      <CellError field={c.percent} />
                    </td>
                    <td>
                      <label className="visually-hidden" htmlFor={c.unlock.id}>
                        {t('tranche.unlockAtN', { n: i + 1 })}
                      </label>
                      <select key={c.unlock.key} {...cellProps(c.unlock)} defaultValue={initial(c.unlock) || AT_SIGNING}>
                        <option value={AT_SIGNING}>{t('tranche.atSigning')}</option>
                        {Array.from({ length: unlockChoices }, (_, m) => (
                          <option key={m} value={String(m + 1)}>
                            {t('tranche.atMilestoneN', { n: m + 1 })}
                          </option>
                        ))}
                      </select>
                      <CellError field={c.unlock} />
                    </td>
                    <td className="num">{share === undefined ? '' : fen(share)}</td>
                    <td>
                      <button
                        className="btn secondary small"
                        aria-label={t('tranche.removeN', { n: i + 1 })}
                        {...form.remove.getButtonProps({ name: tranches.name, index: i })}
                      >
                        {t('tranche.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p>
          <button className="btn secondary" {...form.insert.getButtonProps({ name: tranches.name, defaultValue: { percent: '', unlock: AT_SIGNING } })}>
            {t('tranche.add')}
          </button>
        </p>
        <p className="small muted" role="status">
          {split ? t('contract.form.split', { total: fen(split.reduce((s, x) => s + x, 0)) }) : t('contract.form.splitUnavailable')}
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
