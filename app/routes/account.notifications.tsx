import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { requestIdOf, requireUser } from '~/auth/guard.server';
import { NOTIFICATION_GROUPS, NOTIFICATION_KINDS, notificationGroup, wantsChannel } from '~/domain/notifications';
import { messageKeyOr, translator } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';
import { db } from '~/lib/db.server';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { preferencesOf } from '~/queries/notifications.server';
import { NotificationPreferencesSchema } from '~/schemas/notifications';
import { saveNotificationPreferences } from '~/services/save-notification-preferences.server';
import notificationsCss from '~/styles/notifications.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: notificationsCss }];

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('notificationPrefs.title') }];
};

/** Every kind, grouped, with the person's channels (their choice, else the default). */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const choices = await preferencesOf(db(), me.user.id);
  return {
    hasEmail: !!me.user.email,
    hasMobile: !!me.user.mobile,
    groups: NOTIFICATION_GROUPS.map((group) => ({
      group,
      kinds: NOTIFICATION_KINDS.filter((k) => notificationGroup(k) === group).map((kind) => ({
        kind,
        email: wantsChannel(kind, 'email', choices),
        sms: wantsChannel(kind, 'sms', choices),
      })),
    })),
  };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await requireUser(request);
  const submission = parseSubmission(await readForm(request), NotificationPreferencesSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await saveNotificationPreferences(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
  return { ...submission.reply(), done: true as const };
});

export default function NotificationSettings() {
  const { groups, hasEmail, hasMobile } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [form, fields] = useAppForm(NotificationPreferencesSchema, { lastResult: result });
  const { t } = useT();
  const error = fields.kinds.errors?.[0] ?? fields.email.errors?.[0] ?? fields.sms.errors?.[0];
  return (
    <div className="card" style={{ maxWidth: 760 }}>
      <h1>{t('notificationPrefs.title')}</h1>
      <p className="lead">{t('notificationPrefs.lead')}</p>
      <p className="small muted">{t('notificationPrefs.defaults')}</p>
      {!hasEmail ? <p className="warning">{t('notificationPrefs.noEmail')}</p> : null}
      {!hasMobile ? <p className="warning">{t('notificationPrefs.noMobile')}</p> : null}
      {result && 'done' in result ? (
        <p className="notice" role="status">
          {t('notificationPrefs.saved')}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {t(messageKeyOr(error))}
        </p>
      ) : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        {groups.map(({ group, kinds }) => (
          <div key={group} className="table-wrap">
            <table className="data prefs">
              <caption>{t(`notificationPrefs.group.${group}`)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notificationPrefs.kind')}</th>
                  <th scope="col" id={`col-email-${group}`}>
                    {t('notificationPrefs.email')}
                  </th>
                  <th scope="col" id={`col-sms-${group}`}>
                    {t('notificationPrefs.sms')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {kinds.map((k) => (
                  <tr key={k.kind}>
                    <th scope="row" id={`kind-${k.kind}`}>
                      {t(`notificationPrefs.kind.${k.kind}`)}
                      <input type="hidden" name="kinds" value={k.kind} />
                    </th>
                    <td>
                      <input type="checkbox" name="email" value={k.kind} defaultChecked={k.email} aria-labelledby={`kind-${k.kind} col-email-${group}`} />
                    </td>
                    <td>
                      <input type="checkbox" name="sms" value={k.kind} defaultChecked={k.sms} aria-labelledby={`kind-${k.kind} col-sms-${group}`} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        <div className="actions">
          <button type="submit" className="btn">
            {t('notificationPrefs.save')}
          </button>
          <Link to="/notifications">{t('notifications.title')}</Link>
        </div>
      </Form>
    </div>
  );
}
