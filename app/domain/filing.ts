import type { TransitionTable } from './transitions';

/**
 * Filing of a community social organization, policy §4.2:
 *
 *   submitted ──return (committee)──▶ returned ──resubmit (applicant)──▶ submitted
 *   submitted ──pass (committee)──▶ firstReviewPassed ──file (station)──▶ filed
 *                                                    └──reject (station)──▶ rejected
 *   submitted | returned ──withdraw (applicant)──▶ withdrawn
 *
 * filed, rejected and withdrawn are final; a rejected group may apply again with a new application.
 */
export const FILING_STATUSES = ['submitted', 'returned', 'firstReviewPassed', 'filed', 'rejected', 'withdrawn'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export const FILING_ACTIONS = ['return', 'resubmit', 'pass', 'file', 'reject', 'withdraw'] as const;
export type FilingAction = (typeof FILING_ACTIONS)[number];

export const FILING_TRANSITIONS: TransitionTable<FilingStatus, FilingAction> = {
  return: { from: ['submitted'], to: 'returned' },
  resubmit: { from: ['returned'], to: 'submitted' },
  pass: { from: ['submitted'], to: 'firstReviewPassed' },
  file: { from: ['firstReviewPassed'], to: 'filed' },
  reject: { from: ['firstReviewPassed'], to: 'rejected' },
  withdraw: { from: ['submitted', 'returned'], to: 'withdrawn' },
};

/** A filing number: 陕备 + the street's 9-digit code + year + 4-digit sequence within the street and year. */
export function filingNumber(streetCode: string, year: number, sequence: number): string {
  return `陕备${streetCode}${year}${String(sequence).padStart(4, '0')}`;
}
