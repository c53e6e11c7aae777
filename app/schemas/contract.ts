import { z } from 'zod';
import { BENEFICIARY_GROUPS, type BeneficiaryGroup } from '~/domain/catalog';
import { amendmentProblems, MILESTONE_KINDS, type AmendmentChanges, type MilestoneKind } from '~/domain/contract';
import { parseIsoDate } from '~/domain/dates';
import { parseYuanToFen } from '~/domain/money';
import { hasControlCharacters } from '~/domain/text';
import { splitTranches, tranchesProblem } from '~/domain/tranches';
import type { ContractTerms } from '~/services/draft-contract.server';
import { CONTROL_CHARACTERS, dateField, idField, text as textField } from './fields';

/**
 * The contract forms. A schedule is posted as rows: milestoneTitle_N / milestoneKind_N / milestoneDue_N
 * and tranchePercent_N / trancheUnlock_N ('signing' or the number of a milestone row, 1-based);
 * empty rows are skipped. Every problem is a message key on the field it belongs to.
 */
export const MILESTONE_ROWS = 5;
export const TRANCHE_ROWS = 5;
export const AT_SIGNING = 'signing';

type Raw = Record<string, unknown>;
type Issue = [field: string, messageKey: string];

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const validDate = (v: string) => parseIsoDate(v) !== null;
/** A single-line title between min and max characters, with no control characters. */
const titleProblem = (v: string, min: number, max: number, key: string) =>
  hasControlCharacters(v) ? CONTROL_CHARACTERS : v.length < min || v.length > max ? key : null;
const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

export interface ScheduleOptions {
  /** The most the amount may be: the awarded price, or what is left of the parent contract. */
  maxFen: number;
  /** The message when the amount is above maxFen. */
  overKey: string;
  /** Whether the form offers a payment rail (subcontracts are paid by treasury transfer). */
  rail: boolean;
}

interface MilestoneRow {
  row: number;
  title: string;
  kind: string;
  dueDate: string;
}

interface TrancheRow {
  row: number;
  percentText: string;
  unlock: string;
}

function filledRows(raw: Raw) {
  const milestones: MilestoneRow[] = rows(MILESTONE_ROWS)
    .map((row) => ({ row, title: text(raw[`milestoneTitle_${row}`]), kind: text(raw[`milestoneKind_${row}`]), dueDate: text(raw[`milestoneDue_${row}`]) }))
    .filter((m) => m.title || m.dueDate);
  const tranches: TrancheRow[] = rows(TRANCHE_ROWS)
    .map((row) => ({ row, percentText: text(raw[`tranchePercent_${row}`]), unlock: text(raw[`trancheUnlock_${row}`]) || AT_SIGNING }))
    .filter((t) => t.percentText);
  return { milestones, tranches };
}

/** Reads the amount, period, rail and schedule of a contract form: the terms, and every problem found. */
export function readSchedule(raw: Raw, opts: ScheduleOptions): { terms: ContractTerms; issues: Issue[] } {
  const issues: Issue[] = [];
  const amountText = text(raw.amount);
  const amountFen = parseYuanToFen(amountText);
  if (!amountText) issues.push(['amount', 'errors.required']);
  else if (amountFen === null || amountFen <= 0) issues.push(['amount', 'contract.errors.amount']);
  else if (amountFen > opts.maxFen) issues.push(['amount', opts.overKey]);

  const startDate = text(raw.startDate);
  const endDate = text(raw.endDate);
  if (!validDate(startDate)) issues.push(['startDate', 'errors.date']);
  if (!validDate(endDate)) issues.push(['endDate', 'errors.date']);
  else if (validDate(startDate) && endDate < startDate) issues.push(['endDate', 'contract.errors.dates']);

  const rail = text(raw.paymentRail) || 'treasury';
  if (opts.rail && rail !== 'treasury' && rail !== 'stripe') issues.push(['paymentRail', 'errors.invalid']);

  const { milestones, tranches } = filledRows(raw);
  if (!milestones.length) issues.push(['milestones', 'contract.errors.milestones']);
  for (const m of milestones) {
    const titleIssue = titleProblem(m.title, 2, 100, 'contract.errors.milestoneTitle');
    if (titleIssue) issues.push([`milestoneTitle_${m.row}`, titleIssue]);
    if (!(MILESTONE_KINDS as readonly string[]).includes(m.kind)) issues.push([`milestoneKind_${m.row}`, 'errors.invalid']);
    if (!validDate(m.dueDate)) issues.push([`milestoneDue_${m.row}`, 'errors.date']);
    else if (validDate(startDate) && validDate(endDate) && (m.dueDate < startDate || m.dueDate > endDate))
      issues.push([`milestoneDue_${m.row}`, 'contract.errors.milestoneDue']);
  }

  const percents = tranches.map((t) => (/^\d{1,3}$/.test(t.percentText) ? Number(t.percentText) : NaN));
  const indexOfRow = (row: number) => milestones.findIndex((m) => m.row === row);
  const trancheTerms = tranches.map((t, i) => {
    if (!Number.isInteger(percents[i]) || percents[i]! <= 0 || percents[i]! > 100) issues.push([`tranchePercent_${t.row}`, 'contract.errors.tranches.percent']);
    if (t.unlock === AT_SIGNING) return { percent: percents[i]!, milestoneIndex: null };
    const row = /^[1-9]$/.test(t.unlock) ? Number(t.unlock) - 1 : -1;
    const index = indexOfRow(row);
    if (index < 0) issues.push([`trancheUnlock_${t.row}`, 'contract.errors.trancheMilestone']);
    return { percent: percents[i]!, milestoneIndex: index < 0 ? null : index };
  });
  if (!tranches.length) issues.push(['tranches', 'contract.errors.tranches.none']);
  else if (percents.every((p) => Number.isInteger(p) && p > 0)) {
    const problem = tranchesProblem(percents, amountFen ?? undefined);
    if (problem) issues.push(['tranches', problem]);
  }

  return {
    terms: {
      amountFen: amountFen ?? 0,
      startDate,
      endDate,
      paymentRail: opts.rail && rail === 'stripe' ? 'stripe' : 'treasury',
      milestones: milestones.map((m) => ({ title: m.title, kind: m.kind as MilestoneKind, dueDate: m.dueDate })),
      tranches: trancheTerms,
    },
    issues,
  };
}

function withIssues<T>(read: (raw: Raw) => { terms: T; issues: Issue[] }) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((raw, ctx) => {
      for (const [path, message] of read(raw).issues) ctx.addIssue({ code: 'custom', path: [path], message });
    })
    .transform((raw) => read(raw).terms);
}

/** The purchaser's contract from an award. */
export function contractTermsSchema(opts: ScheduleOptions) {
  return withIssues((raw) => readSchedule(raw, opts));
}

/** A hub's subcontract: whom, what, and the same terms (treasury only). */
export function subcontractSchema(opts: Omit<ScheduleOptions, 'rail'> & { targets: readonly string[] }) {
  return withIssues((raw) => {
    const { terms, issues } = readSchedule(raw, { ...opts, rail: false });
    const payeeOrganizationId = text(raw.payeeOrganizationId);
    const title = text(raw.title);
    if (!opts.targets.includes(payeeOrganizationId)) issues.unshift(['payeeOrganizationId', 'subcontract.errors.choose']);
    const titleIssue = titleProblem(title, 4, 100, 'subcontract.errors.title');
    if (titleIssue) issues.unshift(['title', titleIssue]);
    return { terms: { payeeOrganizationId, title, terms }, issues };
  });
}

/**
 * The split of the amount over the tranche rows, to the fen, when the rows allow one (the amount
 * parses and the percentages are whole and sum to 100); null otherwise.
 */
export function scheduleSplit(raw: Raw): { row: number; percent: number; unlock: string; amountFen: number }[] | null {
  const amountFen = parseYuanToFen(text(raw.amount));
  const { tranches } = filledRows(raw);
  const percents = tranches.map((t) => (/^\d{1,3}$/.test(t.percentText) ? Number(t.percentText) : NaN));
  if (!amountFen || amountFen <= 0 || !tranches.length || tranchesProblem(percents)) return null;
  const amounts = splitTranches(amountFen, percents);
  return tranches.map((t, i) => ({ row: t.row, percent: percents[i]!, unlock: t.unlock, amountFen: amounts[i]! }));
}

/** The payee hands in a milestone's deliverable: the report, activities held, people served per group. */
export const servedField = (group: BeneficiaryGroup) => `served_${group}`;

const count = z
  .string()
  .trim()
  .regex(/^\d{0,7}$/, 'deliverable.errors.count');

export const DeliverableSchema = z
  .object({
    milestoneId: idField('deliverable.errors.milestone'),
    report: textField({ min: 10, max: 20_000, multiline: true, tooShort: 'deliverable.errors.report', tooLong: 'deliverable.errors.report' }),
    activityCount: count.min(1, 'errors.required'),
    ...(Object.fromEntries(BENEFICIARY_GROUPS.map((g) => [servedField(g), count.optional()])) as Record<
      `served_${BeneficiaryGroup}`,
      z.ZodOptional<typeof count>
    >),
  })
  .transform((v) => ({
    milestoneId: v.milestoneId,
    input: {
      report: v.report,
      activityCount: Number(v.activityCount),
      beneficiaries: Object.fromEntries(
        BENEFICIARY_GROUPS.flatMap((g) => {
          const n = v[servedField(g) as `served_${BeneficiaryGroup}`];
          return n ? [[g, Number(n)]] : [];
        }),
      ) as Partial<Record<BeneficiaryGroup, number>>,
    },
  }));

/** The payer returns the latest round with reasons. */
export const ReturnDeliverableSchema = z.object({
  milestoneId: idField(),
  reason: textField({ min: 4, max: 2000, multiline: true, tooShort: 'deliverable.errors.reason', tooLong: 'deliverable.errors.reason' }),
});

/** The payer records a treasury transfer for an unlocked tranche (never a date after today in China). */
export function treasuryPaymentSchema(today: string) {
  return z.object({
    trancheId: idField(),
    voucherNumber: textField({ max: 64, required: 'errors.required', tooLong: 'tranche.errors.voucher' }),
    paymentDate: dateField().refine((d) => d <= today, 'tranche.errors.futureDate'),
    bankReference: textField({ max: 64, required: 'errors.required', tooLong: 'tranche.errors.bankReference' }),
  });
}

/** Final acceptance: a rating 1–5 that later assessments read, and why. */
export const CompleteContractSchema = z.object({
  rating: z
    .string({ error: 'contract.errors.rating' })
    .regex(/^[1-5]$/, 'contract.errors.rating')
    .transform(Number),
  comment: textField({ min: 2, max: 2000, multiline: true, tooShort: 'contract.errors.ratingComment', tooLong: 'contract.errors.ratingComment' }),
});

/**
 * A proposed amendment (补充协议): the form shows the end date and each open milestone's due date
 * (due_<milestone id>) as they are; only values that differ become changes. A reason is required.
 */
export function amendmentSchema(current: { startDate: string; endDate: string; milestones: readonly { id: string; dueDate: string; status: string }[] }) {
  const read = (raw: Raw) => {
    const issues: Issue[] = [];
    const changes: AmendmentChanges = {};
    const endDate = text(raw.endDate);
    if (endDate && !validDate(endDate)) issues.push(['endDate', 'errors.date']);
    else if (endDate && endDate !== current.endDate) changes.endDate = endDate;
    const dueDates: Record<string, string> = {};
    for (const m of current.milestones) {
      if (m.status === 'accepted') continue;
      const due = text(raw[`due_${m.id}`]);
      if (due && !validDate(due)) issues.push([`due_${m.id}`, 'errors.date']);
      else if (due && due !== m.dueDate) dueDates[m.id] = due;
    }
    if (Object.keys(dueDates).length) changes.dueDates = dueDates;
    if (!issues.length) issues.push(...amendmentProblems(current, current.milestones, changes));
    const reason = text(raw.reason);
    if (hasControlCharacters(reason, { multiline: true })) issues.push(['reason', CONTROL_CHARACTERS]);
    else if (reason.length < 4 || reason.length > 2000) issues.push(['reason', 'amendment.errors.reason']);
    return { terms: { changes, reason }, issues };
  };
  return withIssues(read);
}

/** The other side declines an amendment, saying why. */
export const DeclineAmendmentSchema = z.object({
  amendmentId: idField(),
  reason: textField({
    min: 4,
    max: 2000,
    multiline: true,
    required: 'amendment.errors.reason',
    tooShort: 'amendment.errors.reason',
    tooLong: 'amendment.errors.reason',
  }),
});

/** The payer ends a contract early: why, and an explicit acknowledgement that unpaid tranches lapse. */
export const TerminateContractSchema = z.object({
  reason: textField({
    min: 4,
    max: 2000,
    multiline: true,
    required: 'contract.terminate.errors.reason',
    tooShort: 'contract.terminate.errors.reason',
    tooLong: 'contract.terminate.errors.reason',
  }),
  understood: z.literal('yes', { error: 'contract.terminate.errors.understood' }),
});
