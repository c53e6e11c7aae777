import { z } from 'zod';
import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { dateField, numberField, text as field } from './fields';

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

/** The filing application form (§4.2), used by the leader's first submission and every resubmission. */
export const FilingSchema = z.object({
  name: text(4, 60, 'filing.errors.name'),
  regionCode: z.string({ error: 'filing.errors.community' }).regex(/^\d{12}$/, 'filing.errors.community'),
  serviceCategories: z.array(z.enum(SERVICE_CATEGORIES, 'errors.invalid')).min(1, 'filing.errors.categories').max(5, 'filing.errors.categoriesMax'),
  beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, 'errors.invalid')).min(1, 'filing.errors.beneficiaries'),
  leaderName: text(2, 30, 'filing.errors.leader'),
  contactPhone: phoneField(),
  foundedOn: dateField().refine((d) => d >= '1949-10-01' && d <= new Date().toISOString().slice(0, 10), 'filing.errors.foundedOn'),
  memberCount: numberField({ min: 3, max: 100_000, key: 'filing.errors.members' }),
  charter: text(20, 20_000, 'filing.errors.charter', true),
  rules: field({ max: 20_000, multiline: true, tooLong: 'filing.errors.rules.tooLong' }).default(''),
});
export type FilingInput = z.infer<typeof FilingSchema>;
export const FILING_ARRAY_FIELDS = ['serviceCategories', 'beneficiaryGroups'] as const;

export const ReasonSchema = z.object({
  reason: text(4, 1000, 'filing.errors.reason', true),
});
