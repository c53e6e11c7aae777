import { z } from 'zod';
import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';

const text = (min: number, max: number, key: string) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .min(min, `${key}.tooShort`)
    .max(max, `${key}.tooLong`);

export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** The filing application form (§4.2), used by the leader's first submission and every resubmission. */
export const FilingSchema = z.object({
  name: text(4, 60, 'filing.errors.name'),
  regionCode: z.string({ error: 'filing.errors.community' }).regex(/^\d{12}$/, 'filing.errors.community'),
  serviceCategories: z.array(z.enum(SERVICE_CATEGORIES, 'errors.invalid')).min(1, 'filing.errors.categories').max(5, 'filing.errors.categoriesMax'),
  beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, 'errors.invalid')).min(1, 'filing.errors.beneficiaries'),
  leaderName: text(2, 30, 'filing.errors.leader'),
  contactPhone: z.string({ error: 'errors.required' }).trim().regex(PHONE, 'errors.phone'),
  foundedOn: z.iso
    .date('errors.date')
    .refine((d) => d >= '1949-10-01' && d <= new Date().toISOString().slice(0, 10), 'filing.errors.foundedOn'),
  memberCount: z.coerce
    .number('errors.number')
    .int('errors.integer')
    .min(3, 'filing.errors.members')
    .max(100_000, 'filing.errors.members'),
  charter: text(20, 20_000, 'filing.errors.charter'),
  rules: z.string().trim().max(20_000, 'filing.errors.rules.tooLong').default(''),
});
export type FilingInput = z.infer<typeof FilingSchema>;
export const FILING_ARRAY_FIELDS = ['serviceCategories', 'beneficiaryGroups'] as const;

export const ReasonSchema = z.object({
  reason: text(4, 1000, 'filing.errors.reason'),
});
