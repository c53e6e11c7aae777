import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, currentUser, requestIdOf, sessionCookie, sessionPolicy } from '~/auth/guard.server';
import { SignInSchema } from '~/schemas/account';
import { signIn } from '~/services/sign-in.server';
import { throttlePolicy } from '~/auth/throttle.server';
import { db } from '~/lib/db.server';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { useAppForm } from '~/lib/use-app-form';
import { getFormProps } from '@conform-to/react';
import { actionOf, retryAfterHeaders } from '~/lib/http.server';
import { afterSignIn } from '~/lib/redirects';
import { FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { translator } from '~/i18n/i18n';

export const headers = retryAfterHeaders;

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('auth.signIn.title') }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = afterSignIn(url.searchParams.get('next'), url.origin);
  if (await currentUser(request)) throw redirect(next);
  // Where every sign-up lands, whether its identifier was new or taken (ADR 012).
  return { next, registered: url.searchParams.get('registered') === '1' };
}

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const submission = parseSubmission(await readForm(request), SignInSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const result = await signIn(
    db(),
    { ...submission.value, ip: clientIp(request, context), requestId: requestIdOf(context) },
    sessionPolicy(),
    new Date(),
    throttlePolicy(),
  );
  // One answer for a wrong password and for an identifier that names no account.
  if (!result.ok) return replyTo(submission, { formError: 'auth.errors.wrong', status: 400 });
  return redirect(afterSignIn(submission.value.next, new URL(request.url).origin), { headers: { 'Set-Cookie': sessionCookie(result.token) } });
});

export default function Login() {
  const { next, registered } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useAppForm(SignInSchema, { lastResult: result });
  const { t } = useT();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="card" style={{ maxWidth: 480, margin: '1rem auto' }}>
      <h1>{t('auth.signIn.title')}</h1>
      {registered && !result ? (
        <p className="notice" role="status">
          {t('auth.signUp.done')}
        </p>
      ) : null}
      <FormError failure={result?.formError} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="next" value={next} />
        <TextField field={fields.identifier} label={t('auth.identifier')} hint={t('auth.identifier.hint')} autoComplete="username" required />
        <TextField field={fields.password} type="password" label={t('auth.password')} autoComplete="current-password" required />
        <div className="actions">
          <button type="submit" className="btn" disabled={busy}>
            {t('auth.signIn.submit')}
          </button>
          <Link to="/signup">{t('auth.signIn.noAccount')}</Link>
        </div>
      </Form>
    </div>
  );
}
