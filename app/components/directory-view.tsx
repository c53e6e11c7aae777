import { Form } from '@remix-run/react';
import { CategoryFilter, FilterActions } from '~/components/ui/filters';
import { LEGAL_STATUSES, ORG_KINDS } from '~/domain/catalog';
import { useT } from '~/i18n/use-t';
import { OrgTable, type OrgRow } from './org-table';
import { RegionSelects, type PickerLevel } from './region-picker';
import { Pagination } from './ui/pagination';

export interface DirectoryViewProps {
  rows: OrgRow[];
  total: number;
  filters: { q?: string; kind?: string; legalStatus?: string; category?: string };
  picker: { levels: PickerLevel[] };
  page: number;
  pageSize: number;
}

/** The directory page body; the benchmark's baseline route renders it from constant data. */
export function DirectoryView({ rows, total, filters, picker, page, pageSize }: DirectoryViewProps) {
  const { t } = useT();
  return (
    <>
      <h1>{t('orgs.title')}</h1>
      <p className="lead">{t('orgs.lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('orgs.filters')}>
        <div className="field">
          <label htmlFor="q">{t('orgs.filter.q')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} />
        </div>
        <RegionSelects levels={picker.levels} />
        <div className="field">
          <label htmlFor="kind">{t('orgs.filter.kind')}</label>
          <select id="kind" name="kind" defaultValue={filters.kind ?? ''}>
            <option value="">{t('common.all')}</option>
            {ORG_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`org.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="legalStatus">{t('orgs.filter.legalStatus')}</label>
          <select id="legalStatus" name="legalStatus" defaultValue={filters.legalStatus ?? ''}>
            <option value="">{t('common.all')}</option>
            {LEGAL_STATUSES.map((k) => (
              <option key={k} value={k}>
                {t(`org.legalStatus.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <CategoryFilter label={t('orgs.filter.category')} value={filters.category} />
        <FilterActions reset="/orgs" />
      </Form>
      <p role="status">{t('orgs.count', { n: total })}</p>
      {rows.length ? <OrgTable rows={rows} /> : <p className="card">{t('orgs.none')}</p>}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
