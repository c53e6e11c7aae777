import type { Role } from './catalog';
import type { Resource } from './permissions';
import type { TransitionTable } from './transitions';

/**
 * A purchase project (policy §3.4):
 *
 *   draft ─publish─▶ published ─close (at the deadline, whoever looks first)─▶ biddingClosed
 *   biddingClosed ─startEvaluation─▶ evaluating ─rank (last evaluator submits)─▶ ranked
 *   ranked ─startNotice─▶ publicNotice ─award (after the notice period)─▶ awarded
 *   awarded ─decline (the winner declines)─▶ publicNotice, and the next-ranked bid can be awarded
 *   biddingClosed ─fail (no eligible bid)─▶ failed
 *   any state before awarded ─cancel (with reason)─▶ cancelled
 */
export type ProjectStatus =
  | 'draft'
  | 'published'
  | 'biddingClosed'
  | 'evaluating'
  | 'ranked'
  | 'publicNotice'
  | 'awarded'
  | 'cancelled'
  | 'failed';

export type ProjectAction = 'publish' | 'close' | 'fail' | 'startEvaluation' | 'rank' | 'startNotice' | 'award' | 'decline' | 'cancel';

export const PROJECT_TRANSITIONS: TransitionTable<ProjectStatus, ProjectAction> = {
  publish: { from: ['draft'], to: 'published' },
  close: { from: ['published'], to: 'biddingClosed' },
  fail: { from: ['biddingClosed', 'evaluating'], to: 'failed' },
  startEvaluation: { from: ['biddingClosed'], to: 'evaluating' },
  rank: { from: ['evaluating'], to: 'ranked' },
  startNotice: { from: ['ranked'], to: 'publicNotice' },
  award: { from: ['publicNotice'], to: 'awarded' },
  decline: { from: ['awarded'], to: 'publicNotice' },
  cancel: { from: ['draft', 'published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice'], to: 'cancelled' },
};

export const FUNDING_SOURCES = ['publicFinance', 'communityFunds', 'socialDonations'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

export interface CriterionDraft {
  name: string;
  weight: number;
  kind: 'scored' | 'price';
}

/** Criteria problems, as message keys: weights are whole points summing to 100, one price criterion at most. */
export function criteriaProblem(criteria: CriterionDraft[]): string | null {
  if (!criteria.length) return 'project.errors.criteria.none';
  if (criteria.some((c) => !Number.isInteger(c.weight) || c.weight <= 0)) return 'project.errors.criteria.weight';
  if (criteria.reduce((s, c) => s + c.weight, 0) !== 100) return 'project.errors.criteria.sum';
  if (criteria.filter((c) => c.kind === 'price').length > 1) return 'project.errors.criteria.price';
  if (!criteria.some((c) => c.kind === 'scored')) return 'project.errors.criteria.scored';
  return null;
}

/** A service period of at most three years, ending after it starts. */
export function periodProblem(start: string, end: string): string | null {
  if (end < start) return 'project.errors.period.order';
  const s = new Date(`${start}T00:00:00Z`);
  const limit = new Date(Date.UTC(s.getUTCFullYear() + 3, s.getUTCMonth(), s.getUTCDate()));
  if (new Date(`${end}T00:00:00Z`) > limit) return 'project.errors.period.tooLong';
  return null;
}

/**
 * Fields whose change alters what a bidder must know: the deadline then moves so that bidders keep
 * at least `MIN_DAYS_AFTER_AMENDMENT` days from the amendment.
 */
export const MATERIAL_FIELDS = [
  'description',
  'budgetFen',
  'serviceStart',
  'serviceEnd',
  'allowedLegalStatuses',
  'allowedKinds',
  'regionRestricted',
  'criteria',
  'regionCode',
  'serviceCategories',
  'beneficiaryGroups',
] as const;
export const MIN_DAYS_AFTER_AMENDMENT = 5;

export function amendedDeadline(currentDeadline: Date, material: boolean, now: Date): Date {
  if (!material) return currentDeadline;
  const floor = new Date(now.getTime() + MIN_DAYS_AFTER_AMENDMENT * 86_400_000);
  return currentDeadline < floor ? floor : currentDeadline;
}

/** The end of the public-notice period (公示): notice days after it starts. */
export function noticeEndsAt(start: Date, days: number): Date {
  return new Date(start.getTime() + days * 86_400_000);
}

export interface EligibilityProject {
  allowedLegalStatuses: string[];
  allowedKinds: string[];
  regionRestricted: boolean;
  regionCode: string;
}

export interface EligibilityOrg {
  status: string;
  legalStatus: string;
  kind: string;
  regionCode: string;
}

/**
 * Why an organization may not bid, or null when it may: active, not under a bidding ban, legal
 * status and kind allowed, in the project's region when the project requires it. Checked at
 * submission and again when bidding closes.
 */
export function ineligibility(project: EligibilityProject, org: EligibilityOrg, bannedUntil: string | null, today: string): string | null {
  if (org.status !== 'active') return 'bid.ineligible.notActive';
  if (bannedUntil && bannedUntil >= today) return 'bid.ineligible.banned';
  if (!project.allowedLegalStatuses.includes(org.legalStatus)) return 'bid.ineligible.legalStatus';
  if (!project.allowedKinds.includes(org.kind)) return 'bid.ineligible.kind';
  if (project.regionRestricted) {
    // A hub or county organization serves its whole street/county: it is "in" the project's region
    // when either region contains the other.
    const inside = org.regionCode.startsWith(project.regionCode) || project.regionCode.startsWith(org.regionCode);
    if (!inside) return 'bid.ineligible.region';
  }
  return null;
}

/** The permission resource of a project: its region and its purchasing unit. */
export function projectResource(p: { regionCode: string; purchaserRole: string; purchaserRegionCode: string }): Resource {
  return { regionCode: p.regionCode, purchaserRole: p.purchaserRole as Role, purchaserRegionCode: p.purchaserRegionCode };
}
