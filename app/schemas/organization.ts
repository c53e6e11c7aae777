import { z } from 'zod';
import { usccProblem } from '~/domain/uscc';
import { dateField, numberField, text } from './fields';
import { beneficiariesField, categoriesField, phoneField } from './filing';

export const RegistrationSchema = z.object({
  uscc: text({ max: 18, tooLong: 'org.errors.uscc.length' })
    .toUpperCase()
    .superRefine((v, ctx) => {
      const problem = usccProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `org.errors.uscc.${problem}` });
    }),
  registeredOn: dateField().refine((d) => d <= new Date().toISOString().slice(0, 10), 'org.errors.registeredOnFuture'),
});

const reason = (max: number) => text({ min: 4, max, multiline: true, tooShort: 'org.errors.reason', tooLong: 'org.errors.reason' });

export const StatusChangeSchema = z.object({
  action: z.enum(['suspend', 'reinstate', 'exit'], 'errors.invalid'),
  reason: reason(1000),
});

export const ProfileSchema = z.object({
  serviceCategories: categoriesField(),
  beneficiaryGroups: beneficiariesField(),
  leaderName: text({ min: 2, max: 30, tooShort: 'filing.errors.leader.tooShort', tooLong: 'filing.errors.leader.tooLong' }),
  contactPhone: phoneField(),
  contactEmail: text({ max: 254, tooLong: 'errors.email' })
    .refine((v) => v === '' || z.email().safeParse(v).success, 'errors.email')
    .default(''),
  memberCount: numberField({ min: 1, max: 100_000, key: 'filing.errors.members' }),
  charter: text({ min: 20, max: 20_000, multiline: true, tooShort: 'filing.errors.charter.tooShort', tooLong: 'filing.errors.charter.tooLong' }),
  rules: text({ max: 20_000, multiline: true, tooLong: 'filing.errors.rules.tooLong' }).default(''),
});

export const CommunityTypeSchema = z.object({
  communityType: z.enum(['urban', 'rural'], 'errors.invalid'),
  reason: reason(500),
});
