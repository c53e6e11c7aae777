import { z } from 'zod';
import { BENEFICIARY_GROUPS, LEGAL_STATUSES, ORG_KINDS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { beijingInstant } from '~/domain/dates';
import { criteriaProblem, FUNDING_SOURCES, periodProblem } from '~/domain/project';
import { PROCUREMENT_METHODS, SINGLE_SOURCE_GROUNDS, singleSourceProblem } from '~/domain/procurement-method';
import { usccProblem } from '~/domain/uscc';
import { MAX_TOLERANCE, SCORING_METHODS, toleranceProblem } from '~/domain/ranking';
import { dateField, dateTimeField, idField, list, moneyField as money, numberField, text } from './fields';

const CRITERION_NAME_MAX = 60;

/** Rows of a table (list() reads one row or none as a list), typed as rows so the page gets one fieldset per row. */
const rowsOf = <T extends z.ZodType>(row: T) => list(row) as unknown as z.ZodType<z.output<T>[], z.input<T>[]>;

/** A checkbox group that needs one box at least: posted once, several times or not at all. */
const someOf = <T extends z.ZodType>(item: T, key: string) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item).min(1, key));
const CRITERION_NAME = 'project.errors.criteria.name';

/** One row of the criteria list (posted as criteria[0].name, criteria[0].weight, criteria[0].kind …). */
export const CriterionSchema = z.object({
  name: text({ min: 2, max: CRITERION_NAME_MAX, required: CRITERION_NAME, tooShort: CRITERION_NAME, tooLong: CRITERION_NAME }),
  weight: numberField({ min: 1, max: 100, key: 'project.errors.criteria.weight' }),
  kind: z.enum(['scored', 'price'], 'errors.invalid'),
});

/** "2026-12-01T17:00" typed in a datetime-local field means Beijing time (validated by the schema first). */
export function beijingDateTime(v: string): Date {
  const at = beijingInstant(v);
  if (!at) throw new RangeError(`not a datetime-local value: ${v.slice(0, 40)}`);
  return at;
}

/**
 * The project form. Criteria are a list of any length (rows added and removed with Conform's list
 * intents, with or without JavaScript); each row's fields report their own errors, the list as a
 * whole (weights summing to 100, one price criterion at most) reports on `criteria`.
 */
export const ProjectSchema = z
  .object({
    title: text({ min: 4, max: 100, tooShort: 'project.errors.title', tooLong: 'project.errors.title' }),
    description: text({ min: 20, max: 20_000, multiline: true, tooShort: 'project.errors.description', tooLong: 'project.errors.description' }),
    regionCode: z.string({ error: 'project.errors.region' }).regex(/^\d{2,12}$/, 'project.errors.region'),
    serviceCategories: someOf(z.enum(SERVICE_CATEGORIES, 'errors.invalid'), 'filing.errors.categories'),
    beneficiaryGroups: someOf(z.enum(BENEFICIARY_GROUPS, 'errors.invalid'), 'filing.errors.beneficiaries'),
    budget: money('project.errors.budget'),
    fundingSource: z.enum(FUNDING_SOURCES, 'errors.invalid'),
    procurementMethod: z.enum(PROCUREMENT_METHODS, 'project.errors.method.required'),
    serviceStart: dateField(),
    serviceEnd: dateField(),
    allowedLegalStatuses: someOf(z.enum(LEGAL_STATUSES, 'errors.invalid'), 'project.errors.legalStatuses'),
    allowedKinds: someOf(z.enum(ORG_KINDS, 'errors.invalid'), 'project.errors.kinds'),
    regionRestricted: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    bidDeadline: dateTimeField('project.errors.deadline'),
    noticeDays: numberField({ min: 1, max: 30, key: 'project.errors.noticeDays' }),
    scoringMethod: z.enum(SCORING_METHODS, 'errors.invalid'),
    tolerance: numberField({ min: 0, max: MAX_TOLERANCE, key: 'project.errors.tolerance', decimals: true }),
    criteria: rowsOf(CriterionSchema),
    /** The purchase intention announcing it (a published one of the same unit), or why there was none. */
    intentionId: z
      .union([z.literal(''), idField('project.errors.intention.notOurs')])
      .optional()
      .transform((v) => v || undefined),
    longPeriodReason: text({ max: 500, multiline: true, tooLong: 'project.errors.intention.reason' })
      .optional()
      .transform((v) => v || undefined),
    noIntentionReason: text({ max: 500, multiline: true, tooLong: 'project.errors.intention.reason' })
      .optional()
      .transform((v) => v || undefined),
    /** 单一来源: the named supplier (by its unified social credit code), the ground, the justification. */
    singleSourceUscc: text({ max: 18, tooLong: 'org.errors.uscc.length' })
      .optional()
      .transform((v) => (v ? v.toUpperCase() : undefined))
      .superRefine((v, ctx) => {
        const problem = v ? usccProblem(v) : null;
        if (problem) ctx.addIssue({ code: 'custom', message: `org.errors.uscc.${problem}` });
      })
      .optional(),
    singleSourceGround: z
      .union([z.literal(''), z.enum(SINGLE_SOURCE_GROUNDS, 'errors.invalid')])
      .optional()
      .transform((v) => v || undefined)
      .optional(),
    singleSourceJustification: text({ max: 2000, multiline: true, tooLong: 'project.errors.singleSource.justification' })
      .optional()
      .transform((v) => v || undefined)
      .optional(),
  })
  .superRefine((v, ctx) => {
    const period = periodProblem(v.serviceStart, v.serviceEnd, v.longPeriodReason);
    if (period) ctx.addIssue({ code: 'custom', path: [period === 'project.errors.period.needsReason' ? 'longPeriodReason' : 'serviceEnd'], message: period });
    if (!v.intentionId && (v.noIntentionReason ?? '').length < 4) {
      ctx.addIssue({ code: 'custom', path: ['noIntentionReason'], message: 'project.errors.intention.required' });
    }
    const single = singleSourceProblem(v.procurementMethod, {
      supplier: v.singleSourceUscc,
      ground: v.singleSourceGround,
      justification: v.singleSourceJustification,
    });
    if (single) ctx.addIssue({ code: 'custom', path: [single.field], message: single.key });
    const criteria = criteriaProblem(v.criteria);
    if (criteria) ctx.addIssue({ code: 'custom', path: ['criteria'], message: criteria });
    const tolerance = toleranceProblem(v.tolerance);
    if (tolerance) ctx.addIssue({ code: 'custom', path: ['tolerance'], message: tolerance });
  });

export type ProjectInput = z.output<typeof ProjectSchema>;
export const BidSchema = z.object({
  organizationId: idField(),
  price: money('bid.errors.price'),
  servicePlan: text({ min: 20, max: 20_000, multiline: true, tooShort: 'bid.errors.plan', tooLong: 'bid.errors.plan' }),
  team: text({ min: 4, max: 5_000, multiline: true, tooShort: 'bid.errors.team', tooLong: 'bid.errors.team' }),
  expectedOutputs: text({ min: 4, max: 5_000, multiline: true, tooShort: 'bid.errors.outputs', tooLong: 'bid.errors.outputs' }),
});

/** The bidder takes its live bid back. */
export const WithdrawBidSchema = z.object({ bidId: idField() });

export const ReasonOnlySchema = z.object({
  reason: text({ min: 4, max: 1000, multiline: true, tooShort: 'filing.errors.reason.tooShort', tooLong: 'filing.errors.reason.tooLong' }),
});
