import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { projects } from '#db/schema';
import { searchProjects } from '~/queries/projects.server';
import { setupTestDb } from '../support/db';

/**
 * The open library's search against the demo data, compared with what the projects table says:
 * no drafts, the filters, open projects first then the soonest deadline, and pages that neither
 * skip nor repeat a project.
 */
const t = setupTestDb();

async function expected(where: ReturnType<typeof sql>) {
  const rows = await t.db
    .select({ id: projects.id, status: projects.status, bidDeadline: projects.bidDeadline })
    .from(projects)
    .where(sql`${projects.status} <> 'draft' AND ${where}`);
  return rows
    .sort(
      (a, b) =>
        Number(b.status === 'published') - Number(a.status === 'published') || a.bidDeadline.getTime() - b.bidDeadline.getTime() || a.id.localeCompare(b.id),
    )
    .map((r) => r.id);
}

describe('the project library', () => {
  it('lists every project past draft, open ones first, then by deadline', async () => {
    const all = await expected(sql`true`);
    expect(all.length).toBeGreaterThan(3);
    const r = await searchProjects(t.db, { page: 1, pageSize: 100 });
    expect(r.total).toBe(all.length);
    expect(r.rows.map((x) => x.id)).toEqual(all);
    expect(r.rows.every((x) => x.status !== 'draft' && x.regionName && x.purchaserRegionName)).toBe(true);
  });

  it('pages neither skip nor repeat a project', async () => {
    const all = await expected(sql`true`);
    const pages = [];
    for (let page = 1; (page - 1) * 2 < all.length; page++) pages.push(...(await searchProjects(t.db, { page, pageSize: 2 })).rows.map((x) => x.id));
    expect(pages).toEqual(all);
  });

  it('filters by region prefix, category, status and budget, with the count to match', async () => {
    const r = await searchProjects(t.db, { region: '610113', category: 'elderlyCare', page: 1, pageSize: 100 });
    const want = await expected(sql`${projects.regionCode} LIKE '610113%' AND ${projects.serviceCategories} @> ARRAY['elderlyCare']::text[]`);
    expect(want.length).toBeGreaterThan(0);
    expect(r.rows.map((x) => x.id)).toEqual(want);
    expect(r.total).toBe(want.length);

    const awarded = await searchProjects(t.db, { status: 'awarded', minFen: 1, maxFen: 100_000_00, page: 1, pageSize: 100 });
    expect(awarded.rows.map((x) => x.id)).toEqual(await expected(sql`${projects.status} = 'awarded' AND ${projects.budgetFen} BETWEEN 1 AND 10000000`));

    const none = await searchProjects(t.db, { region: '610113', q: '没有这个标题%_', page: 1, pageSize: 20 });
    expect(none).toEqual({ rows: [], total: 0 });
  });
});
