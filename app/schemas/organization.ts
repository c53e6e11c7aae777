import { z } from 'zod';
import { BENEFICIARY_GROUPS, SERVICE_CATEGORIES } from '~/domain/catalog';
import { usccProblem } from '~/domain/uscc';
import { PHONE } from './filing';

export const RegistrationSchema = z.object({
  uscc: z
    .string({ error: 'errors.required' })
    .trim()
    .toUpperCase()
    .superRefine((v, ctx) => {
      const problem = usccProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `org.errors.uscc.${problem}` });
    }),
  registeredOn: z.iso.date('errors.date').refine((d) => d <= new Date().toISOString().slice(0, 10), 'org.errors.registeredOnFuture'),
});

export const StatusChangeSchema = z.object({
  action: z.enum(['suspend', 'reinstate', 'exit'], 'errors.invalid'),
  reason: z.string({ error: 'errors.required' }).trim().min(4, 'org.errors.reason').max(1000, 'org.errors.reason'),
});

export const ProfileSchema = z.object({
  serviceCategories: z.array(z.enum(SERVICE_CATEGORIES, 'errors.invalid')).min(1, 'filing.errors.categories').max(5, 'filing.errors.categoriesMax'),
  beneficiaryGroups: z.array(z.enum(BENEFICIARY_GROUPS, 'errors.invalid')).min(1, 'filing.errors.beneficiaries'),
  leaderName: z.string().trim().min(2, 'filing.errors.leader.tooShort').max(30, 'filing.errors.leader.tooLong'),
  contactPhone: z.string().trim().regex(PHONE, 'errors.phone'),
  contactEmail: z.union([z.literal(''), z.email('errors.email')]).default(''),
  memberCount: z.coerce.number('errors.number').int('errors.integer').min(1, 'filing.errors.members').max(100_000, 'filing.errors.members'),
  charter: z.string().trim().min(20, 'filing.errors.charter.tooShort').max(20_000, 'filing.errors.charter.tooLong'),
  rules: z.string().trim().max(20_000, 'filing.errors.rules.tooLong').default(''),
});
export const PROFILE_ARRAY_FIELDS = ['serviceCategories', 'beneficiaryGroups'] as const;

export const CommunityTypeSchema = z.object({
  communityType: z.enum(['urban', 'rural'], 'errors.invalid'),
  reason: z.string({ error: 'errors.required' }).trim().min(4, 'org.errors.reason').max(500, 'org.errors.reason'),
});
