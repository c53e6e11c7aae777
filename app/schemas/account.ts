import { z } from 'zod';
import { parseIdentifier, passwordProblem } from '~/domain/account';

const password = z
  .string({ error: 'errors.required' })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `auth.errors.password.${problem}` });
  });

export const SignInSchema = z.object({
  identifier: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required'),
  password: z.string({ error: 'errors.required' }).min(1, 'errors.required'),
  next: z.string().optional(),
});

export const SignUpSchema = z
  .object({
    displayName: z.string({ error: 'errors.required' }).trim().min(2, 'auth.errors.displayName').max(40, 'auth.errors.displayName'),
    identifier: z
      .string({ error: 'errors.required' })
      .trim()
      .refine((v) => parseIdentifier(v) !== null, 'auth.errors.identifier'),
    password,
    confirm: z.string({ error: 'errors.required' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });

export const ChangePasswordSchema = z
  .object({
    current: z.string({ error: 'errors.required' }).min(1, 'errors.required'),
    password,
    confirm: z.string({ error: 'errors.required' }),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });
