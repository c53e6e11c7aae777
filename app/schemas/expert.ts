import { z } from 'zod';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { idField, list, moneyField, text } from './fields';
import { choices } from './filing';

/** One declared relation (posted as relations[0].organizationId, relations[0].note …). */
export const RelationSchema = z.object({
  organizationId: idField('experts.errors.organization'),
  note: text({ min: 2, max: 200, required: 'experts.errors.note', tooShort: 'experts.errors.note', tooLong: 'experts.errors.note' }),
});

/** Rows of relations; one organization once. */
const relations = (list(RelationSchema) as unknown as z.ZodType<z.output<typeof RelationSchema>[], z.input<typeof RelationSchema>[]>).refine(
  (rows) => new Set(rows.map((r) => r.organizationId)).size === rows.length,
  'experts.errors.duplicateRelation',
);

/** An expert's declarations, which the expert keeps: the organizations they are related to. */
export const ExpertRelationsSchema = z.object({ relations });

/** The bureau's form of an expert's profile in the pool (the relations included). */
export const ExpertProfileSchema = z.object({
  specialties: choices(SERVICE_CATEGORIES, { min: 1, tooFew: 'experts.errors.specialties' }),
  regionCode: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(
      z
        .string()
        .regex(/^\d{2,12}$/, 'experts.errors.region')
        .optional(),
    ),
  employerOrganizationId: z
    .union([z.literal(''), idField('experts.errors.organization')])
    .optional()
    .transform((v) => v || undefined),
  employerName: text({ max: 100, tooLong: 'errors.tooLong' })
    .optional()
    .transform((v) => v || undefined),
  active: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
  relations,
});

export type ExpertProfileInput = z.output<typeof ExpertProfileSchema>;
export type ExpertRelationInput = z.output<typeof RelationSchema>;

/** The province's threshold: the budget (yuan) from which a panel has five members or more (ADR 024). */
export const PanelThresholdSchema = z.object({
  intent: z.literal('threshold', 'errors.invalid'),
  largeBudget: moneyField('panelDraw.errors.threshold'),
});
