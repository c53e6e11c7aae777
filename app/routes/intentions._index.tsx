import type { LoaderFunctionArgs } from '@remix-run/node';
import { CategoryFilter, FilterActions } from '~/components/ui/filters';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { currentUser } from '~/auth/guard.server';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { purchasingUnitOf } from '~/domain/intention';
import { can } from '~/domain/permissions';
import { intentionYears, searchIntentions, unitIntentions } from '~/queries/intentions.server';
import { normalizeRegionCode, regionPicker } from '~/queries/regions.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { pageParam } from '~/schemas/fields';
import { chosenRegion, RegionSelects } from '~/components/region-picker';
import { IntentionList } from '~/components/intention-view';
import { Pagination } from '~/components/ui/pagination';
import { useT } from '~/i18n/use-t';

const PAGE_SIZE = 20;

const Filters = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  category: z.enum(SERVICE_CATEGORIES).optional().catch(undefined),
  page: pageParam(),
});

/** The public list of purchase intentions (财库〔2020〕10号); a purchasing unit also sees its own, drafts included. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const f = readQuery(request, Filters);
  const rawRegion = chosenRegion(new URL(request.url).searchParams);
  const region = rawRegion ? normalizeRegionCode(rawRegion) : null;
  const me = await currentUser(request);
  const unit = purchasingUnitOf(me?.actor ?? null);
  const mayCreate = !!unit && can(me!.actor, 'intention:create', { regionCode: unit.regionCode });
  const [result, picker, years, mine] = await Promise.all([
    searchIntentions(db(), { year: f.year, region: region ?? undefined, category: f.category, page: f.page, pageSize: PAGE_SIZE }),
    regionPicker(db(), region),
    intentionYears(db()),
    mayCreate ? unitIntentions(db(), unit) : Promise.resolve(null),
  ]);
  return {
    rows: result.rows,
    total: result.total,
    filters: { year: f.year, category: f.category },
    years,
    picker,
    page: f.page,
    pageSize: PAGE_SIZE,
    mayCreate,
    mine,
  };
});

export default function Intentions() {
  const { rows, total, filters, years, picker, page, pageSize, mayCreate, mine } = useLoaderData<typeof loader>();
  const { t, num } = useT();
  return (
    <>
      <div className="title-row">
        <h1>{t('intentions.title')}</h1>
        {mayCreate ? (
          <Link className="btn" to="/intentions/new">
            {t('intentions.create')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('intentions.lead')}</p>
      {mine ? (
        <details className="card" open={mine.some((r) => r.status === 'draft')}>
          <summary>
            <strong>{t('intentions.mine')}</strong> <span className="muted small">({num(mine.length)})</span>
          </summary>
          <p className="small muted">{t('intentions.mine.lead')}</p>
          {mine.length ? <IntentionList rows={mine} /> : <p>{t('intentions.mine.none')}</p>}
        </details>
      ) : null}
      <Form method="get" className="filters" role="search" aria-label={t('intentions.filters')}>
        <div className="field">
          <label htmlFor="year">{t('intentions.filter.year')}</label>
          <select id="year" name="year" defaultValue={filters.year ? String(filters.year) : ''}>
            <option value="">{t('common.all')}</option>
            {years.map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <RegionSelects levels={picker.levels} />
        <CategoryFilter label={t('intentions.filter.category')} value={filters.category} />
        <FilterActions reset="/intentions" />
      </Form>
      <p role="status">{t('intentions.count', { n: total })}</p>
      {rows.length ? <IntentionList rows={rows} showStatus={false} /> : <p className="card">{t('intentions.none')}</p>}
      <Pagination page={page} pageSize={pageSize} total={total} />
    </>
  );
}
