import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { CategoryFields } from './org-fields';
import { TextArea, TextField } from './ui/form';
import { messageKeyOr } from '~/i18n/i18n';

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
  values,
  errors,
  submitLabel,
}: {
  regionCode: string;
  values: FilingValues;
  errors?: Record<string, string>;
  submitLabel: string;
}) {
  const { t } = useT();
  return (
    <Form method="post" className="stack card" noValidate>
      <input type="hidden" name="regionCode" value={regionCode} />
      {errors?.regionCode ? <p className="form-error">{t(messageKeyOr(errors.regionCode))}</p> : null}
      <TextField name="name" label={t('filing.name')} hint={t('filing.name.hint')} errors={errors} defaultValue={values.name} required />
      <CategoryFields errors={errors} selected={values} />
      <TextField name="leaderName" label={t('org.leader')} errors={errors} defaultValue={values.leaderName} required />
      <TextField
        name="contactPhone"
        type="tel"
        label={t('org.phone')}
        hint={t('filing.phone.hint')}
        errors={errors}
        defaultValue={values.contactPhone}
        required
      />
      <TextField name="foundedOn" type="date" label={t('org.foundedOn')} errors={errors} defaultValue={values.foundedOn} required />
      <TextField
        name="memberCount"
        type="number"
        label={t('org.members')}
        hint={t('filing.members.hint')}
        errors={errors}
        defaultValue={values.memberCount}
        inputMode="numeric"
        required
      />
      <TextArea name="charter" label={t('org.charter')} hint={t('filing.charter.hint')} errors={errors} defaultValue={values.charter} rows={8} />
      <TextArea name="rules" label={t('org.rules')} hint={t('filing.rules.hint')} errors={errors} defaultValue={values.rules} rows={4} />
      <div className="actions">
        <button type="submit" className="btn">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
