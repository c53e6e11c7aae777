import { z } from 'zod';
import { IDENTIFIER_MAX, parseIdentifier, PASSWORD_MAX, passwordProblem } from '~/domain/account';
import { passwordText, text } from './fields';

const password = passwordText().superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `auth.errors.password.${problem}` });
});

/** An e-mail address or a mobile number as typed, no longer than any identifier can be. */
const identifier = () => text({ max: IDENTIFIER_MAX, required: 'errors.required', tooLong: 'auth.errors.identifier' });
const confirm = z.string({ error: 'errors.required' }).max(PASSWORD_MAX, 'auth.errors.password.tooLong');

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
    confirm,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });

export const ChangePasswordSchema = z
  .object({
    current: passwordText(),
    password,
    confirm,
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'auth.errors.confirm' });
