import { FUNDING_SOURCES } from '~/domain/project';
import { useT } from '~/i18n/use-t';
import { Field, type FieldMeta } from './ui/form';

/** Where the money comes from (policy §5.2), with who may spend which: the project and the intention forms. */
export function FundingSourceField({ field }: { field: FieldMeta }) {
  const { t } = useT();
  return (
    <Field field={field} label={t('project.fundingSource')} hint={t('project.fundingSource.hint')}>
      {(p, initial) => (
        <select {...p} key={field.key} defaultValue={String(initial ?? '')}>
          {FUNDING_SOURCES.map((f) => (
            <option key={f} value={f}>
              {t(`project.funding.${f}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
