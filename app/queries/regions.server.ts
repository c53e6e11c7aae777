import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { organizations, regions } from '#db/schema';
import type { Executor } from '#db/client';
import { LEVEL_CODE_LENGTHS, parentCode, subtreeRange, toShortCode } from '~/domain/region-code';

export type RegionRecord = typeof regions.$inferSelect;

/** Accepts the short code or the 12-digit statistical code. */
export function normalizeRegionCode(raw: string): string | null {
  if (!/^\d{2,12}$/.test(raw)) return null;
  try {
    return toShortCode(raw);
  } catch {
    return null;
  }
}

/**
 * A region code column within a region's subtree, as two bounds on its `text_pattern_ops` index
 * rather than a LIKE pattern: a prepared statement's plan then uses the index whatever the code.
 */
export function inSubtree(column: AnyPgColumn, code: string): SQL {
  const { start, end } = subtreeRange(code);
  return sql`(${column} ~>=~ ${start} AND ${column} ~<~ ${end})`;
}

export async function getRegion(db: Executor, code: string) {
  const [region] = await db.select().from(regions).where(eq(regions.code, code));
  return region ?? null;
}

/**
 * The region and its ancestors, province first. Kept in memory like the picker options: codes and
 * names do not change while the app runs (callers use the path for names and levels only).
 */
const pathCache = new Map<string, Promise<RegionRecord[]>>();
export function regionPath(db: Executor, code: string): Promise<RegionRecord[]> {
  let p = pathCache.get(code);
  if (!p) {
    p = readRegionPath(db, code);
    p.catch(() => pathCache.delete(code));
    if (pathCache.size > 50_000) pathCache.clear();
    pathCache.set(code, p);
  }
  return p;
}

async function readRegionPath(db: Executor, code: string): Promise<RegionRecord[]> {
  const codes: string[] = [];
  for (let c: string | null = code; c; c = parentCode(c)) codes.unshift(c);
  const rows = await db.select().from(regions).where(inArray(regions.code, codes));
  return codes.map((c) => rows.find((r) => r.code === c)).filter((r): r is RegionRecord => !!r);
}

export async function childRegions(db: Executor, code: string) {
  return db.select().from(regions).where(eq(regions.parentCode, code)).orderBy(asc(regions.code));
}

/**
 * Codes and names of the statistical tree do not change while the app runs (a bureau's urban/rural
 * correction changes neither), so the pickers' option lists are kept in memory once read.
 */
const optionCache = new Map<string, Promise<{ code: string; name: string }[]>>();
function childOptions(db: Executor, parent: string) {
  let p = optionCache.get(parent);
  if (!p) {
    // A drizzle query runs again on every await: keep the result, not the query.
    p = (async () => db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, parent)).orderBy(asc(regions.code)))();
    p.catch(() => optionCache.delete(parent));
    optionCache.set(parent, p);
  }
  return p;
}

/** Children with organization counts and community counts (urban/rural) in each child's subtree. */
export async function regionChildrenWithCounts(db: Executor, region: RegionRecord) {
  const children = await childRegions(db, region.code);
  if (!children.length) return [];
  const childLen = children[0]!.code.length;
  const orgCounts = await db
    .select({
      code: sql<string>`substr(${organizations.regionCode}, 1, ${childLen})`,
      total: sql<number>`count(*)::int`,
      filed: sql<number>`(count(*) filter (where ${organizations.legalStatus} = 'filed'))::int`,
      registered: sql<number>`(count(*) filter (where ${organizations.legalStatus} = 'registered'))::int`,
    })
    .from(organizations)
    .where(and(inSubtree(organizations.regionCode, region.code), ne(organizations.status, 'exited')))
    .groupBy(sql`1`);
  const communityCounts =
    region.level === 'street' || region.level === 'community'
      ? []
      : await db
          .select({
            code: sql<string>`substr(${regions.code}, 1, ${childLen})`,
            urban: sql<number>`(count(*) filter (where ${regions.communityType} = 'urban'))::int`,
            rural: sql<number>`(count(*) filter (where ${regions.communityType} = 'rural'))::int`,
          })
          .from(regions)
          .where(and(inSubtree(regions.code, region.code), eq(regions.level, 'community')))
          .groupBy(sql`1`);
  return children.map((c) => {
    const o = orgCounts.find((x) => x.code === c.code);
    const k = communityCounts.find((x) => x.code === c.code);
    return {
      ...c,
      orgs: o?.total ?? 0,
      filed: o?.filed ?? 0,
      registered: o?.registered ?? 0,
      urbanCommunities: c.level === 'community' ? (c.communityType === 'urban' ? 1 : 0) : (k?.urban ?? 0),
      ruralCommunities: c.level === 'community' ? (c.communityType === 'rural' ? 1 : 0) : (k?.rural ?? 0),
    };
  });
}

/** Options for a cascading region picker: the chosen path and the children at each step. */
export async function regionPicker(db: Executor, chosen: string | null, depth: keyof typeof LEVEL_CODE_LENGTHS = 'community') {
  const path = chosen ? await regionPath(db, chosen) : [];
  const levels: { parent: string; selected: string | null; options: { code: string; name: string }[] }[] = [];
  let parent = '61';
  const maxLen = LEVEL_CODE_LENGTHS[depth];
  for (;;) {
    if (parent.length >= maxLen) break;
    const options = await childOptions(db, parent);
    if (!options.length) break;
    const selected = path.find((r) => r.parentCode === parent)?.code ?? null;
    levels.push({ parent, selected, options });
    if (!selected) break;
    parent = selected;
  }
  return { path, levels };
}
