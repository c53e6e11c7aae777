import { z } from 'zod';
import { ROLES } from '~/domain/catalog';
import { parseIdentifier } from '~/domain/account';
import { toShortCode } from '~/domain/region-code';
import { idField, text } from './fields';

export const GrantSchema = z.object({
  userId: idField(),
  role: z.enum(ROLES, 'errors.invalid'),
  // Short (610113) or 12-digit (610113000000) statistical code; empty for roles without a region.
  regionCode: text({ max: 12, tooLong: 'staff.errors.regionCode' })
    .default('')
    .refine((v) => v === '' || /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/.test(v), 'staff.errors.regionCode')
    .transform((v) => (v === '' ? null : v.length === 12 ? toShortCode(v) : v)),
});

export const RevokeSchema = z.object({ assignmentId: idField() });

export const AddMemberSchema = z.object({
  identifier: text({ max: 254, tooLong: 'auth.errors.identifier' }).refine((v) => parseIdentifier(v) !== null, 'auth.errors.identifier'),
  role: z.enum(['orgAdmin', 'orgMember'], 'errors.invalid'),
});
