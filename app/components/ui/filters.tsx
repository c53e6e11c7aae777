import { Link } from '@remix-run/react';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { useT } from '~/i18n/use-t';

/** A list page's filter by service category (the directory, the project library, the intentions). */
export function CategoryFilter({ label, value }: { label: string; value?: string }) {
  const { t } = useT();
  return (
    <div className="field">
      <label htmlFor="category">{label}</label>
      <select id="category" name="category" defaultValue={value ?? ''}>
        <option value="">{t('common.all')}</option>
        {SERVICE_CATEGORIES.map((k) => (
          <option key={k} value={k}>
            {t(`category.${k}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Apply the filters, or go back to the unfiltered list at `reset`. */
export function FilterActions({ reset }: { reset: string }) {
  const { t } = useT();
  return (
    <div className="actions">
      <button type="submit" className="btn">
        {t('common.filter')}
      </button>
      <Link to={reset}>{t('common.reset')}</Link>
    </div>
  );
}
