import { FundingSourceField } from './funding-source-field';
import { getFormProps } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { fenToYuanInput } from '~/domain/money';
import { keyUnder, type Locale, type Translate } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import { useAppForm } from '~/lib/use-app-form';
import { IntentionSchema } from '~/schemas/intention';
import { purchaserName } from './project-view';
import { CheckboxGroup, Field, TextArea, TextField } from './ui/form';

const TONE: Record<string, string> = { draft: '', published: 'ok', withdrawn: 'danger' };

export function IntentionBadge({ status }: { status: string }) {
  const { t } = useT();
  return <span className={`badge ${TONE[status] ?? ''}`}>{t(keyUnder('intention.status', status))}</span>;
}

/** "2027年5月" / "May 2027": the expected month of purchase, as each language writes it. */
export function monthOfYear(locale: Locale, year: number, month: number): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

/** A refusal to show: its state parameter (`{status}`) in the reader's language. */
export function localizeIntentionFailure(failure: { messageKey: string; params: Record<string, string | number> } | null | undefined, t: Translate) {
  if (!failure) return null;
  const { status } = failure.params;
  return { messageKey: failure.messageKey, params: { ...failure.params, ...(status ? { status: t(keyUnder('intention.status', status)) } : {}) } };
}

/** A month's name alone ("5月" / "May"), for the form's choice. */
function monthName(locale: Locale, month: number): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

export interface IntentionRow {
  id: string;
  title: string;
  status: string;
  budgetFen: number;
  year: number;
  expectedMonth: number;
  serviceCategories: string[];
  purchaserRole: string;
  purchaserRegionCode: string;
  purchaserRegionName: string;
}

/** Intentions as a list of cards: each reads on a phone without scrolling sideways. */
export function IntentionList({ rows, showStatus = true }: { rows: IntentionRow[]; showStatus?: boolean }) {
  const { t, fen, list, locale } = useT();
  return (
    <ul className="intention-list">
      {rows.map((r) => (
        <li key={r.id} className="card">
          <div className="intention-head">
            <Link to={`/intentions/${r.id}`}>{r.title}</Link>
            {showStatus || r.status !== 'published' ? <IntentionBadge status={r.status} /> : null}
          </div>
          <dl className="facts small">
            <dt>{t('intention.purchaser')}</dt>
            <dd>{purchaserName(t, r.purchaserRole, r.purchaserRegionCode, r.purchaserRegionName)}</dd>
            <dt>{t('intention.budget')}</dt>
            <dd className="num">
              <strong>{fen(r.budgetFen)}</strong>
            </dd>
            <dt>{t('intention.expectedMonth')}</dt>
            <dd>{monthOfYear(locale, r.year, r.expectedMonth)}</dd>
            <dt>{t('intention.categories')}</dt>
            <dd>{list(r.serviceCategories.map((c) => t(keyUnder('category', c))))}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export type IntentionFormValues = Record<string, unknown>;

/** A stored intention as form values (yuan as typed, numbers as strings). */
export function intentionFormValues(i: {
  title: string;
  description: string;
  serviceCategories: string[];
  budgetFen: number;
  fundingSource: string;
  year: number;
  expectedMonth: number;
}): IntentionFormValues {
  return {
    title: i.title,
    description: i.description,
    serviceCategories: i.serviceCategories,
    budget: fenToYuanInput(i.budgetFen),
    fundingSource: i.fundingSource,
    year: String(i.year),
    expectedMonth: String(i.expectedMonth),
  };
}

const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** The intention's fields (create and edit), on Conform (ADR 015): the action's answer refills them and places every error. */
export function IntentionForm({
  defaultValue,
  answer,
  submitLabel,
  children,
}: {
  defaultValue: IntentionFormValues;
  answer: unknown;
  submitLabel: string;
  children?: ReactNode;
}) {
  const { t, locale } = useT();
  const [form, fields] = useAppForm(IntentionSchema, { id: 'intention', lastResult: answer, defaultValue });
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <TextField field={fields.title} label={t('intention.title')} hint={t('intention.title.hint')} required />
      <TextArea field={fields.description} label={t('intention.description')} hint={t('intention.description.hint')} rows={5} />
      <CheckboxGroup
        field={fields.serviceCategories}
        legend={t('intention.categories')}
        options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        selected={strings(fields.serviceCategories.initialValue)}
      />
      <div className="grid">
        <TextField field={fields.budget} label={t('intention.budget.yuan')} hint={t('intention.budget.hint')} inputMode="decimal" required />
        <FundingSourceField field={fields.fundingSource} />
      </div>
      <div className="grid">
        <TextField field={fields.year} label={t('intention.year')} inputMode="numeric" required />
        <Field field={fields.expectedMonth} label={t('intention.expectedMonth')} hint={t('intention.expectedMonth.hint')}>
          {(p, initial) => (
            <select {...p} key={fields.expectedMonth.key} defaultValue={String(initial ?? '')}>
              <option value="">{t('common.choose')}</option>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
                <option key={m} value={String(m)}>
                  {monthName(locale, m)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {children}
      <div>
        <button type="submit" className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
