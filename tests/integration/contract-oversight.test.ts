import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '#db/migrate';
import * as contractsRoute from '~/routes/contracts._index';
import { setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The administrator oversees every contract of the province read-only at /contracts (contract:oversee): parties,
 * status, amount and what was paid, each leading to the public fund trace; nobody else gets that list.
 */
describe('contract oversight', () => {
  const t = setupTestDb();

  type Oversight = { total: number; rows: Record<string, unknown>[] } | null;
  async function oversightAs(who: string, url = '/contracts') {
    const page = await callRoute(contractsRoute.loader, { url, cookie: await cookieFor(t.db, `${who}@demo.cn`) });
    expect(page.status).toBe(200);
    return (page.data as { oversight: Oversight }).oversight;
  }

  it('lists every contract, subcontracts included, to the administrator, with the sums paid to the fen', async () => {
    const all = rowsOf<{ n: number; paid: string }>(
      await t.db.execute(
        sql`SELECT count(*)::int AS n, (SELECT coalesce(sum(amount_fen), 0) FROM tranches WHERE status = 'paid')::text AS paid FROM contracts`,
      ),
    )[0]!;
    expect(all.n).toBeGreaterThan(0);
    const first = await oversightAs('admin');
    expect(first!.total).toBe(all.n);
    const rows = [...first!.rows];
    for (let page = 2; rows.length < first!.total; page++) rows.push(...(await oversightAs('admin', `/contracts?page=${page}`))!.rows);
    expect(new Set(rows.map((r) => r.id)).size).toBe(all.n);
    expect(rows.reduce((sum, r) => sum + (r.paidFen as number), 0)).toBe(Number(all.paid));
    expect(rows.some((r) => r.isSubcontract)).toBe(true);
    // Read-only facts: nothing of deliverables, files or confirmation steps.
    for (const r of rows)
      expect(Object.keys(r).sort()).toEqual(['amountFen', 'id', 'isSubcontract', 'paidFen', 'payeeName', 'payer', 'projectId', 'status', 'title']);
  });

  it('is nobody else’s: bureaus and organizations see their own side only', async () => {
    for (const who of ['province', 'bureau', 'org', 'hub', 'evaluator']) expect(await oversightAs(who)).toBeNull();
  });
});
