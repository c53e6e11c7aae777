import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData } from '@remix-run/react';
import { clientIp, requestIdOf, requireUser } from '~/auth/guard.server';
import { throttlePolicy } from '~/auth/throttle.server';
import { ChangePasswordSchema } from '~/schemas/account';
import { changePassword } from '~/services/change-password.server';
import { db } from '~/lib/db.server';
import { badRequest, parseForm, readForm } from '~/lib/forms.server';
import { actionOf, loaderOf, retryAfterHeaders, type FormFailure } from '~/lib/http.server';
import { FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

export const headers = retryAfterHeaders;

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await requireUser(request);
  return null;
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await requireUser(request);
  const parsed = parseForm(await readForm(request), ChangePasswordSchema);
  if (!parsed.ok) return badRequest(parsed);
  await changePassword(
    db(),
    {
      userId: me.user.id,
      sessionId: me.sessionId,
      current: parsed.data.current,
      password: parsed.data.password,
      ip: clientIp(request, context),
      requestId: requestIdOf(context),
    },
    new Date(),
    throttlePolicy(),
  );
  return { done: true as const };
});

export default function ChangePassword() {
  const result = useActionData<typeof action>() as (FormFailure & { fieldErrors?: Record<string, string>; done?: true }) | undefined;
  const { t } = useT();
  return (
    <div className="card" style={{ maxWidth: 560 }}>
      <h1>{t('auth.password.change.title')}</h1>
      {result?.done ? (
        <p className="notice" role="status">
          {t('auth.password.changed')}
        </p>
      ) : null}
      <FormError failure={result?.formError} />
      <Form method="post" className="stack" noValidate>
        <TextField name="current" type="password" label={t('auth.password.current')} errors={result?.fieldErrors} autoComplete="current-password" required />
        <TextField
          name="password"
          type="password"
          label={t('auth.password.new')}
          hint={t('auth.password.hint')}
          errors={result?.fieldErrors}
          autoComplete="new-password"
          required
        />
        <TextField name="confirm" type="password" label={t('auth.confirm')} errors={result?.fieldErrors} autoComplete="new-password" required />
        <div className="actions">
          <button type="submit" className="btn">
            {t('auth.password.change.submit')}
          </button>
        </div>
      </Form>
    </div>
  );
}
