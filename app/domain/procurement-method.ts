import type { MessageKey } from '../i18n/catalog';
import type { FundingSource } from './project';
import { addCalendarDays, addWorkingDays, calendarCovers, type WorkCalendar } from './working-days';

/**
 * How a project is bought (采购方式), and what each way requires of the bidding window and the panel:
 *
 * | method                  | law                                   | window (from publication to the deadline) | panel      |
 * |-------------------------|---------------------------------------|--------------------------------------------|------------|
 * | publicTender 公开招标    | 政府采购法实施条例 §31; 财政部令第87号 §47 | 20 calendar days                        | 5+, odd    |
 * | competitiveConsultation 竞争性磋商 | 财库〔2014〕214号 §10, §14     | 10 calendar days                           | 3+, odd    |
 * | competitiveNegotiation 竞争性谈判  | 财政部令第74号 §29, §7         | 3 working days                             | 3+, odd    |
 * | inquiry 询价             | 财政部令第74号 §45, §7                  | 3 working days                             | 3+, odd    |
 * | singleSource 单一来源   | 政府采购法 §31; 实施条例 §38: the named supplier and the reasons are publicly noticed for at least 5 working days before the purchase | 5 working days | 3+, odd |
 * | smallPurchase 小额采购   | the community's own rules for community funds (policy §3.4: committees and stations buy with community public-welfare funds) | 5 working days | 3+, odd |
 *
 * The window counts from the day after publication (民法典 §201): the deadline must fall on or after
 * the day the window ends, in China time. A material amendment (a clarification or change that
 * affects the bids) must come at least 15 days before a tender's deadline, 5 before a consultation's
 * and 3 working days before the others' (87号令 §27, 214号 §10, 74号令 §29, §46): the deadline moves
 * out to that distance when it is closer.
 *
 * 单一来源 (single source) names its supplier and states one of the three grounds of 政府采购法 §31 with a
 * justification, all public on the project page from publication (the notice of 实施条例 §38); only the
 * named supplier may bid, and the panel (专业人员) still scores it. It is government purchasing: a
 * bureau's or a station's, never a committee's small purchase.
 *
 * A small purchase is for a community committee spending community funds (policy §5.2: they are the
 * committee's); the other methods are government purchasing and fit any purchaser and source.
 */
export const PROCUREMENT_METHODS = ['publicTender', 'competitiveConsultation', 'competitiveNegotiation', 'inquiry', 'singleSource', 'smallPurchase'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

interface Period {
  days: number;
  unit: 'calendar' | 'working';
}

export interface MethodRule {
  /** From publication to the deadline. */
  window: Period;
  /** From a material amendment (a clarification or change that affects the bids) to the deadline. */
  amendmentWindow: Period;
  minPanel: number;
  /** Only these purchasing roles may use it (every role when absent). */
  purchasers?: readonly string[];
  /** Only these funding sources (every source when absent). */
  fundingSources?: readonly FundingSource[];
}

export const METHOD_RULES: Record<ProcurementMethod, MethodRule> = {
  publicTender: { window: { days: 20, unit: 'calendar' }, amendmentWindow: { days: 15, unit: 'calendar' }, minPanel: 5 },
  competitiveConsultation: { window: { days: 10, unit: 'calendar' }, amendmentWindow: { days: 5, unit: 'calendar' }, minPanel: 3 },
  competitiveNegotiation: { window: { days: 3, unit: 'working' }, amendmentWindow: { days: 3, unit: 'working' }, minPanel: 3 },
  inquiry: { window: { days: 3, unit: 'working' }, amendmentWindow: { days: 3, unit: 'working' }, minPanel: 3 },
  singleSource: {
    window: { days: 5, unit: 'working' },
    amendmentWindow: { days: 3, unit: 'working' },
    minPanel: 3,
    purchasers: ['bureauStaff', 'stationStaff'],
  },
  smallPurchase: {
    window: { days: 5, unit: 'working' },
    amendmentWindow: { days: 3, unit: 'working' },
    minPanel: 3,
    purchasers: ['committeeStaff'],
    fundingSources: ['communityFunds'],
  },
};

/** The China calendar day of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The first day on which bidding may close when the window opens at `opensAt` (publication or a material amendment). */
export function earliestDeadlineDay(method: ProcurementMethod, opensAt: Date, cal: WorkCalendar): string {
  const { days, unit } = METHOD_RULES[method].window;
  const from = chinaDay(opensAt);
  return unit === 'calendar' ? addCalendarDays(from, days) : addWorkingDays(cal, from, days);
}

/**
 * Why this deadline is too soon for the method, or null. `covered` tells whether the calendar knew the
 * holidays of every year the window crosses (a window counted on weekends alone may be short).
 */
export function windowProblem(
  method: ProcurementMethod,
  opensAt: Date,
  deadline: Date,
  cal: WorkCalendar,
): { key: MessageKey; params: { earliest: string; days: number } } | null {
  const earliest = earliestDeadlineDay(method, opensAt, cal);
  if (chinaDay(deadline) >= earliest) return null;
  const { days, unit } = METHOD_RULES[method].window;
  return { key: unit === 'calendar' ? 'project.errors.window.calendar' : 'project.errors.window.working', params: { earliest, days } };
}

/** Whether the window's working days were counted on a calendar with every year's holidays entered. */
export function windowCounted(method: ProcurementMethod, opensAt: Date, cal: WorkCalendar): boolean {
  if (METHOD_RULES[method].window.unit === 'calendar') return true;
  return calendarCovers(cal, chinaDay(opensAt), earliestDeadlineDay(method, opensAt, cal));
}

/** Why this purchaser may not buy this way with this money, or null. */
export function methodProblem(method: ProcurementMethod, purchaserRole: string, fundingSource: FundingSource): MessageKey | null {
  const rule = METHOD_RULES[method];
  if (rule.purchasers && !rule.purchasers.includes(purchaserRole)) return 'project.errors.method.purchaser';
  if (rule.fundingSources && !rule.fundingSources.includes(fundingSource)) return 'project.errors.method.funding';
  return null;
}

/** Why a panel of `size` active evaluators may not score under this method, or null: at least the minimum, and odd. */
export function panelProblem(method: ProcurementMethod, size: number): { key: MessageKey; params: { n: number } } | null {
  const min = METHOD_RULES[method].minPanel;
  if (size < min) return { key: 'panel.errors.tooSmall', params: { n: min } };
  if (size % 2 === 0) return { key: 'panel.errors.even', params: { n: size } };
  return null;
}

/**
 * The earliest a deadline may be after a material amendment made at `at`: the amendment window
 * counted from that instant (calendar days exactly; working days to the same time of day), on a
 * whole minute, as the form shows deadlines to the minute.
 */
export function amendmentFloor(method: ProcurementMethod, at: Date, cal: WorkCalendar): Date {
  const { days, unit } = METHOD_RULES[method].amendmentWindow;
  let ms: number;
  if (unit === 'calendar') ms = at.getTime() + days * 86_400_000;
  else {
    const day = chinaDay(at);
    ms = at.getTime() + (Date.parse(`${addWorkingDays(cal, day, days)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`));
  }
  return new Date(Math.ceil(ms / 60_000) * 60_000);
}

/** The grounds on which a purchase may go to a single source (政府采购法 §31). */
export const SINGLE_SOURCE_GROUNDS = [
  /** Only this supplier can provide it. */
  'onlySupplier',
  /** An unforeseeable emergency leaves no time to buy from others. */
  'emergency',
  /** Continuity: an addition to an earlier purchase from the same supplier, within 10% of its amount. */
  'continuity',
] as const;
export type SingleSourceGround = (typeof SINGLE_SOURCE_GROUNDS)[number];

/**
 * What a single-source purchase must state and other methods must not: the named supplier, the ground
 * and a justification of at least 20 characters. Null when it fits; else the field and its message key.
 */
export function singleSourceProblem(
  method: ProcurementMethod,
  s: { supplier?: string | null; ground?: string | null; justification?: string | null },
): { field: 'singleSourceUscc' | 'singleSourceGround' | 'singleSourceJustification'; key: MessageKey } | null {
  if (method !== 'singleSource') return null;
  if (!s.supplier) return { field: 'singleSourceUscc', key: 'project.errors.singleSource.supplier' };
  if (!s.ground) return { field: 'singleSourceGround', key: 'project.errors.singleSource.ground' };
  if ((s.justification ?? '').length < 20) return { field: 'singleSourceJustification', key: 'project.errors.singleSource.justification' };
  return null;
}
