import type { Role } from './catalog';
import type { Resource } from './permissions';
import type { TransitionTable } from './transitions';
import { chinaDay } from './procurement-method';
import { addWorkingDays, endOfChinaDay, type WorkCalendar } from './working-days';
import type { MessageKey } from '../i18n/catalog';

/**
 * A purchase project (policy §3.4):
 *
 *   draft ─publish─▶ published ─close (at the deadline, by the deadlines sweep)─▶ biddingClosed
 *   biddingClosed ─startEvaluation─▶ evaluating ─rank (last evaluator submits)─▶ ranked
 *   ranked ─startNotice─▶ publicNotice ─award (after the notice period)─▶ awarded
 *   awarded ─decline (the winner declines)─▶ publicNotice, and the next-ranked bid can be awarded
 *   biddingClosed ─fail (no eligible bid)─▶ failed
 *   any state before awarded ─cancel (with reason)─▶ cancelled
 */
export type ProjectStatus = 'draft' | 'published' | 'biddingClosed' | 'evaluating' | 'ranked' | 'publicNotice' | 'awarded' | 'cancelled' | 'failed';

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

/** A draft is edited freely and a published project amended; once bidding closes the project is fixed. */
export const EDITABLE: readonly ProjectStatus[] = ['draft', 'published'];

/**
 * The panel changes (an evaluator added, a conflict declared) between the opening and the ranking:
 * the states evaluation starts from and ranks from.
 */
export const PANEL_OPEN: readonly ProjectStatus[] = [...PROJECT_TRANSITIONS.startEvaluation.from, ...PROJECT_TRANSITIONS.rank.from];

/** The states in which a project has a ranking (computed when the last evaluator submits). */
export const RANKED: readonly ProjectStatus[] = ['ranked', 'publicNotice', 'awarded'];

/** The ranking and the award are public from the notice period on (公示); before that only the purchaser and panel read them. */
export function rankingPublic(status: ProjectStatus): boolean {
  return status === 'publicNotice' || status === 'awarded';
}

/**
 * Where a purchase's money comes from (policy §5.2): 财政预算资金 (the budget), 福利彩票公益金 (the welfare
 * lottery's public-welfare fund, which civil-affairs bureaus spend), 社区（村）公益事业经费 / 服务群众专项经费
 * (community funds, the committee's to spend), 社会捐赠 (donations) and 其他 (other).
 */
export const FUNDING_SOURCES = ['publicFinance', 'welfareLottery', 'communityFunds', 'socialDonations', 'other'] as const;

/** Why this purchasing unit may not spend this money, or null: community funds are the committee's, the lottery fund the bureau's. */
export function fundingProblem(purchaserRole: string, fundingSource: FundingSource): MessageKey | null {
  if (fundingSource === 'communityFunds' && purchaserRole !== 'committeeStaff') return 'project.errors.communityFunds';
  if (fundingSource === 'welfareLottery' && purchaserRole !== 'bureauStaff') return 'project.errors.welfareLottery';
  return null;
}
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

/**
 * A service period ends after it starts and lasts one year as a rule; longer, up to three years, only
 * with a reason the project states (政府购买服务管理办法, 财政部令第102号 §24: where the budget allows).
 */
export function periodProblem(start: string, end: string, longReason?: string | null): string | null {
  if (end < start) return 'project.errors.period.order';
  const s = new Date(`${start}T00:00:00Z`);
  const years = (n: number) => new Date(Date.UTC(s.getUTCFullYear() + n, s.getUTCMonth(), s.getUTCDate()));
  const e = new Date(`${end}T00:00:00Z`);
  if (e > years(3)) return 'project.errors.period.tooLong';
  // One year is 1 January to 31 December: the end day is inside the period.
  if (e >= years(1) && (longReason ?? '').trim().length < 4) return 'project.errors.period.needsReason';
  return null;
}

/**
 * What a purchaser may change in a project. After publication every change is an amendment shown to
 * bidders, and every change but a corrected title is material: it alters what a bidder must know
 * (the deadline, criteria and weights, scoring method, preference tolerance, eligibility, funding
 * source, notice period, budget, service, region, procurement method…). A material amendment restarts
 * the method's amendment window (the deadline moves out to at least `amendmentFloor` in
 * app/domain/procurement-method.ts) and every bidder is told. A field added here later is material
 * unless it is listed as minor.
 */
export const PROJECT_FIELDS = [
  'title',
  'description',
  'regionCode',
  'serviceCategories',
  'beneficiaryGroups',
  'budgetFen',
  'fundingSource',
  'procurementMethod',
  'serviceStart',
  'serviceEnd',
  'longPeriodReason',
  'allowedLegalStatuses',
  'allowedKinds',
  'regionRestricted',
  'bidDeadline',
  'noticeDays',
  'scoringMethod',
  'toleranceHundredths',
  'criteria',
  'intentionId',
  'noIntentionReason',
  'singleSourceOrganizationId',
  'singleSourceGround',
  'singleSourceJustification',
] as const;
export type ProjectField = (typeof PROJECT_FIELDS)[number];
// Which intention announced the purchase, or why none did, changes nothing a bidder prepares.
export const MINOR_FIELDS: readonly ProjectField[] = ['title', 'intentionId', 'noIntentionReason'];
export const MATERIAL_FIELDS = PROJECT_FIELDS.filter((f) => !MINOR_FIELDS.includes(f));

export function isMaterialAmendment(changed: readonly string[]): boolean {
  return changed.some((k) => !(MINOR_FIELDS as readonly string[]).includes(k));
}

/** The deadline after an amendment: a material one pushes it out to `floor` (amendmentFloor) when it is closer. */
export function amendedDeadline(currentDeadline: Date, material: boolean, floor: Date): Date {
  if (!material) return currentDeadline;
  return currentDeadline < floor ? floor : currentDeadline;
}

/**
 * Publishing fixes the deadline as a promise to bidders: afterwards it may only move later. (Moving it
 * earlier would close bidding, and open the bids, before the time every bidder was given.)
 */
export function deadlineProblem(status: ProjectStatus, previous: Date, next: Date): MessageKey | null {
  if (status !== 'draft' && next < previous) return 'project.errors.deadlineEarlier';
  return null;
}

/** Why a project may not be put out again (a message key), or null: only a cancelled or failed one, once. */
export function reissueProblem(status: ProjectStatus, alreadyReissued: boolean): MessageKey | null {
  if (status !== 'cancelled' && status !== 'failed') return 'project.errors.notReissuable';
  if (alreadyReissued) return 'project.errors.alreadyReissued';
  return null;
}

/**
 * The end of the public-notice period (公示): `days` working days counted from the day after it starts
 * (民法典 §201), ending at 24:00 China time of the last one (§203). A decline restarts it (ADR 021).
 */
export function noticeEndsAt(cal: WorkCalendar, start: Date, days: number): Date {
  return endOfChinaDay(addWorkingDays(cal, chinaDay(start), days));
}

/**
 * Who may contract directly for this purchase (政府采购法 §22, 财政部令第102号 §6–7; policy §3.4, §5.2). A
 * supplier of government purchasing must bear civil liability on its own: a purchase by a bureau or a
 * street station, or of budget or welfare-lottery money by anyone, contracts only with registered
 * (legal-person) organizations. Filed groups take part through their street's hub (subcontracts) or
 * are paid directly by a committee spending community funds, donations or its other own money.
 */
export function filedMayContract(purchaserRole: string, fundingSource: string): boolean {
  return purchaserRole === 'committeeStaff' && fundingSource !== 'publicFinance' && fundingSource !== 'welfareLottery';
}

/** Why these allowed legal statuses do not fit the purchaser and the money, or null. */
export function legalStatusProblem(purchaserRole: string, fundingSource: string, allowed: readonly string[]): MessageKey | null {
  return allowed.includes('filed') && !filedMayContract(purchaserRole, fundingSource) ? 'project.errors.filedNotAllowed' : null;
}

export interface EligibilityProject {
  /** A single-source purchase's named supplier: nobody else may bid. */
  singleSourceOrganizationId?: string | null;
  purchaserRole: string;
  fundingSource: string;
  allowedLegalStatuses: string[];
  allowedKinds: string[];
  regionRestricted: boolean;
  regionCode: string;
}

export interface EligibilityOrg {
  id?: string;
  status: string;
  legalStatus: string;
  kind: string;
  regionCode: string;
}

/**
 * Why an organization may not bid, or null when it may: active, not under a bidding ban, legal
 * status and kind allowed (and a filed group only where it may contract: `filedMayContract`), in the
 * project's region when the project requires it. Checked at submission, again when bidding closes,
 * and again at award (a bid whose organization no longer qualifies is skipped, with the reason).
 */
export function ineligibility(project: EligibilityProject, org: EligibilityOrg, bannedUntil: string | null, today: string): MessageKey | null {
  if (project.singleSourceOrganizationId && org.id !== project.singleSourceOrganizationId) return 'bid.ineligible.notNamedSupplier';
  if (org.status !== 'active') return 'bid.ineligible.notActive';
  if (bannedUntil && bannedUntil >= today) return 'bid.ineligible.banned';
  if (!project.allowedLegalStatuses.includes(org.legalStatus)) return 'bid.ineligible.legalStatus';
  // A project published before the rule may still list filed groups: the law decides, not the list.
  if (org.legalStatus === 'filed' && !filedMayContract(project.purchaserRole, project.fundingSource)) return 'bid.ineligible.civilLiability';
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
