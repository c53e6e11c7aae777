import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { purchaseIntentions, regions } from '#db/schema';
import type { Executor } from '#db/client';
import { isUuid } from '~/domain/ids';
import { PUBLIC_INTENTION_STATUSES, type IntentionStatus, type PurchaserRole } from '~/domain/intention';
import { inSubtree } from './regions.server';

const listColumns = {
  id: purchaseIntentions.id,
  title: purchaseIntentions.title,
  status: purchaseIntentions.status,
  budgetFen: purchaseIntentions.budgetFen,
  fundingSource: purchaseIntentions.fundingSource,
  year: purchaseIntentions.year,
  expectedMonth: purchaseIntentions.expectedMonth,
  serviceCategories: purchaseIntentions.serviceCategories,
  purchaserRole: purchaseIntentions.purchaserRole,
  purchaserRegionCode: purchaseIntentions.purchaserRegionCode,
  purchaserRegionName: regions.name,
  publishedAt: purchaseIntentions.publishedAt,
};

export interface IntentionFilters {
  year?: number;
  /** A region: the intentions of purchasing units inside its subtree. */
  region?: string;
  category?: string;
  page: number;
  pageSize: number;
}

/**
 * The public list: published intentions (and withdrawn ones, which stay public with their reason),
 * filtered by year, the purchaser's region subtree and service category; published first, then by
 * the expected month of purchase.
 */
export async function searchIntentions(db: Executor, f: IntentionFilters) {
  const where: SQL[] = [inArray(purchaseIntentions.status, [...PUBLIC_INTENTION_STATUSES])];
  if (f.year) where.push(eq(purchaseIntentions.year, f.year));
  if (f.region && f.region !== '61') where.push(inSubtree(purchaseIntentions.purchaserRegionCode, f.region));
  if (f.category) where.push(sql`${purchaseIntentions.serviceCategories} @> ARRAY[${f.category}]::text[]`);
  const condition = and(...where);
  const order = [
    desc(sql`${purchaseIntentions.status} = 'published'`),
    desc(purchaseIntentions.year),
    asc(purchaseIntentions.expectedMonth),
    desc(purchaseIntentions.publishedAt),
    asc(purchaseIntentions.id),
  ];
  const [rows, [count]] = await Promise.all([
    db
      .select(listColumns)
      .from(purchaseIntentions)
      .innerJoin(regions, eq(regions.code, purchaseIntentions.purchaserRegionCode))
      .where(condition)
      .orderBy(...order)
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(purchaseIntentions)
      .where(condition),
  ]);
  return { rows, total: count?.n ?? 0 };
}

/** The years that have a public intention, latest first (the year filter's choices). */
export async function intentionYears(db: Executor): Promise<number[]> {
  const rows = await db
    .selectDistinct({ year: purchaseIntentions.year })
    .from(purchaseIntentions)
    .where(inArray(purchaseIntentions.status, [...PUBLIC_INTENTION_STATUSES]))
    .orderBy(desc(purchaseIntentions.year));
  return rows.map((r) => r.year);
}

/** One intention with its purchaser's region name, or null (drafts too: the caller decides who sees them). */
export async function getIntention(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select({ intention: purchaseIntentions, purchaserRegionName: regions.name })
    .from(purchaseIntentions)
    .innerJoin(regions, eq(regions.code, purchaseIntentions.purchaserRegionCode))
    .where(eq(purchaseIntentions.id, id));
  return row ?? null;
}

/**
 * A purchasing unit's published intentions for a year, by expected month: what a project of that unit
 * may link to (the project form offers them; `intentionLeadOk` then checks the 30 days at publication).
 * Drafts and withdrawn intentions announce nothing and are not offered.
 */
export async function intentionsOfPurchaser(db: Executor, role: PurchaserRole, regionCode: string, year: number) {
  return db
    .select({
      id: purchaseIntentions.id,
      title: purchaseIntentions.title,
      budgetFen: purchaseIntentions.budgetFen,
      expectedMonth: purchaseIntentions.expectedMonth,
      publishedAt: purchaseIntentions.publishedAt,
    })
    .from(purchaseIntentions)
    .where(
      and(
        eq(purchaseIntentions.purchaserRole, role),
        eq(purchaseIntentions.purchaserRegionCode, regionCode),
        eq(purchaseIntentions.year, year),
        eq(purchaseIntentions.status, 'published'),
      ),
    )
    .orderBy(asc(purchaseIntentions.expectedMonth), asc(purchaseIntentions.publishedAt), asc(purchaseIntentions.id));
}

/** Every intention of one purchasing unit, drafts included (its own management list), newest year first. */
export async function unitIntentions(db: Executor, unit: { role: PurchaserRole; regionCode: string }, limit = 100) {
  return db
    .select(listColumns)
    .from(purchaseIntentions)
    .innerJoin(regions, eq(regions.code, purchaseIntentions.purchaserRegionCode))
    .where(and(eq(purchaseIntentions.purchaserRole, unit.role), eq(purchaseIntentions.purchaserRegionCode, unit.regionCode)))
    .orderBy(desc(purchaseIntentions.year), asc(purchaseIntentions.expectedMonth), desc(purchaseIntentions.createdAt))
    .limit(limit);
}

export type IntentionListRow = Awaited<ReturnType<typeof searchIntentions>>['rows'][number];
export type { IntentionStatus };

/** What a project form offers to link: the unit's published intentions of this year and the next. */
export async function intentionChoices(db: Executor, unit: { role: PurchaserRole; regionCode: string } | null, thisYear: number) {
  if (!unit) return [];
  const years = [thisYear, thisYear + 1];
  const rows = await Promise.all(years.map((y) => intentionsOfPurchaser(db, unit.role, unit.regionCode, y)));
  return rows.flatMap((list, i) => list.map((r) => ({ id: r.id, title: r.title, budgetFen: r.budgetFen, year: years[i]!, month: r.expectedMonth })));
}
export type IntentionChoice = Awaited<ReturnType<typeof intentionChoices>>[number];
