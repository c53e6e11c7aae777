import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { LEGAL_STATUSES, ORG_KINDS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { normalizeRegionCode, regionPicker } from '~/queries/regions.server';
import { searchOrganizations } from '~/queries/organizations.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { readQuery } from '~/lib/query.server';
import { pageParam, searchText } from '~/schemas/fields';
import { chosenRegion } from '~/components/region-picker';
import { DirectoryView } from '~/components/directory-view';

const PAGE_SIZE = 20;

const Filters = z.object({
  q: searchText(60),
  kind: z.enum(ORG_KINDS).optional().catch(undefined),
  legalStatus: z.enum(LEGAL_STATUSES).optional().catch(undefined),
  category: z.enum(SERVICE_CATEGORIES).optional().catch(undefined),
  page: pageParam(),
});

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const f = readQuery(request, Filters);
  const rawRegion = chosenRegion(new URL(request.url).searchParams);
  const region = rawRegion ? normalizeRegionCode(rawRegion) : null;
  const [result, picker] = await Promise.all([
    searchOrganizations(db(), { ...f, region: region ?? undefined, pageSize: PAGE_SIZE }),
    regionPicker(db(), region),
  ]);
  return { ...result, filters: f, picker, page: f.page, pageSize: PAGE_SIZE };
});

export default function Directory() {
  const data = useLoaderData<typeof loader>();
  return <DirectoryView {...data} />;
}
