import type { MessageKey } from '../i18n/catalog';

/**
 * Subcontracting by the rules and delivery within the service period (ADR 022).
 *
 * 政府采购法 §48: a supplier may subcontract (分包) non-main, non-key work only as the purchasing
 * documents allow and with the purchaser's consent; passing on the whole contract (转包) or its main
 * work is forbidden. The contract therefore states the largest share that may be subcontracted
 * (whole percent, 0 = none, never above SUBCONTRACT_CEILING_PERCENT) and the main work that may not be.
 */
export const SUBCONTRACT_CEILING_PERCENT = 70;

/** The most the live subcontracts of a contract may add up to: floor(amount × percent / 100), exact in integer fen. */
export function subcontractLimitFen(amountFen: number, maxPercent: number): number {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new Error('amount must be a non-negative integer of fen');
  if (!Number.isInteger(maxPercent) || maxPercent < 0 || maxPercent > SUBCONTRACT_CEILING_PERCENT) throw new Error('share out of range');
  // Split so that no product leaves the safe integers, whatever the amount.
  return Math.floor(amountFen / 100) * maxPercent + Math.floor(((amountFen % 100) * maxPercent) / 100);
}

/** What is left to subcontract: the limit less the live (not terminated) subcontracts, never below 0. */
export function subcontractRemainingFen(amountFen: number, maxPercent: number, usedFen: number): number {
  return Math.max(0, subcontractLimitFen(amountFen, maxPercent) - usedFen);
}

/** The contract's subcontracting terms as the purchaser states them: a share within the ceiling; the main work kept when any share is allowed. */
export function subcontractTermsProblem(maxPercent: number, excludedWork: string | null | undefined): MessageKey | null {
  if (!Number.isInteger(maxPercent) || maxPercent < 0 || maxPercent > SUBCONTRACT_CEILING_PERCENT) return 'execution.errors.sharePercent';
  if (maxPercent > 0 && (excludedWork ?? '').trim().length < 4) return 'execution.errors.excludedWork';
  return null;
}

/**
 * Whether the service period has started on `today` (YYYY-MM-DD, China time): from the start date on.
 * Before it no deliverable is accepted and no tranche is paid but an advance (预付款) the contract names.
 */
export function serviceStarted(startDate: string, today: string): boolean {
  return today >= startDate;
}

/** An advance may be only the first tranche, and only one unlocked at signing (it pays before any work is accepted). */
export function advanceProblem(tranches: readonly { advance?: boolean; milestoneIndex: number | null }[]): MessageKey | null {
  return tranches.some((t, i) => t.advance && (i !== 0 || t.milestoneIndex !== null)) ? 'execution.errors.advance' : null;
}

/** A performance evaluation (绩效评价) score: a whole number 0–100, or none. */
export function performanceScoreProblem(score: number | null | undefined): MessageKey | null {
  if (score === null || score === undefined) return null;
  return Number.isInteger(score) && score >= 0 && score <= 100 ? null : 'execution.errors.score';
}
