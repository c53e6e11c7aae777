import { z } from 'zod';
import { BENEFICIARY_GROUPS, type BeneficiaryGroup } from '~/domain/catalog';
import { amendmentProblems, MILESTONE_KINDS, type AmendmentChanges, type MilestoneKind } from '~/domain/contract';
import { parseIsoDate } from '~/domain/dates';
import { parseYuanToFen } from '~/domain/money';
import { hasControlCharacters } from '~/domain/text';
import { splitTranches, tranchesProblem } from '~/domain/tranches';
import { SUBCONTRACT_CEILING_PERCENT } from '~/domain/contract-execution';
import type { ContractTerms } from '~/services/draft-contract.server';
import { CONTROL_CHARACTERS, dateField, idField, list, moneyField, text as textField } from './fields';

/**
 * The contract forms (ADR 015). A schedule is two lists of any length, added to and removed from
 * with Conform's list intents (with or without JavaScript): milestones[i].title / .kind / .dueDate
 * and tranches[i].percent / .unlock ('signing' or the number of a milestone row, 1-based). Each
 * row's fields report their own errors; the lists as a whole report on `milestones` and `tranches`,
 * and the checks across fields (the period, due dates inside it, the split) run even when a field
 * is wrong, so every problem comes back in one round.
 */
export const AT_SIGNING = 'signing';
/** More milestones than anyone plans for a year of service; the list stops there. */
export const MILESTONES_MAX = 50;

export interface ScheduleOptions {
  /** The most the amount may be: the awarded price, or what is left of the parent contract. */
  maxFen: number;
  /** The message when the amount is above maxFen. */
  overKey: string;
  /** Whether the form offers a payment rail (subcontracts are paid by treasury transfer). */
  rail: boolean;
}

/** Rows of a table (list() reads one row or none as a list), typed as rows so the page gets one fieldset per row. */
const rowsOf = <T extends z.ZodType>(row: T) => list(row) as unknown as z.ZodType<z.output<T>[], z.input<T>[]>;

const MILESTONE_TITLE = 'contract.errors.milestoneTitle';
const PERCENT = 'contract.errors.tranches.percent';
const TRANCHE_MILESTONE = 'contract.errors.trancheMilestone';

/** One milestone row. */
export const MilestoneRowSchema = z.object({
  title: textField({ min: 2, max: 100, required: MILESTONE_TITLE, tooShort: MILESTONE_TITLE, tooLong: MILESTONE_TITLE }),
  kind: z.enum(MILESTONE_KINDS, 'errors.invalid'),
  dueDate: dateField(),
});

/** One tranche row: a whole percentage, unlocked at signing (a blank choice too) or by a milestone row. */
export const TrancheRowSchema = z.object({
  percent: z
    .string({ error: PERCENT })
    .trim()
    .regex(/^\d{1,3}$/, PERCENT)
    .transform(Number)
    .refine((p) => p >= 1 && p <= 100, PERCENT),
  unlock: z
    .string({ error: 'errors.invalid' })
    .trim()
    .optional()
    .transform((v) => v || AT_SIGNING)
    .refine((v) => v === AT_SIGNING || /^[1-9]\d{0,2}$/.test(v), TRANCHE_MILESTONE),
});

export type MilestoneRow = z.input<typeof MilestoneRowSchema>;
export type TrancheRow = z.input<typeof TrancheRowSchema>;

function scheduleShape(opts: ScheduleOptions) {
  return {
    amount: moneyField('contract.errors.amount').refine((fen) => fen <= opts.maxFen, opts.overKey),
    startDate: dateField(),
    endDate: dateField(),
    // Left out or blank, the rail is the treasury (a subcontract's always is).
    paymentRail: opts.rail
      ? z
          .enum(['', 'treasury', 'stripe'], 'errors.invalid')
          .optional()
          .transform((v) => v || 'treasury')
      : z
          .unknown()
          .optional()
          .transform(() => 'treasury' as const),
    milestones: rowsOf(MilestoneRowSchema),
    tranches: rowsOf(TrancheRowSchema),
    /** The first tranche is an advance (预付款), payable before the service period starts (ADR 022). */
    firstAdvance: z
      .enum(['', 'on'], 'errors.invalid')
      .optional()
      .transform((v) => v === 'on'),
  };
}

type Schedule = z.output<z.ZodObject<ReturnType<typeof scheduleShape>>>;

const isDate = (v: unknown): v is string => typeof v === 'string' && parseIsoDate(v) !== null;
const rowsIn = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.map((r) => (r && typeof r === 'object' ? (r as Record<string, unknown>) : {})) : [];

/**
 * The checks across fields. They run whatever the fields' own checks found (zod's `when`), so they
 * read each value as possibly not parsed: a check is made only when the values it needs are sound.
 */
function checkSchedule(v: Schedule, ctx: z.RefinementCtx) {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { startDate, endDate } = v as { startDate: unknown; endDate: unknown };
  const period = isDate(startDate) && isDate(endDate) ? { startDate, endDate } : null;
  if (period && period.endDate < period.startDate) add(['endDate'], 'contract.errors.dates');

  const milestones = rowsIn(v.milestones);
  if (!milestones.length) add(['milestones'], 'contract.errors.milestones');
  else if (milestones.length > MILESTONES_MAX) add(['milestones'], 'contract.errors.milestonesTooMany');
  milestones.forEach((m, i) => {
    const due = m.dueDate;
    if (period && period.endDate >= period.startDate && isDate(due) && (due < period.startDate || due > period.endDate))
      add(['milestones', i, 'dueDate'], 'contract.errors.milestoneDue');
  });

  const tranches = rowsIn(v.tranches);
  if (!tranches.length) add(['tranches'], 'contract.errors.tranches.none');
  tranches.forEach((t, i) => {
    if (typeof t.unlock === 'string' && /^[1-9]\d{0,2}$/.test(t.unlock) && Number(t.unlock) > milestones.length)
      add(['tranches', i, 'unlock'], TRANCHE_MILESTONE);
  });
  if (v.firstAdvance === true && tranches.length && typeof tranches[0]!.unlock === 'string' && tranches[0]!.unlock !== AT_SIGNING)
    add(['firstAdvance'], 'execution.errors.advance');
  const percents = tranches.map((t) => t.percent);
  if (tranches.length && percents.every((p): p is number => typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 100)) {
    const amount = v.amount as unknown;
    const problem = tranchesProblem(percents, typeof amount === 'number' ? amount : undefined);
    if (problem) add(['tranches'], problem);
  }
}

const termsOf = (v: Schedule) =>
  ({
    amountFen: v.amount,
    startDate: v.startDate,
    endDate: v.endDate,
    paymentRail: v.paymentRail,
    milestones: v.milestones.map((m) => ({ title: m.title, kind: m.kind as MilestoneKind, dueDate: m.dueDate })),
    tranches: v.tranches.map((t, i) => ({
      percent: t.percent,
      milestoneIndex: t.unlock === AT_SIGNING ? null : Number(t.unlock) - 1,
      advance: i === 0 && v.firstAdvance,
    })),
  }) satisfies ContractTerms;

const SHARE = 'execution.errors.sharePercent';

/** The purchaser's subcontracting terms (政府采购法 §48): a whole percent up to the ceiling, and the main work kept when any is allowed. */
const subcontractingShape = {
  subcontractPercent: z
    .string({ error: SHARE })
    .trim()
    .regex(/^\d{1,3}$/, SHARE)
    .transform(Number)
    .refine((p) => p <= SUBCONTRACT_CEILING_PERCENT, SHARE)
    // Left out, nothing may be subcontracted: the lawful default (分包 only as the documents allow).
    .optional()
    .transform((p) => p ?? 0),
  subcontractExcludedWork: textField({ max: 2000, multiline: true, tooLong: 'execution.errors.excludedWork' }).optional(),
};

/** The purchaser's contract from an award: amount, period, rail, schedule and subcontracting terms. */
export function contractTermsSchema(opts: ScheduleOptions) {
  return z
    .object({ ...scheduleShape(opts), ...subcontractingShape })
    .superRefine(checkSchedule, { when: () => true })
    .superRefine(
      (v, ctx) => {
        const { subcontractPercent: p, subcontractExcludedWork: work } = v as { subcontractPercent: unknown; subcontractExcludedWork: unknown };
        if (typeof p === 'number' && p > 0 && (typeof work !== 'string' || work.trim().length < 4))
          ctx.addIssue({ code: 'custom', path: ['subcontractExcludedWork'], message: 'execution.errors.excludedWork' });
      },
      { when: () => true },
    )
    .transform(({ subcontractPercent, subcontractExcludedWork, ...schedule }) => ({
      ...termsOf(schedule),
      subcontracting: { maxPercent: subcontractPercent, excludedWork: subcontractExcludedWork?.trim() || null },
    }));
}

const CHOOSE = 'subcontract.errors.choose';
const SUB_TITLE = 'subcontract.errors.title';

/** A hub's subcontract: whom, what, and the same terms (treasury only). */
export function subcontractSchema(opts: Omit<ScheduleOptions, 'rail'> & { targets: readonly string[] }) {
  return z
    .object({
      payeeOrganizationId: z
        .string({ error: CHOOSE })
        .trim()
        .refine((v) => opts.targets.includes(v), CHOOSE),
      title: textField({ min: 4, max: 100, required: SUB_TITLE, tooShort: SUB_TITLE, tooLong: SUB_TITLE }),
      ...scheduleShape({ ...opts, rail: false }),
    })
    .superRefine(checkSchedule, { when: () => true })
    .transform(({ payeeOrganizationId, title, ...schedule }) => ({ payeeOrganizationId, title, terms: termsOf(schedule) }));
}

/**
 * The split of the amount over the tranche rows, to the fen, when the rows allow one (the amount
 * parses and the percentages are whole and sum to 100); null otherwise.
 */
export function scheduleSplit(values: { amount?: unknown; tranches?: unknown } | undefined): number[] | null {
  const amountFen = typeof values?.amount === 'string' ? parseYuanToFen(values.amount.trim()) : null;
  const percents = rowsIn(values?.tranches).map((t) => (typeof t.percent === 'string' && /^\d{1,3}$/.test(t.percent.trim()) ? Number(t.percent) : NaN));
  if (!amountFen || amountFen <= 0 || !percents.length || tranchesProblem(percents)) return null;
  return splitTranches(amountFen, percents);
}

type Raw = Record<string, unknown>;
type Issue = [field: string, messageKey: string];
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const validDate = (v: string) => parseIsoDate(v) !== null;

function withIssues<T>(read: (raw: Raw) => { terms: T; issues: Issue[] }) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((raw, ctx) => {
      for (const [path, message] of read(raw).issues) ctx.addIssue({ code: 'custom', path: [path], message });
    })
    .transform((raw) => read(raw).terms);
}

/** The payee hands in a milestone's deliverable: the report, activities held, people served per group. */
export const servedField = (group: BeneficiaryGroup) => `served_${group}` as const;

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

const OPINION = 'execution.errors.opinion';
const opinionField = () => textField({ min: 4, max: 2000, multiline: true, required: OPINION, tooShort: OPINION, tooLong: OPINION });

/** Final acceptance: the written acceptance opinion (验收意见), a rating 1–5 and why, and an optional performance score 0–100. */
export const CompleteContractSchema = z.object({
  rating: z
    .string({ error: 'contract.errors.rating' })
    .regex(/^[1-5]$/, 'contract.errors.rating')
    .transform(Number),
  comment: textField({ min: 2, max: 2000, multiline: true, tooShort: 'contract.errors.ratingComment', tooLong: 'contract.errors.ratingComment' }),
  opinion: opinionField(),
  performanceScore: z
    .string({ error: 'execution.errors.score' })
    .trim()
    .regex(/^(\d{1,3})?$/, 'execution.errors.score')
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || v <= 100, 'execution.errors.score'),
});

/** The payer accepts the latest round with a written acceptance opinion (验收意见), sent as `reason` like a return's. */
export const AcceptDeliverableSchema = z.object({ milestoneId: idField(), reason: opinionField() });

/** The parent purchaser's written consent to a subcontract, or its refusal with a reason. */
export const ConsentSubcontractSchema = z.object({
  subcontractId: idField(),
  reason: textField({
    min: 4,
    max: 2000,
    multiline: true,
    required: 'execution.errors.consentText',
    tooShort: 'execution.errors.consentText',
    tooLong: 'execution.errors.consentText',
  }),
});
export const RefuseSubcontractSchema = z.object({
  subcontractId: idField(),
  reason: textField({
    min: 4,
    max: 2000,
    multiline: true,
    required: 'execution.errors.refuseReason',
    tooShort: 'execution.errors.refuseReason',
    tooLong: 'execution.errors.refuseReason',
  }),
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
