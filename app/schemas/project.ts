import { z } from 'zod';
import { BENEFICIARY_GROUPS, LEGAL_STATUSES, ORG_KINDS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { beijingInstant } from '~/domain/dates';
import { criteriaProblem, FUNDING_SOURCES, periodProblem, type CriterionDraft } from '~/domain/project';
import { hasControlCharacters } from '~/domain/text';
import { CONTROL_CHARACTERS, dateField, dateTimeField, idField, moneyField as money, numberField, text } from './fields';

export const CRITERIA_ROWS = 6;
const CRITERION_NAME_MAX = 60;

/** "2026-12-01T17:00" typed in a datetime-local field means Beijing time (validated by the schema first). */
export function beijingDateTime(v: string): Date {
  const at = beijingInstant(v);
  if (!at) throw new RangeError(`not a datetime-local value: ${v.slice(0, 40)}`);
  return at;
}

/** The project form: also carries criteria rows criterionName_N / criterionWeight_N / criterionKind_N. */
export const ProjectSchema = z
  .object({
    title: text({ min: 4, max: 100, tooShort: 'project.errors.title', tooLong: 'project.errors.title' }),
    description: text({ min: 20, max: 20_000, multiline: true, tooShort: 'project.errors.description', tooLong: 'project.errors.description' }),
    regionCode: z.string({ error: 'project.errors.region' }).regex(/^\d{2,12}$/, 'project.errors.region'),
    serviceCategories: z.array(z.enum(SERVICE_CATEGORIES, 'errors.invalid')).min(1, 'filing.errors.categories'),
    beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, 'errors.invalid')).min(1, 'filing.errors.beneficiaries'),
    budget: money('project.errors.budget'),
    fundingSource: z.enum(FUNDING_SOURCES, 'errors.invalid'),
    serviceStart: dateField(),
    serviceEnd: dateField(),
    allowedLegalStatuses: z.array(z.enum(LEGAL_STATUSES, 'errors.invalid')).min(1, 'project.errors.legalStatuses'),
    allowedKinds: z.array(z.enum(ORG_KINDS, 'errors.invalid')).min(1, 'project.errors.kinds'),
    regionRestricted: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    bidDeadline: dateTimeField('project.errors.deadline'),
    noticeDays: numberField({ min: 1, max: 30, key: 'project.errors.noticeDays' }),
    scoringMethod: z.enum(['mean', 'trimmedMean'], 'errors.invalid'),
    tolerance: numberField({ min: 0, max: 20, key: 'project.errors.tolerance', decimals: true }),
    criteria: z.array(z.object({ name: z.string(), weight: z.number(), kind: z.enum(['scored', 'price']) })),
  })
  .superRefine((v, ctx) => {
    const period = periodProblem(v.serviceStart, v.serviceEnd);
    if (period) ctx.addIssue({ code: 'custom', path: ['serviceEnd'], message: period });
    const criteria = criteriaProblem(v.criteria as CriterionDraft[]);
    if (criteria) ctx.addIssue({ code: 'custom', path: ['criteria'], message: criteria });
    if (v.criteria.some((c) => hasControlCharacters(c.name))) ctx.addIssue({ code: 'custom', path: ['criteria'], message: CONTROL_CHARACTERS });
    if (v.criteria.some((c) => c.name.trim().length < 2 || c.name.trim().length > CRITERION_NAME_MAX))
      ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'project.errors.criteria.name' });
    if (Math.round(v.tolerance * 100) !== v.tolerance * 100) ctx.addIssue({ code: 'custom', path: ['tolerance'], message: 'project.errors.tolerance' });
  });

export type ProjectInput = z.output<typeof ProjectSchema>;
export const PROJECT_ARRAY_FIELDS = ['serviceCategories', 'beneficiaryGroups', 'allowedLegalStatuses', 'allowedKinds'] as const;

/** Collects the non-empty criteria rows of the form into `criteria`. */
export function withCriteria(raw: Record<string, unknown>): Record<string, unknown> {
  const criteria: { name: string; weight: number; kind: string }[] = [];
  for (let i = 0; i < CRITERIA_ROWS; i++) {
    const name = typeof raw[`criterionName_${i}`] === 'string' ? (raw[`criterionName_${i}`] as string).trim() : '';
    const weight = typeof raw[`criterionWeight_${i}`] === 'string' ? (raw[`criterionWeight_${i}`] as string).trim() : '';
    if (!name && !weight) continue;
    criteria.push({ name, weight: /^\d{1,3}$/.test(weight) ? Number(weight) : NaN, kind: raw[`criterionKind_${i}`] === 'price' ? 'price' : 'scored' });
  }
  return { ...raw, criteria };
}

export const BidSchema = z.object({
  organizationId: idField(),
  price: money('bid.errors.price'),
  servicePlan: text({ min: 20, max: 20_000, multiline: true, tooShort: 'bid.errors.plan', tooLong: 'bid.errors.plan' }),
  team: text({ min: 4, max: 5_000, multiline: true, tooShort: 'bid.errors.team', tooLong: 'bid.errors.team' }),
  expectedOutputs: text({ min: 4, max: 5_000, multiline: true, tooShort: 'bid.errors.outputs', tooLong: 'bid.errors.outputs' }),
});

export const ReasonOnlySchema = z.object({
  reason: text({ min: 4, max: 1000, multiline: true, tooShort: 'filing.errors.reason.tooShort', tooLong: 'filing.errors.reason.tooLong' }),
});
