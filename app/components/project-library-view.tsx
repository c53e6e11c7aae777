import { Form, Link } from '@remix-run/react';
import { CategoryFilter, FilterActions } from '~/components/ui/filters';
import type { ProjectStatus } from '~/domain/project';
import { useT } from '~/i18n/use-t';
import { purchaserName } from './project-view';
import { RegionSelects, type PickerLevel } from './region-picker';
import { ProjectBadge } from './ui/badges';
import { Pagination } from './ui/pagination';
import { keyUnder } from '~/i18n/i18n';

/** Statuses a visitor can see in the library (drafts stay with their purchaser). */
export const LIBRARY_STATUSES = [
  'published',
  'biddingClosed',
  'evaluating',
  'ranked',
  'publicNotice',
  'awarded',
  'cancelled',
  'failed',
] as const satisfies readonly ProjectStatus[];

export interface ProjectRow {
  id: string;
  title: string;
  status: string;
  budgetFen: number;
  /** ISO timestamp. */
  bidDeadline: string;
  /** Past its deadline, bidding not yet closed by the sweep: shown as closed, awaiting the opening. */
  awaitingOpening?: boolean;
  regionName: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  purchaserRegionName: string;
  serviceCategories: string[];
}

export interface ProjectLibraryProps {
  rows: ProjectRow[];
  total: number;
  /** As typed: budget bounds in yuan. */
  filters: { q?: string; category?: string; status?: string; min?: string; max?: string; purchaser?: string };
  /** The purchaser filter's region, named, when ?purchaser= is set. */
  purchaserName: string | null;
  picker: { levels: PickerLevel[] };
  page: number;
  pageSize: number;
  mayCreate: boolean;
}

/** The project library's page body; the benchmark's baseline route renders it from constant data. */
export function ProjectLibraryView({ rows, total, filters, purchaserName, picker, page, pageSize, mayCreate }: ProjectLibraryProps) {
  const { t } = useT();
  return (
    <>
      <div className="title-row">
        <h1>{t('projects.title')}</h1>
        {mayCreate ? (
          <Link className="btn" to="/projects/new">
            {t('projects.create')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('projects.lead')}</p>
      <Form method="get" className="filters" role="search" aria-label={t('projects.filters')}>
        <div className="field">
          <label htmlFor="q">{t('projects.filter.q')}</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ''} />
        </div>
        <RegionSelects levels={picker.levels} />
        <CategoryFilter label={t('projects.filter.category')} value={filters.category} />
        <div className="field">
          <label htmlFor="status">{t('projects.filter.status')}</label>
          <select id="status" name="status" defaultValue={filters.status ?? ''}>
            <option value="">{t('common.all')}</option>
            {LIBRARY_STATUSES.map((k) => (
              <option key={k} value={k}>
                {t(`project.status.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="min">{t('projects.filter.min')}</label>
          <input id="min" name="min" type="text" inputMode="decimal" defaultValue={filters.min ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="max">{t('projects.filter.max')}</label>
          <input id="max" name="max" type="text" inputMode="decimal" defaultValue={filters.max ?? ''} />
        </div>
        {filters.purchaser ? <input type="hidden" name="purchaser" value={filters.purchaser} /> : null}
        <FilterActions reset="/projects" />
      </Form>
      {filters.purchaser ? (
        <p className="notice">
          {t('projects.filter.purchaser', { region: purchaserName ?? filters.purchaser })} <Link to="/projects">{t('projects.filter.purchaserClear')}</Link>
        </p>
      ) : null}
      <p role="status">{t('projects.count', { n: total })}</p>
      {rows.length ? <ProjectTable rows={rows} /> : <p className="card">{t('projects.none')}</p>}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}

function ProjectTable({ rows }: { rows: ProjectRow[] }) {
  const { t, fen, dateTime, list } = useT();
  return (
    <div className="table-wrap">
      <table className="data stack">
        <caption className="visually-hidden">{t('projects.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('project.title')}</th>
            <th scope="col">{t('project.region')}</th>
            <th scope="col">{t('project.purchaser')}</th>
            <th scope="col" className="num">
              {t('project.budget')}
            </th>
            <th scope="col">{t('project.deadline')}</th>
            <th scope="col">{t('project.statusLabel')}</th>
            <th scope="col">{t('project.categories')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.id}>
              <td className="stack-head">
                <Link to={`/projects/${p.id}`}>{p.title}</Link>
              </td>
              <td data-label={t('project.region')}>{p.regionName}</td>
              <td data-label={t('project.purchaser')}>{purchaserName(t, p.purchaserRole, p.purchaserRegionCode, p.purchaserRegionName)}</td>
              <td className="num" data-label={t('project.budget')}>
                {fen(p.budgetFen)}
              </td>
              <td className="nowrap" data-label={t('project.deadline')}>
                {dateTime(p.bidDeadline)}
              </td>
              <td data-label={t('project.statusLabel')}>
                <ProjectBadge status={p.status} awaitingOpening={p.awaitingOpening} />
              </td>
              <td data-label={t('project.categories')}>{list(p.serviceCategories.map((c) => t(keyUnder('category', c))))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
