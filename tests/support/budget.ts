import { and, eq } from 'drizzle-orm';
import { appropriations, budgetHolds } from '#db/schema';
import type { Db } from '#db/client';
import type { FundingSource } from '~/domain/project';
import { setAppropriation } from '~/services/set-appropriation.server';
import { actorByEmail } from './db';

/**
 * Records (or sets) an appropriation for a demo purchasing unit through the real use case, so a test
 * can publish projects for a unit, source or year the demo seed does not fund (ADR 023). The demo's
 * own lines (scripts/demo/budgets.ts) cover the demo units for this year to next with room to spare.
 */
export async function appropriate(db: Db, email: string, line: { fundingSource?: FundingSource; year: number; amount: number }) {
  const actor = await actorByEmail(db, email);
  return setAppropriation(db, { actor, requestId: 'fixture' }, { fundingSource: line.fundingSource ?? 'publicFinance', year: line.year, amount: line.amount });
}

/** A project's hold (reserved, committed), or undefined when it holds nothing. */
export async function holdOf(db: Db, projectId: string) {
  const [h] = await db
    .select({ reservedFen: budgetHolds.reservedFen, committedFen: budgetHolds.committedFen, appropriationId: budgetHolds.appropriationId })
    .from(budgetHolds)
    .where(eq(budgetHolds.projectId, projectId));
  return h;
}

/** An appropriation line's amount, by unit role/region, source and year. */
export async function lineAmount(
  db: Db,
  unit: { role: 'bureauStaff' | 'stationStaff' | 'committeeStaff'; regionCode: string },
  fundingSource: FundingSource,
  year: number,
) {
  const [a] = await db
    .select({ id: appropriations.id, amountFen: appropriations.amountFen })
    .from(appropriations)
    .where(
      and(
        eq(appropriations.purchaserRole, unit.role),
        eq(appropriations.purchaserRegionCode, unit.regionCode),
        eq(appropriations.fundingSource, fundingSource),
        eq(appropriations.year, year),
      ),
    );
  return a;
}
