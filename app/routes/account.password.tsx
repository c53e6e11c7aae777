import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { clientIp, requestIdOf, requireUser } from '~/auth/guard.server';
import { throttlePolicy } from '~/auth/throttle.server';
import { ChangePasswordSchema } from '~/schemas/account';
import { changePassword } from '~/services/change-password.server';
import { db } from '~/lib/db.server';
import { getFormProps } from '@conform-to/react';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { useAppForm } from '~/lib/use-app-form';
import { actionOf, loaderOf, retryAfterHeaders } from '~/lib/http.server';
import { FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

export const headers = retryAfterHeaders;

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await requireUser(request);
  return null;
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await requireUser(request);
  const submission = parseSubmission(await readForm(request), ChangePasswordSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await changePassword(
    db(),
    {
      userId: me.user.id,
      sessionId: me.sessionId,
      current: submission.value.current,
      password: submission.value.password,
      ip: clientIp(request, context),
      requestId: requestIdOf(context),
    },
    new Date(),
    throttlePolicy(),
  );
  // The fields start empty again: nothing of a password stays in the page.
  return { ...submission.reply({ resetForm: true }), done: true as const };
});

export default function ChangePassword() {
  const result = useActionData<typeof action>();
  const [form, fields] = useAppForm(ChangePasswordSchema, { lastResult: result });
  const { t } = useT();
  return (
    <div className="card" style={{ maxWidth: 560 }}>
      <h1>{t('auth.password.change.title')}</h1>
      {result && 'done' in result ? (
        <p className="notice" role="status">
          {t('auth.password.changed')}
        </p>
      ) : null}
      <FormError failure={result && 'formError' in result ? result.formError : undefined} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <TextField field={fields.current} type="password" label={t('auth.password.current')} autoComplete="current-password" required />
        <TextField field={fields.password} type="password" label={t('auth.password.new')} hint={t('auth.password.hint')} autoComplete="new-password" required />
        <TextField field={fields.confirm} type="password" label={t('auth.confirm')} autoComplete="new-password" required />
        <div className="actions">
          <button type="submit" className="btn">
            {t('auth.password.change.submit')}
          </button>
        </div>
      </Form>
      <p className="small">
        <Link to="/account/notifications">{t('notifications.settings')}</Link>
      </p>
    </div>
  );
}
