import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { LEGAL_STATUSES, ORG_KINDS } from '~/domain/catalog';
import { fenToYuanInput } from '~/domain/money';
import { METHOD_RULES, PROCUREMENT_METHODS, SINGLE_SOURCE_GROUNDS } from '~/domain/procurement-method';
import { MAX_TOLERANCE, SCORING_METHODS } from '~/domain/ranking';
import { ProjectSchema } from '~/schemas/project';
import type { IntentionChoice } from '~/queries/intentions.server';
import type { MethodWindows } from '~/queries/calendar.server';
import { useAppForm } from '~/lib/use-app-form';
import { useT } from '~/i18n/use-t';
import { CategoryFields } from './org-fields';
import { CriteriaFields } from './project/criteria-fields';
import { CheckboxGroup, Field, RadioOptions, TextArea, TextField } from './ui/form';
import { FundingSourceField } from './funding-source-field';
import { keyUnder, messageKeyOr } from '~/i18n/i18n';

/** What the form starts from: the fields as they are posted (criteria as a list of rows), all strings or string lists. */
export type ProjectFormValues = Record<string, unknown>;

/** A stored instant as a datetime-local value in Beijing time ("2026-12-01T17:00"). */
export function toBeijingInput(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A new project's starting values: the usual three criteria, region restriction on, five notice days. */
export const NEW_PROJECT_DEFAULTS: ProjectFormValues = {
  fundingSource: 'publicFinance',
  procurementMethod: 'competitiveConsultation',
  // A bureau's purchase of budget money (the default source) goes to registered organizations only.
  allowedLegalStatuses: ['registered'],
  allowedKinds: [...ORG_KINDS],
  regionRestricted: 'on',
  noticeDays: '5',
  scoringMethod: 'mean',
  tolerance: '0',
  criteria: [
    { name: '服务方案', weight: '50', kind: 'scored' },
    { name: '团队与经验', weight: '20', kind: 'scored' },
    { name: '报价', weight: '30', kind: 'price' },
  ],
};

/** A stored project as form values, for editing and amending. */
export function projectFormValues(
  p: {
    title: string;
    description: string;
    serviceCategories: string[];
    beneficiaryGroups: string[];
    budgetFen: number;
    fundingSource: string;
    procurementMethod: string;
    serviceStart: string;
    serviceEnd: string;
    longPeriodReason: string | null;
    allowedLegalStatuses: string[];
    allowedKinds: string[];
    regionRestricted: boolean;
    bidDeadline: string | Date;
    noticeDays: number;
    scoringMethod: string;
    toleranceHundredths: number;
    intentionId: string | null;
    noIntentionReason: string | null;
    singleSourceGround?: string | null;
    singleSourceJustification?: string | null;
  },
  criteria: { name: string; weight: number; kind: string }[],
  singleSourceUscc?: string | null,
): ProjectFormValues {
  const values: ProjectFormValues = {
    title: p.title,
    description: p.description,
    serviceCategories: p.serviceCategories,
    beneficiaryGroups: p.beneficiaryGroups,
    budget: fenToYuanInput(p.budgetFen),
    fundingSource: p.fundingSource,
    procurementMethod: p.procurementMethod,
    serviceStart: p.serviceStart,
    serviceEnd: p.serviceEnd,
    longPeriodReason: p.longPeriodReason ?? '',
    allowedLegalStatuses: p.allowedLegalStatuses,
    allowedKinds: p.allowedKinds,
    noticeDays: String(p.noticeDays),
    scoringMethod: p.scoringMethod,
    tolerance: String(p.toleranceHundredths / 100),
    bidDeadline: toBeijingInput(p.bidDeadline),
    intentionId: p.intentionId ?? '',
    noIntentionReason: p.noIntentionReason ?? '',
    singleSourceUscc: singleSourceUscc ?? '',
    singleSourceGround: p.singleSourceGround ?? '',
    singleSourceJustification: p.singleSourceJustification ?? '',
    criteria: criteria.map((c) => ({ name: c.name, weight: String(c.weight), kind: c.kind })),
  };
  if (p.regionRestricted) values.regionRestricted = 'on';
  return values;
}

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/**
 * The project's fields (create, edit, amend); the served region is chosen above it and posted hidden.
 * Conform (ADR 015): the action's last answer refills it and places every error; criteria rows are
 * added and removed by submit buttons, which work without JavaScript too.
 */
export function ProjectForm({
  regionCode,
  intentions,
  windows,
  defaultValue,
  answer,
  submitLabel,
  children,
}: {
  regionCode: string;
  /** The unit's published purchase intentions this project may name (app/queries/intentions.server.ts). */
  intentions: IntentionChoice[];
  /** Each method's earliest deadline if published today, and a year the calendar lacks (app/queries/calendar.server.ts). */
  windows: MethodWindows;
  defaultValue: ProjectFormValues;
  /** The action's last answer (`useActionData`). */
  answer: unknown;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t, fen, date } = useT();
  const [form, fields] = useAppForm(ProjectSchema, { id: 'project', lastResult: answer, defaultValue });
  const error = (f: { errors?: string[] }) => f.errors?.[0];
  // Trimming needs five evaluators; a method whose smallest panel is fewer may leave nothing to trim.
  const chosenMethod = PROCUREMENT_METHODS.find((m) => m === (fields.procurementMethod.value ?? fields.procurementMethod.initialValue));
  const chosenScoring = String(fields.scoringMethod.value ?? fields.scoringMethod.initialValue ?? 'mean');
  const minPanel = chosenMethod ? METHOD_RULES[chosenMethod].minPanel : 3;
  const trimWarning = chosenScoring !== 'mean' && minPanel < 5 ? minPanel : null;
  const errors: Record<string, string> = {};
  for (const name of ['serviceCategories', 'beneficiaryGroups', 'allowedLegalStatuses', 'allowedKinds'] as const) {
    const e = error(fields[name]);
    if (e) errors[name] = e;
  }
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      {/* Enter in a field saves, rather than pressing the first row's "remove" (the form's first submit button). */}
      <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      <input type="hidden" name="regionCode" value={regionCode} />
      {error(fields.regionCode) ? <p className="form-error">{t(messageKeyOr(error(fields.regionCode)))}</p> : null}
      <TextField field={fields.title} label={t('project.title')} hint={t('project.title.hint')} required />
      <TextArea field={fields.description} label={t('project.description')} hint={t('project.description.hint')} rows={8} />
      <CategoryFields
        errors={errors}
        selected={{ serviceCategories: strings(fields.serviceCategories.initialValue), beneficiaryGroups: strings(fields.beneficiaryGroups.initialValue) }}
      />

      <h3>{t('project.form.money')}</h3>
      <TextField field={fields.budget} label={t('project.budget.yuan')} hint={t('project.budget.hint')} inputMode="decimal" required />
      <FundingSourceField field={fields.fundingSource} />
      <div className="grid">
        <TextField field={fields.serviceStart} type="date" label={t('project.serviceStart')} required />
        <TextField field={fields.serviceEnd} type="date" label={t('project.serviceEnd')} hint={t('project.serviceEnd.hint')} required />
      </div>
      <TextArea field={fields.longPeriodReason} label={t('project.longPeriodReason')} hint={t('project.longPeriodReason.hint')} rows={2} />

      <h3>{t('project.form.eligibility')}</h3>
      <CheckboxGroup
        name={fields.allowedLegalStatuses.name}
        legend={t('project.allowedLegalStatuses')}
        hint={t('project.allowedLegalStatuses.hint')}
        options={LEGAL_STATUSES.map((s) => ({ value: s, label: t(`org.legalStatus.${s}`) }))}
        selected={strings(fields.allowedLegalStatuses.initialValue)}
        errors={errors}
        required
      />
      <CheckboxGroup
        name={fields.allowedKinds.name}
        legend={t('project.allowedKinds')}
        options={ORG_KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
        selected={strings(fields.allowedKinds.initialValue)}
        errors={errors}
        required
      />
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name={fields.regionRestricted.name}
            value="on"
            key={fields.regionRestricted.key}
            defaultChecked={fields.regionRestricted.initialValue === 'on'}
            aria-describedby="f-regionRestricted-hint"
          />{' '}
          {t('project.regionRestricted')}
        </label>
        <span className="hint" id="f-regionRestricted-hint">
          {t('project.regionRestricted.hint')}
        </span>
      </div>

      <h3>{t('project.intention')}</h3>
      <Field field={fields.intentionId} label={t('project.intention')} hint={t('project.intention.hint')}>
        {(p, initial) => (
          <select {...p} key={fields.intentionId.key} defaultValue={String(initial ?? '')}>
            <option value="">{t('project.intention.none')}</option>
            {intentions.map((i) => (
              <option key={i.id} value={i.id}>
                {t('project.intention.option', { title: i.title, year: i.year, month: i.month, budget: fen(i.budgetFen) })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextArea field={fields.noIntentionReason} label={t('project.noIntentionReason')} rows={2} />

      <h3>{t('project.form.schedule')}</h3>
      <RadioOptions
        field={fields.procurementMethod}
        legend={t('project.procurementMethod')}
        hint={t('project.procurementMethod.hint')}
        options={PROCUREMENT_METHODS.map((m) => ({
          value: m,
          label: t(`project.procurement.${m}`),
          explain: `${t(`project.procurement.${m}.explain`)} ${t('project.window.earliestDay', { date: date(windows.earliest[m]) })}`,
        }))}
      >
        {windows.uncoveredYear ? (
          <p className="warning small" role="note">
            {t('project.window.uncounted', { year: windows.uncoveredYear })}
          </p>
        ) : null}
      </RadioOptions>
      <fieldset className="field">
        <legend>{t('project.singleSource')}</legend>
        <span className="hint">{t('project.singleSource.hint')}</span>
        <TextField field={fields.singleSourceUscc} label={t('project.singleSourceUscc')} />
        <Field field={fields.singleSourceGround} label={t('project.singleSourceGround')}>
          {(p, initial) => (
            <select {...p} key={fields.singleSourceGround.key} defaultValue={String(initial ?? '')}>
              <option value="">—</option>
              {SINGLE_SOURCE_GROUNDS.map((g) => (
                <option key={g} value={g}>
                  {t(keyUnder('project.singleSourceGround', g))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextArea field={fields.singleSourceJustification} label={t('project.singleSourceJustification')} rows={3} />
      </fieldset>
      <div className="grid">
        <TextField field={fields.bidDeadline} type="datetime-local" label={t('project.deadline')} hint={t('project.deadline.hint')} required />
        <TextField
          field={fields.noticeDays}
          type="number"
          label={t('project.noticeDays')}
          hint={t('project.noticeDays.hint')}
          inputMode="numeric"
          min="1"
          max="30"
          required
        />
      </div>

      <h3>{t('project.form.scoring')}</h3>
      <RadioOptions
        field={fields.scoringMethod}
        legend={t('project.scoringMethod')}
        options={SCORING_METHODS.map((m) => ({ value: m, label: t(`project.method.${m}`), explain: t(`project.method.${m}.explain`) }))}
        fallback="mean"
      >
        {trimWarning ? (
          <p className="warning small" role="note">
            {t('project.method.trimWarning', { n: trimWarning })}
          </p>
        ) : null}
      </RadioOptions>
      <TextField
        field={fields.tolerance}
        type="number"
        label={t('project.tolerance')}
        hint={t('project.tolerance.hint', { max: MAX_TOLERANCE })}
        inputMode="decimal"
        step="0.01"
        min="0"
        max={String(MAX_TOLERANCE)}
      />

      <CriteriaFields form={form} criteria={fields.criteria} />
      {children}
      <div className="actions">
        <button type="submit" className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
