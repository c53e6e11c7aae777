import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { useT } from '~/i18n/use-t';
import { CheckboxGroup } from './ui/form';

/** The category and beneficiary checkboxes shared by the filing form and the profile form. */
export function CategoryFields({
  errors,
  selected,
}: {
  errors?: Record<string, string>;
  selected: { serviceCategories?: readonly string[]; beneficiaryGroups?: readonly string[] };
}) {
  const { t } = useT();
  return (
    <>
      <CheckboxGroup
        name="serviceCategories"
        legend={t('org.categories')}
        options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        selected={selected.serviceCategories}
        errors={errors}
      />
      <CheckboxGroup
        name="beneficiaryGroups"
        legend={t('org.beneficiaries')}
        options={BENEFICIARY_GROUPS.map((c) => ({ value: c, label: t(`beneficiary.${c}`) }))}
        selected={selected.beneficiaryGroups}
        errors={errors}
      />
    </>
  );
}
