import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { useT } from '~/i18n/use-t';
import { CheckboxGroup, type FieldMeta } from './ui/form';

/**
 * The category and beneficiary checkboxes shared by the filing form, the profile form and the
 * project form: Conform's fields (`fields`), or, for forms not yet on Conform, `errors` and `selected`.
 * Each of the three forms needs one box ticked in each group at least: both are marked required.
 */
export function CategoryFields({
  fields,
  errors,
  selected,
}: {
  fields?: { serviceCategories: FieldMeta; beneficiaryGroups: FieldMeta };
  errors?: Record<string, string>;
  selected?: { serviceCategories?: readonly string[]; beneficiaryGroups?: readonly string[] };
}) {
  const { t } = useT();
  return (
    <>
      <CheckboxGroup
        {...(fields ? { field: fields.serviceCategories } : { name: 'serviceCategories', errors })}
        legend={t('org.categories')}
        options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        selected={selected?.serviceCategories}
        required
      />
      <CheckboxGroup
        {...(fields ? { field: fields.beneficiaryGroups } : { name: 'beneficiaryGroups', errors })}
        legend={t('org.beneficiaries')}
        options={BENEFICIARY_GROUPS.map((c) => ({ value: c, label: t(`beneficiary.${c}`) }))}
        selected={selected?.beneficiaryGroups}
        required
      />
    </>
  );
}
