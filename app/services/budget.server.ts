import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { appropriations, budgetHolds, contracts, projects, tranches } from '#db/schema';
import type { Tx } from '#db/client';
import { budgetYearOf, holdProblem, type BudgetLine } from '~/domain/budget';
import { formatFen } from '~/i18n/i18n';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';

/**
 * What projects hold against their unit's appropriations (ADR 023), called by the project and contract
 * use cases inside their own transaction. Whatever takes room locks the appropriation row FOR UPDATE
 * first, then sums the holds: two publications racing for the last room queue on that row, and the
 * second sees the first's hold.
 */

export const yuan = (fen: number) => formatFen(fen, 'zh-CN');

type AppropriationRow = typeof appropriations.$inferSelect;
type HoldRow = typeof budgetHolds.$inferSelect;

interface ProjectBudget {
  id: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  fundingSource: string;
  serviceStart: string;
  budgetFen: number;
}

/** The appropriation row of a unit's line, locked until the transaction ends, or undefined. */
async function lockLine(tx: Tx, unit: { purchaserRole: string; purchaserRegionCode: string; fundingSource: string; year: number }) {
  const [row] = await tx
    .select()
    .from(appropriations)
    .where(
      and(
        eq(appropriations.purchaserRole, unit.purchaserRole as AppropriationRow['purchaserRole']),
        eq(appropriations.purchaserRegionCode, unit.purchaserRegionCode),
        eq(appropriations.fundingSource, unit.fundingSource as AppropriationRow['fundingSource']),
        eq(appropriations.year, unit.year),
      ),
    )
    .for('update');
  return row;
}

/** Σ reserved and Σ committed on an appropriation, leaving out one project's own hold. */
export async function usedOf(tx: Tx, appropriationId: string, exceptProjectId?: string) {
  const [u] = await tx
    .select({
      reservedFen: sql<string>`coalesce(sum(${budgetHolds.reservedFen}), 0)`,
      committedFen: sql<string>`coalesce(sum(${budgetHolds.committedFen}), 0)`,
    })
    .from(budgetHolds)
    .where(and(eq(budgetHolds.appropriationId, appropriationId), exceptProjectId ? sql`${budgetHolds.projectId} <> ${exceptProjectId}` : undefined));
  return { reservedFen: Number(u!.reservedFen), committedFen: Number(u!.committedFen) };
}

async function lineOf(tx: Tx, a: AppropriationRow, exceptProjectId?: string): Promise<BudgetLine> {
  return { amountFen: a.amountFen, ...(await usedOf(tx, a.id, exceptProjectId)) };
}

async function holdOf(tx: Tx, projectId: string): Promise<HoldRow | undefined> {
  const [h] = await tx.select().from(budgetHolds).where(eq(budgetHolds.projectId, projectId)).for('update');
  return h;
}

function refuse(problem: NonNullable<ReturnType<typeof holdProblem>>): never {
  throw new AppError('invalidInput', problem.key, problem.params, { budget: problem.key });
}

/**
 * Publication (and an amendment of a published project): the project reserves its budget on its
 * unit's line for its source and the year its service starts, replacing what it reserved before.
 * Refused, naming what remains, when the line has not that much left or does not exist.
 */
export async function reserveBudget(tx: Tx, project: ProjectBudget) {
  const year = budgetYearOf(project.serviceStart);
  const line = await lockLine(tx, { ...project, year });
  const problem = holdProblem(line ? await lineOf(tx, line, project.id) : null, project.budgetFen, yuan);
  if (problem) refuse({ ...problem, params: { ...problem.params, year } });
  const held = await holdOf(tx, project.id);
  if (held) {
    await tx
      .update(budgetHolds)
      .set({ appropriationId: line!.id, reservedFen: project.budgetFen, committedFen: 0, updatedAt: now() })
      .where(eq(budgetHolds.id, held.id));
  } else {
    await tx.insert(budgetHolds).values({ projectId: project.id, appropriationId: line!.id, reservedFen: project.budgetFen, updatedAt: now() });
  }
}

/**
 * The award commits its amount and releases the rest of the reservation. A fallback award dearer than
 * the declined one takes the difference from what remains on the line (refused if it is not there).
 */
export async function commitBudget(tx: Tx, projectId: string, amountFen: number) {
  const held = await holdOf(tx, projectId);
  if (!held) {
    // Published before budgets existed: the award takes its amount from the line now, or is refused.
    const [p] = await tx.select().from(projects).where(eq(projects.id, projectId));
    await reserveBudget(tx, { ...p!, budgetFen: amountFen });
    return commitBudget(tx, projectId, amountFen);
  }
  const [line] = await tx.select().from(appropriations).where(eq(appropriations.id, held.appropriationId)).for('update');
  const more = amountFen - held.reservedFen;
  if (more > 0) {
    const problem = holdProblem(await lineOf(tx, line!, projectId), amountFen, yuan);
    if (problem) refuse({ ...problem, params: { ...problem.params, year: line!.year } });
  }
  await tx.update(budgetHolds).set({ reservedFen: 0, committedFen: amountFen, updatedAt: now() }).where(eq(budgetHolds.id, held.id));
}

/** A cancelled or failed project gives back its reservation. */
export async function releaseBudget(tx: Tx, projectId: string) {
  await tx.update(budgetHolds).set({ reservedFen: 0, committedFen: 0, updatedAt: now() }).where(eq(budgetHolds.projectId, projectId));
}

/** A declined award: its commitment goes back to reserved, for the fallback award to commit. */
export async function uncommitBudget(tx: Tx, projectId: string) {
  await tx
    .update(budgetHolds)
    .set({ reservedFen: sql`${budgetHolds.committedFen}`, committedFen: 0, updatedAt: now() })
    .where(eq(budgetHolds.projectId, projectId));
}

/**
 * A terminated contract from an award: what it leaves unpaid is released from the commitment. Sub-
 * contracts are paid out of the prime contract and hold nothing. Returns the fen released.
 */
export async function releaseUnpaid(tx: Tx, contract: { id: string; projectId: string; amountFen: number; payerOrganizationId: string | null }) {
  if (contract.payerOrganizationId) return 0;
  const [p] = await tx
    .select({ paidFen: sql<string>`coalesce(sum(${tranches.amountFen}), 0)` })
    .from(tranches)
    .where(and(eq(tranches.contractId, contract.id), eq(tranches.status, 'paid')));
  const unpaid = Math.max(0, contract.amountFen - Number(p!.paidFen));
  if (unpaid === 0) return 0;
  await tx
    .update(budgetHolds)
    .set({ committedFen: sql`greatest(${budgetHolds.committedFen} - ${unpaid}, 0)`, updatedAt: now() })
    .where(eq(budgetHolds.projectId, contract.projectId));
  return unpaid;
}

/**
 * A contract signed from an award: the commitment must cover it and what earlier, terminated contracts
 * of the award paid (a replacement contract after a termination takes back the room the termination
 * released, from what remains on the line, or is refused). Subcontracts hold nothing.
 */
export async function commitForContract(tx: Tx, contract: { id: string; projectId: string; amountFen: number; payerOrganizationId: string | null }) {
  if (contract.payerOrganizationId) return;
  const held = await holdOf(tx, contract.projectId);
  if (!held) return;
  const [o] = await tx
    .select({
      fen: sql<string>`coalesce(sum(CASE WHEN ${contracts.status} = 'terminated'
        THEN coalesce((SELECT sum(t.amount_fen) FROM tranches t WHERE t.contract_id = ${contracts.id} AND t.status = 'paid'), 0)
        ELSE ${contracts.amountFen} END), 0)`,
    })
    .from(contracts)
    .where(and(eq(contracts.projectId, contract.projectId), isNull(contracts.payerOrganizationId), ne(contracts.id, contract.id)));
  const needed = contract.amountFen + Number(o!.fen);
  if (needed <= held.committedFen) return;
  const [line] = await tx.select().from(appropriations).where(eq(appropriations.id, held.appropriationId)).for('update');
  const problem = holdProblem(await lineOf(tx, line!, contract.projectId), needed, yuan);
  if (problem) refuse({ ...problem, params: { ...problem.params, year: line!.year } });
  await tx.update(budgetHolds).set({ committedFen: needed, updatedAt: now() }).where(eq(budgetHolds.id, held.id));
}
