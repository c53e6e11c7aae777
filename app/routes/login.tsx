import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { clientIp, currentUser, requestIdOf, sessionCookie, sessionPolicy } from '~/auth/guard.server';
import { SignInSchema } from '~/schemas/account';
import { signIn } from '~/services/sign-in.server';
import { db } from '~/lib/db.server';
import { badRequest, parseForm, readForm } from '~/lib/forms.server';
import { actionOf, type FormFailure } from '~/lib/http.server';
import { safeNext } from '~/lib/redirects';
import { data } from '@remix-run/node';
import { FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { translator } from '~/i18n/i18n';

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('auth.signIn.title') }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const next = safeNext(new URL(request.url).searchParams.get('next'));
  if (await currentUser(request)) throw redirect(next);
  return { next };
}

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const parsed = parseForm(await readForm(request), SignInSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await signIn(db(), { ...parsed.data, ip: clientIp(request, context), requestId: requestIdOf(context) }, sessionPolicy());
  if (!result.ok) {
    return data<FormFailure>(
      { formError: { messageKey: 'auth.errors.wrong', params: {} }, values: { identifier: parsed.data.identifier } },
      { status: 400 },
    );
  }
  return redirect(safeNext(parsed.data.next), { headers: { 'Set-Cookie': sessionCookie(result.token) } });
});

export default function Login() {
  const { next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormFailure & { fieldErrors?: Record<string, string> }) | undefined;
  const { t } = useT();
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="card" style={{ maxWidth: 480, margin: '1rem auto' }}>
      <h1>{t('auth.signIn.title')}</h1>
      <FormError failure={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="next" value={next} />
        <TextField
          name="identifier"
          label={t('auth.identifier')}
          hint={t('auth.identifier.hint')}
          errors={result?.fieldErrors}
          defaultValue={(result?.values?.identifier as string) ?? ''}
          autoComplete="username"
          required
        />
        <TextField name="password" type="password" label={t('auth.password')} errors={result?.fieldErrors} autoComplete="current-password" required />
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
