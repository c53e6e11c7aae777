import { useField, useFormMetadata } from '@conform-to/react';
import { MILESTONE_KINDS } from '~/domain/contract';
import { AT_SIGNING, scheduleSplit, type MilestoneRow, type TrancheRow } from '~/schemas/contract';
import { useT } from '~/i18n/use-t';
import { messageKeyOr } from '~/i18n/i18n';
import { RadioOptions, TextArea, TextField } from './ui/form';
import { cellProps, initialText, ListRows, RowCell } from './ui/list-rows';

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
  firstAdvance?: string;
  subcontractPercent?: string;
  subcontractExcludedWork?: string;
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
  const [firstAdvance] = useField<string>('firstAdvance');
  const milestoneRows = milestones.getFieldList();
  const trancheRows = tranches.getFieldList();
  const split = scheduleSplit((previewed ?? form.initialValue) as { amount?: unknown; tranches?: unknown } | undefined);
  // A tranche may name a milestone row that is gone: it stays chosen, and the form says so.
  const unlockChoices = Math.max(milestoneRows.length, ...trancheRows.map((row) => Number(initialText(row.getFieldset().unlock)) || 0));
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
        <RadioOptions
          field={paymentRail}
          legend={t('contract.form.rail')}
          options={(['treasury', 'stripe'] as const).map((r) => ({ value: r, label: t(`contract.rail.${r}`), explain: t(`contract.rail.${r}.explain`) }))}
          fallback="treasury"
        />
      ) : null}

      <ListRows
        list={milestones}
        legend={t('contract.form.milestones')}
        hint={t('contract.form.milestones.hint')}
        columns={[{ label: t('milestone.title') }, { label: t('milestone.kind') }, { label: t('milestone.dueDate') }]}
        addButton={form.insert.getButtonProps({ name: milestones.name, defaultValue: { title: '', kind: 'delivery', dueDate: '' } })}
        removeButton={(index) => form.remove.getButtonProps({ name: milestones.name, index })}
        addLabel={t('milestone.add')}
        removeLabel={t('milestone.remove')}
        removeLabelN={(n) => t('milestone.removeN', { n })}
        row={(m, i) => (
          <>
            <RowCell field={m.title} label={t('milestone.titleN', { n: i + 1 })} column={t('milestone.title')} className="stack-full">
              <input type="text" key={m.title.key} {...cellProps(m.title)} />
            </RowCell>
            <RowCell field={m.kind} label={t('milestone.kindN', { n: i + 1 })} column={t('milestone.kind')}>
              <select key={m.kind.key} {...cellProps(m.kind)} defaultValue={initialText(m.kind) || 'delivery'}>
                {MILESTONE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`milestone.kind.${k}`)}
                  </option>
                ))}
              </select>
            </RowCell>
            <RowCell field={m.dueDate} label={t('milestone.dueDateN', { n: i + 1 })} column={t('milestone.dueDate')}>
              <input type="date" key={m.dueDate.key} {...cellProps(m.dueDate)} />
            </RowCell>
          </>
        )}
      />

      <ListRows
        list={tranches}
        legend={t('contract.form.tranches')}
        hint={t('contract.form.tranches.hint')}
        columns={[{ label: t('tranche.percent') }, { label: t('tranche.unlockAt') }, { label: t('tranche.amount'), num: true }]}
        addButton={form.insert.getButtonProps({ name: tranches.name, defaultValue: { percent: '', unlock: AT_SIGNING } })}
        removeButton={(index) => form.remove.getButtonProps({ name: tranches.name, index })}
        addLabel={t('tranche.add')}
        removeLabel={t('tranche.remove')}
        removeLabelN={(n) => t('tranche.removeN', { n })}
        row={(c, i) => {
          const share = split?.[i];
          return (
            <>
              <RowCell field={c.percent} label={t('tranche.percentN', { n: i + 1 })} column={t('tranche.percent')}>
                <input type="number" inputMode="numeric" min="1" max="100" step="1" className="percent" key={c.percent.key} {...cellProps(c.percent)} /> %
              </RowCell>
              <RowCell field={c.unlock} label={t('tranche.unlockAtN', { n: i + 1 })} column={t('tranche.unlockAt')}>
                <select key={c.unlock.key} {...cellProps(c.unlock)} defaultValue={initialText(c.unlock) || AT_SIGNING}>
                  <option value={AT_SIGNING}>{t('tranche.atSigning')}</option>
                  {Array.from({ length: unlockChoices }, (_, m) => (
                    <option key={m} value={String(m + 1)}>
                      {t('tranche.atMilestoneN', { n: m + 1 })}
                    </option>
                  ))}
                </select>
              </RowCell>
              <td className="num" data-label={t('tranche.amount')}>
                {share === undefined ? '' : fen(share)}
              </td>
            </>
          );
        }}
        after={
          <>
            <div className="field">
              <label className="check">
                <input
                  type="checkbox"
                  name={firstAdvance.name}
                  value="on"
                  key={firstAdvance.key}
                  defaultChecked={firstAdvance.initialValue === 'on'}
                  aria-describedby={firstAdvance.errors ? `${firstAdvance.descriptionId} ${firstAdvance.errorId}` : firstAdvance.descriptionId}
                  aria-invalid={firstAdvance.errors ? true : undefined}
                />{' '}
                {t('execution.form.advance')}
              </label>
              <span className="hint" id={firstAdvance.descriptionId}>
                {t('execution.form.advanceHint')}
              </span>
              {firstAdvance.errors?.[0] ? (
                <span className="error" id={firstAdvance.errorId}>
                  {t(messageKeyOr(firstAdvance.errors[0]))}
                </span>
              ) : null}
            </div>
            <p className="small muted" role="status">
              {split ? t('contract.form.split', { total: fen(split.reduce((s, x) => s + x, 0)) }) : t('contract.form.splitUnavailable')}
            </p>
            <div>
              <button type="submit" name="intent" value="preview" className="btn secondary" formNoValidate>
                {t('contract.form.preview')}
              </button>
            </div>
          </>
        }
      />
    </>
  );
}

/**
 * The purchaser's subcontracting terms (政府采购法 §48, ADR 022): the largest share in whole percent
 * (0 = none, at most the ceiling) and the main work that may not be subcontracted.
 */
export function SubcontractingFields() {
  const { t } = useT();
  const [percent] = useField<string>('subcontractPercent');
  const [work] = useField<string>('subcontractExcludedWork');
  return (
    <>
      <TextField field={percent} label={t('execution.form.share')} hint={t('execution.form.shareHint')} inputMode="numeric" />
      <TextArea field={work} label={t('execution.form.excludedWork')} hint={t('execution.form.excludedWorkHint')} rows={2} />
    </>
  );
}
