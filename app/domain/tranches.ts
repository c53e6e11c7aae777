import type { MessageKey } from '../i18n/catalog';

/**
 * A contract's payment schedule: tranches as percentages of the amount, split to the fen. Each
 * tranche gets floor(amount × percent / 100); the remainder goes to the last tranche, so the sum is
 * the amount exactly (e.g. 50/30/20 of ¥10,000.01).
 */
export function splitTranches(amountFen: number, percents: number[]): number[] {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new Error('amount must be a positive integer of fen');
  if (!percents.length) throw new Error('at least one tranche');
  if (percents.some((p) => !Number.isInteger(p) || p <= 0)) throw new Error('percentages are positive whole numbers');
  if (percents.reduce((s, p) => s + p, 0) !== 100) throw new Error('percentages must sum to 100');
  const parts = percents.map((p) => Math.floor((amountFen * p) / 100));
  parts[parts.length - 1]! += amountFen - parts.reduce((s, x) => s + x, 0);
  return parts;
}

/**
 * What is wrong with a schedule, as a message key, or null. With the amount, also a tranche that
 * would come to 0 fen: nothing could pay it (a Stripe transfer of 0 is refused), so the contract
 * could never be paid in full.
 */
export function tranchesProblem(percents: number[], amountFen?: number): MessageKey | null {
  if (!percents.length) return 'contract.errors.tranches.none';
  if (percents.some((p) => !Number.isInteger(p) || p <= 0)) return 'contract.errors.tranches.percent';
  if (percents.reduce((s, p) => s + p, 0) !== 100) return 'contract.errors.tranches.sum';
  if (amountFen !== undefined && Number.isSafeInteger(amountFen) && amountFen > 0 && splitTranches(amountFen, percents).some((x) => x === 0))
    return 'contract.errors.tranches.zero';
  return null;
}
