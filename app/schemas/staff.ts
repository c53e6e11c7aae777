import { z } from 'zod';
import { ROLES } from '~/domain/catalog';
import { parseIdentifier } from '~/domain/account';
import { toShortCode } from '~/domain/region-code';

export const GrantSchema = z.object({
  userId: z.uuid('errors.invalid'),
  role: z.enum(ROLES, 'errors.invalid'),
  // Short (610113) or 12-digit (610113000000) statistical code; empty for roles without a region.
  regionCode: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(v), 'staff.errors.regionCode')
    .transform((v) => (v === '' ? null : v.length === 12 ? toShortCode(v) : v)),
});

export const RevokeSchema = z.object({ assignmentId: z.uuid('errors.invalid') });

export const AddMemberSchema = z.object({
  identifier: z.string({ error: 'errors.required' }).trim().refine((v) => parseIdentifier(v) !== null, 'auth.errors.identifier'),
  role: z.enum(['orgAdmin', 'orgMember'], 'errors.invalid'),
});
