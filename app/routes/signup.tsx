import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { clientIp, currentUser, requestIdOf } from '~/auth/guard.server';
import { throttlePolicy } from '~/auth/throttle.server';
import { localeOf } from '~/i18n/locale.server';
import { SignUpSchema } from '~/schemas/account';
import { registerUser } from '~/services/register-user.server';
import { db } from '~/lib/db.server';
import { getFormProps } from '@conform-to/react';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { useAppForm } from '~/lib/use-app-form';
import { actionOf, retryAfterHeaders } from '~/lib/http.server';
import { FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

export const headers = retryAfterHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  if (await currentUser(request)) throw redirect('/workspace');
  return null;
}

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const submission = parseSubmission(await readForm(request), SignUpSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await registerUser(
    db(),
    { ...submission.value, locale: localeOf(request), ip: clientIp(request, context), requestId: requestIdOf(context) },
    new Date(),
    throttlePolicy(),
  );
  // The same answer whether the identifier was new or already had an account (ADR 012): nobody is
  // signed in by signing up; the person signs in with the password they know.
  return redirect('/login?registered=1');
});

export default function SignUp() {
  const result = useActionData<typeof action>();
  const [form, fields] = useAppForm(SignUpSchema, { lastResult: result });
  const { t } = useT();
  return (
    <div className="card" style={{ maxWidth: 560, margin: '1rem auto' }}>
      <h1>{t('auth.signUp.title')}</h1>
      <p className="muted">{t('auth.signUp.lead')}</p>
      <FormError failure={result?.formError} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <TextField field={fields.displayName} label={t('auth.displayName')} autoComplete="name" required />
        <TextField field={fields.identifier} label={t('auth.identifier')} hint={t('auth.identifier.hint')} autoComplete="username" required />
        <TextField field={fields.password} type="password" label={t('auth.password')} hint={t('auth.password.hint')} autoComplete="new-password" required />
        <TextField field={fields.confirm} type="password" label={t('auth.confirm')} autoComplete="new-password" required />
        <div className="actions">
          <button type="submit" className="btn">
            {t('auth.signUp.submit')}
          </button>
          <Link to="/login">{t('auth.signUp.haveAccount')}</Link>
        </div>
      </Form>
    </div>
  );
}
