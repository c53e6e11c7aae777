import type { Role } from './catalog';
import { fundingProblem, type FundingSource } from './project';
import type { Resource } from './permissions';
import type { TransitionTable } from './transitions';
import type { MessageKey } from '../i18n/catalog';

/**
 * A purchase intention (采购意向, 财库〔2020〕10号): a purchasing unit says in advance what it means
 * to buy in a year, for about how much and when, so suppliers can prepare.
 *
 *   draft ─publish─▶ published ─withdraw (with a reason, shown publicly)─▶ withdrawn
 *
 * A published intention is public and is never deleted: it is withdrawn with a reason. It may still
 * be edited (the estimate or month changes as the budget year goes on); each edit after publication
 * is recorded in the audit log with what changed.
 */
export const INTENTION_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type IntentionStatus = (typeof INTENTION_STATUSES)[number];

export type IntentionAction = 'publish' | 'withdraw';

export const INTENTION_TRANSITIONS: TransitionTable<IntentionStatus, IntentionAction> = {
  publish: { from: ['draft'], to: 'published' },
  withdraw: { from: ['published'], to: 'withdrawn' },
};

/** A draft is edited freely; a published intention is edited in the open (each change audited); a withdrawn one is fixed. */
export const INTENTION_EDITABLE: readonly IntentionStatus[] = ['draft', 'published'];

/** The statuses the public list shows: a withdrawn intention stays visible with its reason. */
export const PUBLIC_INTENTION_STATUSES: readonly IntentionStatus[] = ['published', 'withdrawn'];

/** The fields an edit compares (the audit row names those that changed). */
export const INTENTION_FIELDS = ['title', 'description', 'serviceCategories', 'budgetFen', 'fundingSource', 'year', 'expectedMonth'] as const;
export type IntentionField = (typeof INTENTION_FIELDS)[number];

/** The minimum lead of an intention over the purchase it announces: 30 calendar days (财库〔2020〕10号). */
export const INTENTION_LEAD_DAYS = 30;

const DAY_MS = 86_400_000;
/** The calendar day in China (UTC+8, no daylight saving) of an instant, as a day number. */
const chinaDayNumber = (at: Date) => Math.floor((at.getTime() + 8 * 3_600_000) / DAY_MS);

/**
 * Whether an intention published at `publishedAt` was out long enough before a project published at
 * `projectPublishAt`: at least 30 calendar days between the two days in China. Published on 1 March
 * (any hour), the project may be published from 31 March on. Calendar days, not hours: the notice
 * counts days as people read them, whatever the hour either was published.
 */
export function intentionLeadOk(publishedAt: Date, projectPublishAt: Date): boolean {
  return chinaDayNumber(projectPublishAt) - chinaDayNumber(publishedAt) >= INTENTION_LEAD_DAYS;
}

/** The first day (China) a project announced by an intention published at `publishedAt` may be published, as YYYY-MM-DD. */
export function earliestProjectDay(publishedAt: Date): string {
  return new Date((chinaDayNumber(publishedAt) + INTENTION_LEAD_DAYS) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Community funds (社区（村）公益事业经费, 服务群众专项经费) are the committee's to spend (policy §5.2),
 * as for projects: another purchasing unit may not announce a purchase paid from them.
 */
export function intentionFundingProblem(purchaserRole: Role, fundingSource: FundingSource): MessageKey | null {
  return fundingProblem(purchaserRole, fundingSource);
}

/** An intention is for this year or a later one: nobody announces a purchase in a year already past. */
export function intentionYearProblem(year: number, today: string): MessageKey | null {
  return year < Number(today.slice(0, 4)) ? 'intention.errors.yearPast' : null;
}

/** The permission resource of an intention: its purchasing unit (role and region). */
export function intentionResource(i: { purchaserRole: string; purchaserRegionCode: string }): Resource {
  return { regionCode: i.purchaserRegionCode, purchaserRole: i.purchaserRole as Role, purchaserRegionCode: i.purchaserRegionCode };
}

export type PurchaserRole = 'bureauStaff' | 'stationStaff' | 'committeeStaff';
const PURCHASER_ROLES: readonly Role[] = ['bureauStaff', 'stationStaff', 'committeeStaff'];

/**
 * The purchasing unit a person drafts intentions for: their most local bureau, station or committee
 * assignment (a person on two units drafts for the nearer one), or null for someone who buys nothing.
 */
export function purchasingUnitOf(
  actor: { assignments: { role: Role; regionCode: string | null }[] } | null,
): { role: PurchaserRole; regionCode: string } | null {
  const unit = (actor?.assignments ?? [])
    .filter((a) => PURCHASER_ROLES.includes(a.role) && a.regionCode)
    .sort((a, b) => b.regionCode!.length - a.regionCode!.length)[0];
  return unit ? { role: unit.role as PurchaserRole, regionCode: unit.regionCode! } : null;
}

export interface LinkedIntention {
  status: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  publishedAt: Date | null;
}

/**
 * Why a project may not name this intention (or, with `publishAt`, may not be published under it):
 * it must be a published intention of the same purchasing unit, out 30 days before the project is.
 */
export function projectIntentionProblem(
  intention: LinkedIntention | undefined,
  unit: { purchaserRole: string; purchaserRegionCode: string },
  publishAt?: Date,
): { key: MessageKey; params: Record<string, string> } | null {
  if (!intention || intention.purchaserRole !== unit.purchaserRole || intention.purchaserRegionCode !== unit.purchaserRegionCode) {
    return { key: 'project.errors.intention.notOurs', params: {} };
  }
  if (intention.status !== 'published' || !intention.publishedAt) return { key: 'project.errors.intention.notPublished', params: {} };
  if (publishAt && !intentionLeadOk(intention.publishedAt, publishAt)) {
    return { key: 'project.errors.intention.tooRecent', params: { earliest: earliestProjectDay(intention.publishedAt) } };
  }
  return null;
}
