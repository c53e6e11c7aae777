import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { useAppForm } from '~/lib/use-app-form';
import { FilingSchema } from '~/schemas/filing';
import { CategoryFields } from './org-fields';
import { TextArea, TextField } from './ui/form';
import { messageKeyOr } from '~/i18n/i18n';

/** What the form starts with: nothing for a new application, the returned one when fixing it. */
export interface FilingValues {
  name?: string;
  serviceCategories?: string[];
  beneficiaryGroups?: string[];
  leaderName?: string;
  contactPhone?: string;
  foundedOn?: string;
  memberCount?: number | string;
  charter?: string;
  rules?: string;
}

/** The filing application's fields; the home community is chosen above it and posted hidden. */
export function FilingForm({
  regionCode,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  regionCode: string;
  /** The action's last answer (useActionData): every field's errors and what was typed. */
  lastResult: unknown;
  defaultValue?: FilingValues;
  submitLabel: string;
}) {
  const { t } = useT();
  const [form, fields] = useAppForm(FilingSchema, {
    // Field ids stay f-name, f-name-error… as before Conform (journeys and assistive links point at them).
    id: 'f',
    lastResult,
    defaultValue: { ...defaultValue, memberCount: defaultValue?.memberCount?.toString() },
  });
  const regionError = fields.regionCode.errors?.[0];
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <input type="hidden" name="regionCode" value={regionCode} />
      {regionError ? <p className="form-error">{t(messageKeyOr(regionError))}</p> : null}
      <TextField field={fields.name} label={t('filing.name')} hint={t('filing.name.hint')} required />
      <CategoryFields fields={fields} />
      <TextField field={fields.leaderName} label={t('org.leader')} required />
      <TextField field={fields.contactPhone} type="tel" label={t('org.phone')} hint={t('filing.phone.hint')} required />
      <TextField field={fields.foundedOn} type="date" label={t('org.foundedOn')} required />
      <TextField field={fields.memberCount} type="number" label={t('org.members')} hint={t('filing.members.hint')} inputMode="numeric" required />
      <TextArea field={fields.charter} label={t('org.charter')} hint={t('filing.charter.hint')} rows={8} />
      <TextArea field={fields.rules} label={t('org.rules')} hint={t('filing.rules.hint')} rows={4} />
      <div className="actions">
        <button type="submit" className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
