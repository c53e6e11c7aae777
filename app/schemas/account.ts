import { z } from 'zod';
import { IDENTIFIER_MAX, parseIdentifier, PASSWORD_MAX, passwordProblem } from '~/domain/account';

const password = z
  .string({ error: 'errors.required' })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: `auth.errors.password.${problem}` });
  });

/** A password being checked (not chosen): required, and no longer than any password can be. */
const typedPassword = z.string({ error: 'errors.required' }).min(1, 'errors.required').max(PASSWORD_MAX, 'auth.errors.password.tooLong');
const confirm = z.string({ error: 'errors.required' }).max(PASSWORD_MAX, 'auth.errors.password.tooLong');

export const SignInSchema = z.object({
  identifier: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(IDENTIFIER_MAX, 'auth.errors.identifier'),
  password: typedPassword,
  next: z.string().optional(),
});

export const SignUpSchema = z
  .object({
    displayName: z.string({ error: 'errors.required' }).trim().min(2, 'auth.errors.displayName').max(40, 'auth.errors.displayName'),
    identifier: z
      .string({ error: 'errors.required' })
      .trim()
      .max(IDENTIFIER_MAX, 'auth.errors.identifier')
      .refine((v) => parseIdentifier(v) !== null, 'auth.errors.identifier'),
    password,
    confirm,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });

export const ChangePasswordSchema = z
  .object({
    current: typedPassword,
    password,
    confirm,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });
