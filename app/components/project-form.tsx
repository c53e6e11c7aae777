import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { LEGAL_STATUSES, ORG_KINDS } from '~/domain/catalog';
import { fenToYuanInput } from '~/domain/money';
import { FUNDING_SOURCES } from '~/domain/project';
import { CRITERIA_ROWS } from '~/schemas/project';
import { useT } from '~/i18n/use-t';
import { CategoryFields } from './org-fields';
import { CheckboxGroup, Field, TextArea, TextField } from './ui/form';
import { messageKeyOr } from '~/i18n/i18n';

/** What the form shows: the raw fields as posted (criteria as criterionName_N …), all strings or string lists. */
export type ProjectFormValues = Record<string, unknown>;

/** A stored instant as a datetime-local value in Beijing time ("2026-12-01T17:00"). */
export function toBeijingInput(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A new project's starting values: the usual three criteria, region restriction on, five notice days. */
export const NEW_PROJECT_DEFAULTS: ProjectFormValues = {
  fundingSource: 'publicFinance',
  allowedLegalStatuses: [...LEGAL_STATUSES],
  allowedKinds: [...ORG_KINDS],
  regionRestricted: 'on',
  noticeDays: '5',
  scoringMethod: 'mean',
  tolerance: '0',
  criterionName_0: '服务方案',
  criterionWeight_0: '50',
  criterionKind_0: 'scored',
  criterionName_1: '团队与经验',
  criterionWeight_1: '20',
  criterionKind_1: 'scored',
  criterionName_2: '报价',
  criterionWeight_2: '30',
  criterionKind_2: 'price',
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
    serviceStart: string;
    serviceEnd: string;
    allowedLegalStatuses: string[];
    allowedKinds: string[];
    regionRestricted: boolean;
    bidDeadline: string | Date;
    noticeDays: number;
    scoringMethod: string;
    toleranceHundredths: number;
  },
  criteria: { name: string; weight: number; kind: string }[],
): ProjectFormValues {
  const values: ProjectFormValues = {
    title: p.title,
    description: p.description,
    serviceCategories: p.serviceCategories,
    beneficiaryGroups: p.beneficiaryGroups,
    budget: fenToYuanInput(p.budgetFen),
    fundingSource: p.fundingSource,
    serviceStart: p.serviceStart,
    serviceEnd: p.serviceEnd,
    allowedLegalStatuses: p.allowedLegalStatuses,
    allowedKinds: p.allowedKinds,
    noticeDays: String(p.noticeDays),
    scoringMethod: p.scoringMethod,
    tolerance: String(p.toleranceHundredths / 100),
    bidDeadline: toBeijingInput(p.bidDeadline),
  };
  if (p.regionRestricted) values.regionRestricted = 'on';
  criteria.forEach((c, i) => {
    values[`criterionName_${i}`] = c.name;
    values[`criterionWeight_${i}`] = String(c.weight);
    values[`criterionKind_${i}`] = c.kind;
  });
  return values;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The project's fields (create, edit, amend); the served region is chosen above it and posted hidden. */
export function ProjectForm({
  regionCode,
  values,
  errors,
  submitLabel,
  children,
}: {
  regionCode: string;
  values: ProjectFormValues;
  errors?: Record<string, string>;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t } = useT();
  const rows = Array.from({ length: CRITERIA_ROWS }, (_, i) => i);
  return (
    <Form method="post" className="stack card" noValidate>
      <input type="hidden" name="regionCode" value={regionCode} />
      {errors?.regionCode ? <p className="form-error">{t(messageKeyOr(errors.regionCode))}</p> : null}
      <TextField name="title" label={t('project.title')} hint={t('project.title.hint')} errors={errors} defaultValue={str(values.title)} required />
      <TextArea
        name="description"
        label={t('project.description')}
        hint={t('project.description.hint')}
        errors={errors}
        defaultValue={str(values.description)}
        rows={8}
      />
      <CategoryFields errors={errors} selected={{ serviceCategories: list(values.serviceCategories), beneficiaryGroups: list(values.beneficiaryGroups) }} />

      <h3>{t('project.form.money')}</h3>
      <TextField
        name="budget"
        label={t('project.budget.yuan')}
        hint={t('project.budget.hint')}
        errors={errors}
        defaultValue={str(values.budget)}
        inputMode="decimal"
        required
      />
      <Field name="fundingSource" label={t('project.fundingSource')} hint={t('project.fundingSource.hint')} errors={errors}>
        {(p) => (
          <select {...p} defaultValue={str(values.fundingSource)}>
            {FUNDING_SOURCES.map((f) => (
              <option key={f} value={f}>
                {t(`project.funding.${f}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="grid">
        <TextField name="serviceStart" type="date" label={t('project.serviceStart')} errors={errors} defaultValue={str(values.serviceStart)} required />
        <TextField
          name="serviceEnd"
          type="date"
          label={t('project.serviceEnd')}
          hint={t('project.serviceEnd.hint')}
          errors={errors}
          defaultValue={str(values.serviceEnd)}
          required
        />
      </div>

      <h3>{t('project.form.eligibility')}</h3>
      <CheckboxGroup
        name="allowedLegalStatuses"
        legend={t('project.allowedLegalStatuses')}
        options={LEGAL_STATUSES.map((s) => ({ value: s, label: t(`org.legalStatus.${s}`) }))}
        selected={list(values.allowedLegalStatuses)}
        errors={errors}
      />
      <CheckboxGroup
        name="allowedKinds"
        legend={t('project.allowedKinds')}
        options={ORG_KINDS.map((k) => ({ value: k, label: t(`org.kind.${k}`) }))}
        selected={list(values.allowedKinds)}
        errors={errors}
      />
      <div className="field">
        <label className="check">
          <input
            type="checkbox"
            name="regionRestricted"
            value="on"
            defaultChecked={str(values.regionRestricted) === 'on'}
            aria-describedby="f-regionRestricted-hint"
          />{' '}
          {t('project.regionRestricted')}
        </label>
        <span className="hint" id="f-regionRestricted-hint">
          {t('project.regionRestricted.hint')}
        </span>
      </div>

      <h3>{t('project.form.schedule')}</h3>
      <div className="grid">
        <TextField
          name="bidDeadline"
          type="datetime-local"
          label={t('project.deadline')}
          hint={t('project.deadline.hint')}
          errors={errors}
          defaultValue={str(values.bidDeadline)}
          required
        />
        <TextField
          name="noticeDays"
          type="number"
          label={t('project.noticeDays')}
          hint={t('project.noticeDays.hint')}
          errors={errors}
          defaultValue={str(values.noticeDays)}
          inputMode="numeric"
          min="1"
          max="30"
          required
        />
      </div>

      <h3>{t('project.form.scoring')}</h3>
      <fieldset className="field" aria-describedby={errors?.scoringMethod ? 'f-scoringMethod-error' : undefined}>
        <legend>{t('project.scoringMethod')}</legend>
        {(['mean', 'trimmedMean'] as const).map((m) => (
          <label key={m} className="check option">
            <input type="radio" name="scoringMethod" value={m} defaultChecked={str(values.scoringMethod || 'mean') === m} />{' '}
            <span>
              <strong>{t(`project.method.${m}`)}</strong>
              <span className="hint"> {t(`project.method.${m}.explain`)}</span>
            </span>
          </label>
        ))}
        {errors?.scoringMethod ? (
          <span className="error" id="f-scoringMethod-error">
            {t(messageKeyOr(errors.scoringMethod))}
          </span>
        ) : null}
      </fieldset>
      <TextField
        name="tolerance"
        type="number"
        label={t('project.tolerance')}
        hint={t('project.tolerance.hint')}
        errors={errors}
        defaultValue={str(values.tolerance)}
        inputMode="decimal"
        step="0.01"
        min="0"
        max="20"
      />

      <fieldset
        className="field"
        aria-describedby={`f-criteria-hint${errors?.criteria ? ' f-criteria-error' : ''}`}
        aria-invalid={errors?.criteria ? true : undefined}
      >
        <legend>{t('project.criteria')}</legend>
        <span className="hint" id="f-criteria-hint">
          {t('project.criteria.hint')}
        </span>
        {errors?.criteria ? (
          <span className="error" id="f-criteria-error">
            {t(messageKeyOr(errors.criteria))}
          </span>
        ) : null}
        <div className="table-wrap">
          <table className="data compact">
            <caption className="visually-hidden">{t('project.criteria')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('project.criterion.name')}</th>
                <th scope="col">{t('project.criterion.weight')}</th>
                <th scope="col">{t('project.criterion.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr key={i}>
                  <th scope="row">{i + 1}</th>
                  <td>
                    <label className="visually-hidden" htmlFor={`f-criterionName_${i}`}>
                      {t('project.criterion.nameN', { n: i + 1 })}
                    </label>
                    <input id={`f-criterionName_${i}`} name={`criterionName_${i}`} type="text" defaultValue={str(values[`criterionName_${i}`])} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`f-criterionWeight_${i}`}>
                      {t('project.criterion.weightN', { n: i + 1 })}
                    </label>
                    <input
                      id={`f-criterionWeight_${i}`}
                      name={`criterionWeight_${i}`}
                      type="number"
                      inputMode="numeric"
                      min="1"
                      max="100"
                      step="1"
                      defaultValue={str(values[`criterionWeight_${i}`])}
                    />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`f-criterionKind_${i}`}>
                      {t('project.criterion.kindN', { n: i + 1 })}
                    </label>
                    <select id={`f-criterionKind_${i}`} name={`criterionKind_${i}`} defaultValue={str(values[`criterionKind_${i}`]) || 'scored'}>
                      <option value="scored">{t('project.criterion.kind.scored')}</option>
                      <option value="price">{t('project.criterion.kind.price')}</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </fieldset>
      {children}
      <div className="actions">
        <button type="submit" className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
