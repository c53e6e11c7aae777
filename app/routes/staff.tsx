import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { canGrant, grantableRoles } from '~/domain/permissions';
import { toFullCode } from '~/domain/region-code';
import { assignmentsOf, findUserByIdentifier } from '~/queries/users.server';
import { GrantSchema, RevokeSchema } from '~/schemas/staff';
import { grantRole, revokeRole } from '~/services/grant-role.server';
import { db } from '~/lib/db.server';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { submissionOf, useAppForm } from '~/lib/use-app-form';
import { getFormProps } from '@conform-to/react';
import { readQuery } from '~/lib/query.server';
import { searchText } from '~/schemas/fields';
import { Field, FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

const Query = z.object({ who: searchText(254) });

/** Staff roles: the platform administrator, and bureaus for the stations and committees under them. */
export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const me = await authorize(request, 'role:grant');
  const who = readQuery(request, Query).who ?? '';
  const user = who ? await findUserByIdentifier(db(), who) : null;
  const roles = user ? await assignmentsOf(db(), user.id) : [];
  return {
    who,
    user,
    roles: roles.map((r) => ({ ...r, revocable: canGrant(me.actor, r.role, r.regionCode) })),
    grantable: grantableRoles(me.actor),
  };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await authorize(request, 'role:grant');
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  const form = await readForm(request);
  if (form.get('intent') === 'revoke') {
    const submission = parseSubmission(form, RevokeSchema);
    if (submission.status !== 'success') return replyTo(submission);
    await revokeRole(db(), ctx, submission.value.assignmentId);
    return { done: 'revoke' as const };
  }
  const submission = parseSubmission(form, GrantSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await grantRole(db(), ctx, submission.value);
  return { done: 'grant' as const };
});

export default function Staff() {
  const { who, user, roles, grantable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && 'done' in result ? result.done : undefined;
  const [form, fields] = useAppForm(GrantSchema, { id: 'f', lastResult: submissionOf(result)?.initialValue?.intent === 'grant' ? result : undefined });
  const { t } = useT();
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p className="lead">{t('staff.lead')}</p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="who">{t('staff.find')}</label>
          <input id="who" name="who" type="search" defaultValue={who} />
        </div>
        <div className="actions">
          <button type="submit" className="btn">
            {t('staff.findSubmit')}
          </button>
        </div>
      </Form>
      {done ? (
        <p className="notice" role="status">
          {t(`staff.done.${done}`)}
        </p>
      ) : null}
      <FormError failure={result && 'formError' in result ? result.formError : undefined} />
      {who && !user ? <p className="card">{t('staff.noUser')}</p> : null}
      {user ? (
        <div className="two-col">
          <section className="card">
            <h2>
              {user.displayName} <span className="muted small">{user.email ?? user.mobile}</span>
            </h2>
            {roles.length ? (
              <table className="data">
                <caption className="visually-hidden">{t('workspace.roles')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('staff.role')}</th>
                    <th scope="col">{t('staff.scope')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('staff.revoke')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {roles.map((r) => (
                    <tr key={r.id}>
                      <td>{t(`role.${r.role}`)}</td>
                      <td>{r.regionName ? `${r.regionName} (${toFullCode(r.regionCode!)})` : (r.organizationName ?? '—')}</td>
                      <td>
                        {r.revocable ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="revoke" />
                            <input type="hidden" name="assignmentId" value={r.id} />
                            <button type="submit" className="btn link">
                              {t('staff.revoke')}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="muted">{t('workspace.noRoles')}</p>
            )}
          </section>
          <section className="card">
            <h2>{t('staff.grant')}</h2>
            <Form method="post" className="stack" {...getFormProps(form)}>
              <input type="hidden" name="intent" value="grant" />
              <input type="hidden" name="userId" value={user.id} />
              <Field field={fields.role} label={t('staff.role')}>
                {(p, initial) => (
                  <select {...p} key={fields.role.key} defaultValue={typeof initial === 'string' ? initial : undefined}>
                    {grantable.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <TextField field={fields.regionCode} label={t('staff.regionCode')} hint={t('staff.regionCode.hint')} inputMode="numeric" />
              <button type="submit" className="btn">
                {t('staff.grantSubmit')}
              </button>
            </Form>
          </section>
        </div>
      ) : null}
    </>
  );
}
