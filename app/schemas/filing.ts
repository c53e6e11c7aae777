import { z } from 'zod';
import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { dateField, list, numberField, text as field } from './fields';

/** A text field whose key family has `.tooShort` and `.tooLong` messages (typed, so both exist). */
const text = (
  min: number,
  max: number,
  key: 'filing.errors.name' | 'filing.errors.leader' | 'filing.errors.charter' | 'filing.errors.reason',
  multiline = false,
) => field({ min, max, multiline, required: 'errors.required', tooShort: `${key}.tooShort` as const, tooLong: `${key}.tooLong` as const });

export const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** A mobile number or a landline with its area code. */
export const phoneField = () => field({ max: 20, tooLong: 'errors.phone' }).regex(PHONE, 'errors.phone');

/**
 * A checkbox group: none, one or several of `values`. Its errors are the group's (an unknown value,
 * too few, too many), shown beside the group rather than beside one box.
 */
export function choices<const T extends readonly string[]>(values: T, o: { min: number; tooFew: string; max?: number; tooMany?: string }) {
  return list(z.string())
    .refine((a) => a.every((v) => values.includes(v)), 'errors.invalid')
    .refine((a) => a.length >= o.min, o.tooFew)
    .refine((a) => o.max === undefined || a.length <= o.max, o.tooMany ?? 'errors.invalid')
    .transform((a) => a as T[number][]);
}

export const categoriesField = () =>
  choices(SERVICE_CATEGORIES, { min: 1, tooFew: 'filing.errors.categories', max: 5, tooMany: 'filing.errors.categoriesMax' });
export const beneficiariesField = () => choices(BENEFICIARY_GROUPS, { min: 1, tooFew: 'filing.errors.beneficiaries' });

/** The filing application form (§4.2), used by the leader's first submission and every resubmission. */
export const FilingSchema = z.object({
  name: text(4, 60, 'filing.errors.name'),
  regionCode: z.string({ error: 'filing.errors.community' }).regex(/^\d{12}$/, 'filing.errors.community'),
  serviceCategories: categoriesField(),
  beneficiaryGroups: beneficiariesField(),
  leaderName: text(2, 30, 'filing.errors.leader'),
  contactPhone: phoneField(),
  foundedOn: dateField().refine((d) => d >= '1949-10-01' && d <= new Date().toISOString().slice(0, 10), 'filing.errors.foundedOn'),
  memberCount: numberField({ min: 3, max: 100_000, key: 'filing.errors.members' }),
  charter: text(20, 20_000, 'filing.errors.charter', true),
  rules: field({ max: 20_000, multiline: true, tooLong: 'filing.errors.rules.tooLong' }).default(''),
});
export type FilingInput = z.infer<typeof FilingSchema>;

/** The committee's return and the station's rejection: a reason the applicant will read. */
export const ReasonSchema = z.object({
  reason: text(4, 1000, 'filing.errors.reason', true),
});
