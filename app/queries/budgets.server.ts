import { and, asc, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import { appropriations, budgetHolds, regions } from '#db/schema';
import type { Executor } from '#db/client';
import { budgetYearOf } from '~/domain/budget';
import { inSubtree } from './regions.server';

/** Σ reserved and committed on the line, and what was paid out of its projects' contracts (subcontracts are paid out of those). */
const reservedFen = sql<string>`coalesce((SELECT sum(h.reserved_fen) FROM budget_holds h WHERE h.appropriation_id = ${appropriations.id}), 0)`;
const committedFen = sql<string>`coalesce((SELECT sum(h.committed_fen) FROM budget_holds h WHERE h.appropriation_id = ${appropriations.id}), 0)`;
const paidFen = sql<string>`coalesce((
  SELECT sum(t.amount_fen) FROM budget_holds h
  JOIN contracts c ON c.project_id = h.project_id AND c.payer_organization_id IS NULL
  JOIN tranches t ON t.contract_id = c.id AND t.status = 'paid'
  WHERE h.appropriation_id = ${appropriations.id}), 0)`;

export interface BudgetScope {
  /** The person's own purchasing unit (its lines are editable). */
  unit: { role: string; regionCode: string } | null;
  /** Regions whose units' lines a bureau supervises (read-only). */
  supervised: string[];
  year?: number;
}

/** The budget lines a person may see: their unit's, and those of the units below a bureau they staff. */
export async function budgetLines(db: Executor, scope: BudgetScope) {
  const who: SQL[] = [];
  if (scope.unit) {
    who.push(and(eq(appropriations.purchaserRole, scope.unit.role as 'bureauStaff'), eq(appropriations.purchaserRegionCode, scope.unit.regionCode))!);
  }
  for (const r of scope.supervised) who.push(inSubtree(appropriations.purchaserRegionCode, r));
  if (!who.length) return [];
  const rows = await db
    .select({
      id: appropriations.id,
      purchaserRole: appropriations.purchaserRole,
      purchaserRegionCode: appropriations.purchaserRegionCode,
      purchaserRegionName: regions.name,
      fundingSource: appropriations.fundingSource,
      year: appropriations.year,
      amountFen: appropriations.amountFen,
      reservedFen,
      committedFen,
      paidFen,
    })
    .from(appropriations)
    .innerJoin(regions, eq(regions.code, appropriations.purchaserRegionCode))
    .where(and(or(...who), scope.year ? eq(appropriations.year, scope.year) : undefined))
    .orderBy(desc(appropriations.year), asc(appropriations.purchaserRegionCode), asc(appropriations.purchaserRole), asc(appropriations.fundingSource))
    .limit(500);
  return rows.map((r) => {
    const reserved = Number(r.reservedFen);
    const committed = Number(r.committedFen);
    const own = !!scope.unit && r.purchaserRole === scope.unit.role && r.purchaserRegionCode === scope.unit.regionCode;
    return { ...r, reservedFen: reserved, committedFen: committed, paidFen: Number(r.paidFen), remainingFen: r.amountFen - reserved - committed, own };
  });
}

/** The years that have lines in a scope (the page's year filter). */
export async function budgetYears(db: Executor, scope: BudgetScope) {
  return [...new Set((await budgetLines(db, { ...scope, year: undefined })).map((l) => l.year))];
}

/**
 * What remains for a project on its unit's line (source × the year its service starts), not counting
 * what the project itself holds; null when the unit has no appropriation for it.
 */
export async function remainingForProject(
  db: Executor,
  p: { id?: string; purchaserRole: string; purchaserRegionCode: string; fundingSource: string; serviceStart: string },
) {
  const year = budgetYearOf(p.serviceStart);
  const [line] = await db
    .select({ id: appropriations.id, amountFen: appropriations.amountFen })
    .from(appropriations)
    .where(
      and(
        eq(appropriations.purchaserRole, p.purchaserRole as 'bureauStaff'),
        eq(appropriations.purchaserRegionCode, p.purchaserRegionCode),
        eq(appropriations.fundingSource, p.fundingSource as 'publicFinance'),
        eq(appropriations.year, year),
      ),
    );
  if (!line) return { year, fundingSource: p.fundingSource, remainingFen: null };
  const [used] = await db
    .select({ fen: sql<string>`coalesce(sum(${budgetHolds.reservedFen} + ${budgetHolds.committedFen}), 0)` })
    .from(budgetHolds)
    .where(and(eq(budgetHolds.appropriationId, line.id), p.id ? ne(budgetHolds.projectId, p.id) : undefined));
  return { year, fundingSource: p.fundingSource, remainingFen: line.amountFen - Number(used!.fen) };
}
