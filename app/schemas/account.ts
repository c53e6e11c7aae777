import { z } from 'zod';
import { parseIdentifier, passwordProblem } from '~/domain/account';
import { passwordText, text } from './fields';

const password = passwordText().superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `auth.errors.password.${problem}` });
});

/** An e-mail address (254 characters at most) or a mobile number as typed. */
const identifier = () => text({ max: 254, required: 'errors.required' });

export const SignInSchema = z.object({
  identifier: identifier(),
  password: passwordText(),
  // Where to go after signing in: only a clean path is kept (app/lib/redirects.ts decides which).
  next: text({ max: 2000 }).optional().catch(undefined),
});

export const SignUpSchema = z
  .object({
    displayName: text({ min: 2, max: 40, tooShort: 'auth.errors.displayName', tooLong: 'auth.errors.displayName' }),
    identifier: identifier().refine((v) => parseIdentifier(v) !== null, 'auth.errors.identifier'),
    password,
    confirm: z.string({ error: 'errors.required' }).max(200, 'auth.errors.password.tooLong'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });

export const ChangePasswordSchema = z
  .object({
    current: passwordText(),
    password,
    confirm: z.string({ error: 'errors.required' }).max(200, 'auth.errors.password.tooLong'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });
