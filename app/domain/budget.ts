import type { FundingSource } from './project';
import type { MessageKey } from '../i18n/catalog';

/**
 * Budgets (预算指标, ADR 023): a purchasing unit's appropriation per funding source and budget year, and
 * what its projects hold against it.
 *
 *   publish ─▶ reserved (the project's budget) ─award─▶ committed (the award amount; the rest released)
 *   cancel / fail ─▶ the reservation released
 *   decline ─▶ the commitment back to reserved (the fallback award commits again)
 *   terminate ─▶ the contract's unpaid remainder released from the commitment
 *
 * remaining = appropriated − reserved − committed, and nothing may take more than remains. Paid
 * money stays in "committed" (it was spent out of the commitment); it is shown beside it.
 */
export interface BudgetLine {
  amountFen: number;
  reservedFen: number;
  committedFen: number;
}

/** Money is integer fen: a line never has a negative remainder unless the data is wrong (ledger:check says so). */
export function remainingFen(line: BudgetLine): number {
  return line.amountFen - line.reservedFen - line.committedFen;
}

/**
 * The budget year a project draws on: the year its service starts (a date in China, YYYY-MM-DD). A
 * service bought in December for next year is paid from next year's appropriation, which is what a
 * purchase intention for that year announced.
 */
export function budgetYearOf(serviceStart: string): number {
  return Number(serviceStart.slice(0, 4));
}

export interface Refusal {
  key: MessageKey;
  params: Record<string, string | number>;
}

/**
 * Why a project may not take `needFen` more from a line (null: it may). `line` is null when the unit
 * has no appropriation for that source and year. `yuan` formats fen for the message.
 */
export function holdProblem(line: BudgetLine | null, needFen: number, yuan: (fen: number) => string): Refusal | null {
  if (!line) return { key: 'budget.errors.noAppropriation', params: {} };
  const left = remainingFen(line);
  if (needFen > left) return { key: 'budget.errors.exceeds', params: { remaining: yuan(Math.max(0, left)), need: yuan(needFen) } };
  return null;
}

/** Why an appropriation may not be set to `amountFen` (null: it may): never below what its projects already hold. */
export function appropriationProblem(amountFen: number, line: Pick<BudgetLine, 'reservedFen' | 'committedFen'>, yuan: (fen: number) => string): Refusal | null {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) return { key: 'budget.errors.amount', params: {} };
  const used = line.reservedFen + line.committedFen;
  if (amountFen < used) return { key: 'budget.errors.belowUse', params: { used: yuan(used) } };
  return null;
}

/** The ledger account a unit's funding source spends from (the same reference contracts post to). */
export function fundingAccountRef(fundingSource: string, purchaserRole: string, purchaserRegionCode: string): string {
  return `${fundingSource}:${purchaserRole}:${purchaserRegionCode}`;
}

/** The ledger account of one appropriation line: it funds the unit's funding-source account. */
export function appropriationAccountRef(a: { fundingSource: string; purchaserRole: string; purchaserRegionCode: string; year: number }): string {
  return `${fundingAccountRef(a.fundingSource, a.purchaserRole, a.purchaserRegionCode)}:${a.year}`;
}

/** Project states that hold a reservation (published until the award). */
export const RESERVING: readonly string[] = ['published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice'];

export interface HoldFacts {
  appropriations: { id: string; amountFen: number; reservedFen: number; committedFen: number }[];
  holds: {
    projectId: string;
    projectStatus: string;
    reservedFen: number;
    committedFen: number;
    /** The live award's amount, if any. */
    awardFen: number | null;
    /** Paid on the project's prime contracts; what its signed ones have still to pay; how many were terminated. */
    paidFen: number;
    liveUnpaidFen: number;
    terminatedContracts: number;
  }[];
  /** Projects past their draft that hold nothing (published before budgets existed, or a missed call). */
  unheldProjects: { projectId: string; status: string }[];
}

/** What `npm run ledger:check` checks of budgets: each line within its appropriation, each hold matching its project. */
export function budgetViolations(f: HoldFacts): { name: string; violations: string[] }[] {
  const holdProblems: string[] = [];
  for (const h of f.holds) {
    const where = `project ${h.projectId} (${h.projectStatus})`;
    if (h.reservedFen < 0 || h.committedFen < 0) holdProblems.push(`${where} holds a negative amount`);
    if (RESERVING.includes(h.projectStatus)) {
      if (h.reservedFen <= 0 || h.committedFen !== 0)
        holdProblems.push(`${where} should hold a reservation only: reserved ${h.reservedFen}, committed ${h.committedFen}`);
    } else if (h.projectStatus === 'awarded') {
      if (h.reservedFen !== 0) holdProblems.push(`${where} still reserves ${h.reservedFen} fen after the award`);
      // Until a contract is terminated the commitment is the award; always it covers what signed contracts still owe. (What
      // a terminated contract was paid after its termination, by a late Stripe confirmation, is not asked of it: ADR 023.)
      if (h.terminatedContracts === 0 && h.committedFen !== h.awardFen) holdProblems.push(`${where} commits ${h.committedFen} fen, the award is ${h.awardFen}`);
      if (h.committedFen < h.liveUnpaidFen)
        holdProblems.push(`${where} commits ${h.committedFen} fen, less than its signed contracts owe (${h.liveUnpaidFen})`);
    } else if (h.reservedFen !== 0 || h.committedFen !== 0) {
      holdProblems.push(`${where} should hold nothing: reserved ${h.reservedFen}, committed ${h.committedFen}`);
    }
  }
  for (const p of f.unheldProjects) holdProblems.push(`project ${p.projectId} (${p.status}) holds no budget`);
  return [
    {
      name: 'reserved + committed ≤ appropriated',
      violations: f.appropriations.filter((a) => remainingFen(a) < 0).map((a) => `appropriation ${a.id} over by ${-remainingFen(a)} fen`),
    },
    { name: 'budget holds match their projects', violations: holdProblems },
  ];
}

export type { FundingSource };
