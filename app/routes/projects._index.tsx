import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { currentUser } from '~/auth/guard.server';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { parseYuanToFen } from '~/domain/money';
import { can, staffRegions } from '~/domain/permissions';
import { awaitingOpening } from '~/domain/bid';
import { now } from '~/lib/clock.server';
import { searchProjects } from '~/queries/projects.server';
import { getRegion, normalizeRegionCode, regionPicker } from '~/queries/regions.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { pageParam, searchText } from '~/schemas/fields';
import { chosenRegion } from '~/components/region-picker';
import { LIBRARY_STATUSES, ProjectLibraryView } from '~/components/project-library-view';

const PAGE_SIZE = 20;

const yuan = z
  .string()
  .trim()
  .max(20)
  .refine((v) => parseYuanToFen(v) !== null)
  .optional()
  .catch(undefined);

const Filters = z.object({
  q: searchText(60),
  category: z.enum(SERVICE_CATEGORIES).optional().catch(undefined),
  status: z.enum(LIBRARY_STATUSES).optional().catch(undefined),
  min: yuan,
  max: yuan,
  purchaser: z
    .string()
    .regex(/^\d{2,12}$/)
    .optional()
    .catch(undefined),
  page: pageParam(),
});

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const f = readQuery(request, Filters);
  const rawRegion = chosenRegion(new URL(request.url).searchParams);
  const region = rawRegion ? normalizeRegionCode(rawRegion) : null;
  const purchaser = f.purchaser ? normalizeRegionCode(f.purchaser) : null;
  const [result, picker, purchaserRegion, me] = await Promise.all([
    searchProjects(db(), {
      q: f.q,
      category: f.category,
      status: f.status,
      minFen: f.min ? (parseYuanToFen(f.min) ?? undefined) : undefined,
      maxFen: f.max ? (parseYuanToFen(f.max) ?? undefined) : undefined,
      region: region ?? undefined,
      purchaser: purchaser ?? undefined,
      page: f.page,
      pageSize: PAGE_SIZE,
    }),
    regionPicker(db(), region),
    purchaser ? getRegion(db(), purchaser) : null,
    currentUser(request),
  ]);
  const at = now();
  const actor = me?.actor ?? null;
  const mayCreate =
    !!actor && staffRegions(actor, ['bureauStaff', 'stationStaff', 'committeeStaff']).some((code) => can(actor, 'project:create', { regionCode: code }));
  return {
    // Reading writes nothing (ADR 025): a project past its deadline that the sweep has not closed yet shows as closed.
    rows: result.rows.map((r) => ({ ...r, bidDeadline: r.bidDeadline.toISOString(), awaitingOpening: awaitingOpening({ ...r, closedAt: null }, at) })),
    total: result.total,
    filters: { q: f.q, category: f.category, status: f.status, min: f.min, max: f.max, purchaser: purchaser ?? undefined },
    purchaserName: purchaserRegion?.name ?? null,
    picker,
    page: f.page,
    pageSize: PAGE_SIZE,
    mayCreate,
  };
});

export default function ProjectLibrary() {
  const data = useLoaderData<typeof loader>();
  return <ProjectLibraryView {...data} />;
}
