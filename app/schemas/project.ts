import { z } from 'zod';
import { BENEFICIARY_GROUPS, LEGAL_STATUSES, ORG_KINDS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { parseYuanToFen } from '~/domain/money';
import { criteriaProblem, FUNDING_SOURCES, periodProblem, type CriterionDraft } from '~/domain/project';

export const CRITERIA_ROWS = 6;

/** "2026-12-01T17:00" typed in a datetime-local field means Beijing time. */
export function beijingDateTime(v: string): Date {
  return new Date(`${v.length === 16 ? `${v}:00` : v}+08:00`);
}

const money = (key: string) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .transform((v, ctx) => {
      const fen = parseYuanToFen(v);
      if (fen === null || fen <= 0) {
        ctx.addIssue({ code: 'custom', message: key });
        return z.NEVER;
      }
      return fen;
    });

/** The project form: also carries criteria rows criterionName_N / criterionWeight_N / criterionKind_N. */
export const ProjectSchema = z
  .object({
    title: z.string({ error: 'errors.required' }).trim().min(4, 'project.errors.title').max(100, 'project.errors.title'),
    description: z.string({ error: 'errors.required' }).trim().min(20, 'project.errors.description').max(20_000, 'project.errors.description'),
    regionCode: z.string({ error: 'project.errors.region' }).regex(/^\d{2,12}$/, 'project.errors.region'),
    serviceCategories: z.array(z.enum(SERVICE_CATEGORIES, 'errors.invalid')).min(1, 'filing.errors.categories'),
    beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, 'errors.invalid')).min(1, 'filing.errors.beneficiaries'),
    budget: money('project.errors.budget'),
    fundingSource: z.enum(FUNDING_SOURCES, 'errors.invalid'),
    serviceStart: z.iso.date('errors.date'),
    serviceEnd: z.iso.date('errors.date'),
    allowedLegalStatuses: z.array(z.enum(LEGAL_STATUSES, 'errors.invalid')).min(1, 'project.errors.legalStatuses'),
    allowedKinds: z.array(z.enum(ORG_KINDS, 'errors.invalid')).min(1, 'project.errors.kinds'),
    regionRestricted: z
      .string()
      .optional()
      .transform((v) => v === 'on' || v === 'true'),
    bidDeadline: z.string({ error: 'errors.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'project.errors.deadline'),
    noticeDays: z.coerce.number('errors.number').int('errors.integer').min(1, 'project.errors.noticeDays').max(30, 'project.errors.noticeDays'),
    scoringMethod: z.enum(['mean', 'trimmedMean'], 'errors.invalid'),
    tolerance: z.coerce.number('errors.number').min(0, 'project.errors.tolerance').max(20, 'project.errors.tolerance'),
    criteria: z.array(z.object({ name: z.string(), weight: z.number(), kind: z.enum(['scored', 'price']) })),
  })
  .superRefine((v, ctx) => {
    const period = periodProblem(v.serviceStart, v.serviceEnd);
    if (period) ctx.addIssue({ code: 'custom', path: ['serviceEnd'], message: period });
    const criteria = criteriaProblem(v.criteria as CriterionDraft[]);
    if (criteria) ctx.addIssue({ code: 'custom', path: ['criteria'], message: criteria });
    if (v.criteria.some((c) => c.name.trim().length < 2)) ctx.addIssue({ code: 'custom', path: ['criteria'], message: 'project.errors.criteria.name' });
    if (Math.round(v.tolerance * 100) !== v.tolerance * 100) ctx.addIssue({ code: 'custom', path: ['tolerance'], message: 'project.errors.tolerance' });
  });

export type ProjectInput = z.output<typeof ProjectSchema>;
export const PROJECT_ARRAY_FIELDS = ['serviceCategories', 'beneficiaryGroups', 'allowedLegalStatuses', 'allowedKinds'] as const;

/** Collects the non-empty criteria rows of the form into `criteria`. */
export function withCriteria(raw: Record<string, unknown>): Record<string, unknown> {
  const criteria: { name: string; weight: number; kind: string }[] = [];
  for (let i = 0; i < CRITERIA_ROWS; i++) {
    const name = String(raw[`criterionName_${i}`] ?? '').trim();
    const weight = String(raw[`criterionWeight_${i}`] ?? '').trim();
    if (!name && !weight) continue;
    criteria.push({ name, weight: weight === '' ? NaN : Number(weight), kind: raw[`criterionKind_${i}`] === 'price' ? 'price' : 'scored' });
  }
  return { ...raw, criteria };
}

export const BidSchema = z.object({
  organizationId: z.uuid('errors.invalid'),
  price: money('bid.errors.price'),
  servicePlan: z.string({ error: 'errors.required' }).trim().min(20, 'bid.errors.plan').max(20_000, 'bid.errors.plan'),
  team: z.string({ error: 'errors.required' }).trim().min(4, 'bid.errors.team').max(5_000, 'bid.errors.team'),
  expectedOutputs: z.string({ error: 'errors.required' }).trim().min(4, 'bid.errors.outputs').max(5_000, 'bid.errors.outputs'),
});

export const ReasonOnlySchema = z.object({
  reason: z.string({ error: 'errors.required' }).trim().min(4, 'filing.errors.reason.tooShort').max(1000, 'filing.errors.reason.tooLong'),
});
