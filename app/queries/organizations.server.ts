import { and, asc, desc, eq, like, ne, sql, type SQL } from 'drizzle-orm';
import { organizations, regions } from '#db/schema';
import type { Executor } from '#db/client';
import type { OrgKind, LegalStatus, ServiceCategory } from '~/domain/catalog';

import { inSubtree } from './regions.server';
import { containsPattern } from '~/lib/like';
import { isUuid } from '~/domain/ids';
export interface DirectoryFilters {
  q?: string;
  region?: string;
  kind?: OrgKind;
  legalStatus?: LegalStatus;
  category?: ServiceCategory;
  includeInactive?: boolean;
  page: number;
  pageSize: number;
}

/** The public directory: filters by region subtree (prefix of the code), kind, legal status, category, name. */
export async function searchOrganizations(db: Executor, f: DirectoryFilters) {
  const where: SQL[] = [];
  if (!f.includeInactive) where.push(ne(organizations.status, 'exited'));
  if (f.region && f.region !== '61') where.push(inSubtree(organizations.regionCode, f.region));
  if (f.kind) where.push(eq(organizations.kind, f.kind));
  if (f.legalStatus) where.push(eq(organizations.legalStatus, f.legalStatus));
  if (f.category) where.push(sql`${organizations.serviceCategories} @> ARRAY[${f.category}]::text[]`);
  if (f.q) where.push(like(organizations.name, containsPattern(f.q)));
  const condition = where.length ? and(...where) : undefined;
  const countKey = JSON.stringify([f.q, f.region, f.kind, f.legalStatus, f.category, !!f.includeInactive]);
  const cached = countCache.get(countKey);
  const [rows, total] = await Promise.all([
    db
      .select({
        id: organizations.id,
        name: organizations.name,
        kind: organizations.kind,
        legalStatus: organizations.legalStatus,
        status: organizations.status,
        regionCode: organizations.regionCode,
        regionName: regions.name,
        serviceCategories: organizations.serviceCategories,
        memberCount: organizations.memberCount,
      })
      .from(organizations)
      .innerJoin(regions, eq(regions.code, organizations.regionCode))
      .where(condition)
      .orderBy(asc(organizations.name), asc(organizations.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    cached && cached.at > Date.now() - COUNT_TTL_MS
      ? cached.n
      : db
          .select({ n: sql<number>`count(*)::int` })
          .from(organizations)
          .where(condition)
          .then(([c]) => {
            if (countCache.size > 1000) countCache.clear();
            countCache.set(countKey, { n: c?.n ?? 0, at: Date.now() });
            return c?.n ?? 0;
          }),
  ]);
  return { rows, total };
}

/**
 * The directory's total per filter set is kept for 30 s in each process: counting 40,000+ rows on
 * every page view cost more than the page itself (bench/run.ts), and a total a few seconds old is
 * fine for "共 N 个组织". The rows themselves are always read fresh.
 */
const COUNT_TTL_MS = 30_000;
const countCache = new Map<string, { n: number; at: number }>();

export async function getOrganization(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [org] = await db.select().from(organizations).where(eq(organizations.id, id));
  return org ?? null;
}

export async function filedOrganizationsInCommunity(db: Executor, regionCode: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, regionCode: organizations.regionCode, serviceCategories: organizations.serviceCategories })
    .from(organizations)
    .where(and(eq(organizations.regionCode, regionCode), eq(organizations.legalStatus, 'filed'), ne(organizations.status, 'exited')))
    .orderBy(desc(organizations.filedAt));
}

export async function countOrganizations(db: Executor) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)::int`,
      filed: sql<number>`(count(*) filter (where ${organizations.legalStatus} = 'filed'))::int`,
      registered: sql<number>`(count(*) filter (where ${organizations.legalStatus} = 'registered'))::int`,
    })
    .from(organizations)
    .where(ne(organizations.status, 'exited'));
  return row ?? { total: 0, filed: 0, registered: 0 };
}
