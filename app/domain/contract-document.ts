import { ALLOWED, firstRefusal, refuse, type Capability } from './capabilities';
import { addCalendarDays, addWorkingDays, type WorkCalendar } from './working-days';

/**
 * The contract as a document (ADR 020): its number, its terms from the purchasing unit's template,
 * the deadline for signing it (政府采购法 §46: within 30 days of the award notice) and the deadline
 * for publishing it (实施条例 §50: within 2 working days of signing). Pure: dates are China calendar
 * days 'YYYY-MM-DD'; periods start the day after the act (民法典 §201).
 */

/** The sections every contract's terms have, in the order a contract prints them. */
export const TERM_SECTIONS = ['content', 'quantity', 'acceptance', 'payment', 'liability', 'disputes'] as const;
export type TermSection = (typeof TERM_SECTIONS)[number];
export type ContractTermsText = Record<TermSection, string>;

/** The longest a section may be (a page or two of print), and the shortest that says anything. */
export const TERM_SECTION_MAX = 5000;
export const TERM_SECTION_MIN = 4;

/** `610113-2026-0003`: the purchasing unit's region code, the year, its sequence in that year. */
export function contractNumber(regionCode: string, year: number, sequence: number): string {
  if (!/^\d{2,12}$/.test(regionCode)) throw new RangeError(`contractNumber: bad region code ${regionCode}`);
  if (!Number.isInteger(year) || year < 2000 || year > 9999) throw new RangeError(`contractNumber: bad year ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`contractNumber: bad sequence ${sequence}`);
  return `${regionCode}-${year}-${String(sequence).padStart(4, '0')}`;
}

/** A subcontract's number: its parent's, then F and the subcontract's place under it (`610113-2026-0003-F2`). */
export function subcontractNumber(parentNumber: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`subcontractNumber: bad sequence ${sequence}`);
  return `${parentNumber}-F${sequence}`;
}

/** The China calendar day of an instant (UTC+8 all year: China keeps no summer time). */
export function chinaDateOf(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Days to sign a contract after the award notice (政府采购法 §46), and the warning before the end. */
export const SIGN_WITHIN_DAYS = 30;
export const SIGN_WARN_DAYS = 7;

export type SigningDeadlineState = 'open' | 'dueSoon' | 'overdue';

/**
 * The last day to sign (the 30th day after the award notice's day) and where today stands: open,
 * dueSoon in its last 7 days (the due day included), overdue after it. Not a bar: a late contract
 * may still be signed, but everyone is told it is late.
 */
export function signingDeadline(awardNoticeDay: string, today: string) {
  const due = addCalendarDays(awardNoticeDay, SIGN_WITHIN_DAYS);
  const daysLeft = Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  const state: SigningDeadlineState = daysLeft < 0 ? 'overdue' : daysLeft < SIGN_WARN_DAYS ? 'dueSoon' : 'open';
  return { due, daysLeft, state };
}

/** Working days to publish a signed contract (实施条例 §50). */
export const PUBLISH_WITHIN_WORKING_DAYS = 2;

/** The last day a contract signed on `signedDay` may be published. */
export function publicationDue(cal: WorkCalendar, signedDay: string): string {
  return addWorkingDays(cal, signedDay, PUBLISH_WITHIN_WORKING_DAYS);
}

/** Whether a publication on `publishedDay` kept the 2-working-day rule. */
export function publishedInTime(cal: WorkCalendar, signedDay: string, publishedDay: string): boolean {
  return publishedDay <= publicationDue(cal, signedDay);
}

/** What the template's placeholders are filled with when a contract is drafted. */
export interface TemplateFacts {
  projectTitle: string;
  payeeName: string;
  amount: string;
  amountInCapitals: string;
  startDate: string;
  endDate: string;
}

const PLACEHOLDERS: Record<string, keyof TemplateFacts> = {
  项目名称: 'projectTitle',
  乙方: 'payeeName',
  合同金额: 'amount',
  合同金额大写: 'amountInCapitals',
  服务开始日期: 'startDate',
  服务结束日期: 'endDate',
};

/** The placeholders a template may use, as written in it. */
export const TEMPLATE_PLACEHOLDERS = Object.keys(PLACEHOLDERS).map((p) => `{${p}}`);

/** The template's text with its placeholders filled; an unknown {…} stays as written for the drafter to see. */
export function fillTemplate(sections: ContractTermsText, facts: TemplateFacts): ContractTermsText {
  const fill = (s: string) =>
    s.replace(/\{([^{}]{1,12})\}/g, (whole, name: string) => (Object.hasOwn(PLACEHOLDERS, name) ? facts[PLACEHOLDERS[name]!] : whole));
  return Object.fromEntries(TERM_SECTIONS.map((k) => [k, fill(sections[k])])) as ContractTermsText;
}

/**
 * The template shipped for every purchasing unit until it saves its own: plain terms for a year of
 * community services bought under 财政部令第102号, with the placeholders filled at drafting.
 */
export const DEFAULT_TEMPLATE: ContractTermsText = {
  content:
    '乙方按照“{项目名称}”采购文件、响应文件及本合同的约定，于{服务开始日期}至{服务结束日期}期间为甲方提供社区服务。服务对象、服务地点和服务方式以采购文件和乙方响应文件中的服务方案为准；服务方案的实质性内容未经甲方书面同意不得变更。',
  quantity:
    '乙方应按合同约定的里程碑完成服务数量，服务质量应符合采购文件的服务标准、国家和陕西省有关行业规范。乙方应配备与服务方案一致的专业人员，建立服务台账，如实记录服务对象、服务次数和服务内容，并按时提交阶段报告。',
  acceptance:
    '甲方按合同约定的里程碑组织验收，可邀请服务对象、第三方机构参与。乙方提交的成果材料不符合要求的，甲方应书面说明理由并退回，乙方应在甲方指定期限内补正后重新提交。终期验收合格后，甲方出具书面验收意见。',
  payment:
    '合同总金额为人民币{合同金额}（大写：{合同金额大写}），包含乙方完成本合同服务所需的全部费用。甲方按合同约定的付款节点，在相应条件满足后通过国库集中支付或约定方式向乙方支付。乙方应开具合法有效的票据。',
  liability:
    '乙方未按约定提供服务或服务质量不符合约定的，应按甲方要求限期整改；经整改仍不合格的，甲方有权扣减相应款项直至解除合同，并将履约情况记入乙方信用记录。甲方无正当理由逾期付款的，应承担相应责任。乙方不得将合同转包；分包须经甲方书面同意。',
  disputes:
    '履行本合同发生争议的，双方应协商解决；协商不成的，任何一方可向甲方所在地人民法院提起诉讼。本合同自双方确认之日起生效，未尽事宜由双方另行签订补充协议，补充协议与本合同具有同等效力。',
};

/**
 * Who may edit a contract's terms, and when: its payer, while it is a draft (both sides then confirm
 * the text as it stands: an edit takes back the confirmations already given). Once signed the terms
 * change only by amendment, and a trigger refuses it at the database too.
 */
export function termsCapability(side: 'payer' | 'payee' | null, status: string): Capability {
  return firstRefusal(
    side === 'payer' ? ALLOWED : refuse('forbidden', 'errors.forbidden'),
    status === 'draft' ? ALLOWED : refuse('invalidTransition', 'contractDoc.errors.signed'),
  );
}
