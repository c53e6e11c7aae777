import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { getOrganization } from '~/queries/organizations.server';
import { findUserByIdentifier, organizationMembers } from '~/queries/users.server';
import { AddMemberSchema, RevokeSchema } from '~/schemas/staff';
import { addOrganizationMember, removeOrganizationMember } from '~/services/manage-organization-members.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { submissionOf, useAppForm } from '~/lib/use-app-form';
import { getFormProps } from '@conform-to/react';
import { Breadcrumbs } from '~/components/layout';
import { Field, FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

async function load(request: Request, id: string) {
  const org = await getOrganization(db(), id);
  if (!org) throw new AppError('notFound');
  const me = await authorize(request, 'org:manageMembers', { organizationId: org.id, regionCode: org.regionCode });
  return { org, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { org } = await load(request, params.id!);
  return { org: { id: org.id, name: org.name }, members: await organizationMembers(db(), org.id) };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { org, me } = await load(request, params.id!);
  const ctx = { actor: me.actor, requestId: requestIdOf(context) };
  const form = await readForm(request);
  if (form.get('intent') === 'remove') {
    const submission = parseSubmission(form, RevokeSchema);
    if (submission.status !== 'success') return replyTo(submission);
    await removeOrganizationMember(db(), ctx, { organizationId: org.id, assignmentId: submission.value.assignmentId });
    return { done: 'remove' as const };
  }
  // The account is looked up first so that "no such person" is the identifier's error, in the same round as the others.
  const identifier = form.get('identifier');
  const user = typeof identifier === 'string' ? await findUserByIdentifier(db(), identifier.trim()) : null;
  const submission = parseSubmission(
    form,
    AddMemberSchema.refine(() => user !== null, { path: ['identifier'], message: 'members.errors.noUser' }),
  );
  if (submission.status !== 'success' || !user) return replyTo(submission);
  await addOrganizationMember(db(), ctx, { organizationId: org.id, userId: user.id, role: submission.value.role });
  return { done: 'add' as const };
});

export default function Members() {
  const { org, members } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && 'done' in result ? result.done : undefined;
  const [form, fields] = useAppForm(AddMemberSchema, {
    id: 'f',
    lastResult: submissionOf(result)?.initialValue?.intent === 'add' ? result : undefined,
    defaultValue: { role: 'orgMember' },
  });
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/orgs', label: t('orgs.title') }, { to: `/orgs/${org.id}`, label: org.name }, { label: t('members.title') }]} />
      <h1>{t('members.title')}</h1>
      {done ? (
        <p className="notice" role="status">
          {t(`members.done.${done}`)}
        </p>
      ) : null}
      <FormError failure={result && 'formError' in result ? result.formError : undefined} />
      <div className="two-col">
        <section className="card">
          <table className="data stack">
            <caption className="visually-hidden">{t('members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('auth.displayName')}</th>
                <th scope="col">{t('auth.identifier')}</th>
                <th scope="col">{t('staff.role')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('members.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.assignmentId}>
                  <td className="stack-head">{m.displayName}</td>
                  <td data-label={t('auth.identifier')}>{m.email ?? m.mobile}</td>
                  <td data-label={t('staff.role')}>{t(`role.${m.role}`)}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="assignmentId" value={m.assignmentId} />
                      <button type="submit" className="btn link">
                        {t('members.remove')}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>{t('members.add')}</h2>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="add" />
            <TextField field={fields.identifier} label={t('auth.identifier')} hint={t('members.add.hint')} />
            <Field field={fields.role} label={t('staff.role')}>
              {(p, initial) => (
                <select {...p} key={fields.role.key} defaultValue={typeof initial === 'string' ? initial : 'orgMember'}>
                  <option value="orgMember">{t('role.orgMember')}</option>
                  <option value="orgAdmin">{t('role.orgAdmin')}</option>
                </select>
              )}
            </Field>
            <button type="submit" className="btn">
              {t('members.addSubmit')}
            </button>
          </Form>
        </section>
      </div>
    </>
  );
}
