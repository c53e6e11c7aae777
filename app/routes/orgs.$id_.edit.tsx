import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { getOrganization } from '~/queries/organizations.server';
import { ProfileSchema } from '~/schemas/organization';
import { updateOrganizationProfile } from '~/services/update-organization-profile.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { getFormProps } from '@conform-to/react';
import { Breadcrumbs } from '~/components/layout';
import { CategoryFields } from '~/components/org-fields';
import { FormError, TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

async function load(request: Request, id: string) {
  const org = await getOrganization(db(), id);
  if (!org) throw new AppError('notFound');
  const me = await authorize(request, 'org:edit', { organizationId: org.id, regionCode: org.regionCode });
  return { org, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { org } = await load(request, params.id!);
  return {
    org: {
      id: org.id,
      name: org.name,
      serviceCategories: org.serviceCategories,
      beneficiaryGroups: org.beneficiaryGroups,
      leaderName: org.leaderName,
      contactPhone: org.contactPhone,
      contactEmail: org.contactEmail ?? '',
      memberCount: org.memberCount,
      charter: org.charter,
      rules: org.rules,
    },
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { org, me } = await load(request, params.id!);
  const submission = parseSubmission(await readForm(request), ProfileSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await updateOrganizationProfile(db(), { actor: me.actor, requestId: requestIdOf(context) }, org.id, submission.value);
  return redirect(`/orgs/${org.id}`);
});

export default function EditOrganization() {
  const { org } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { id, name, ...profile } = org;
  const [form, fields] = useAppForm(ProfileSchema, { id: 'f', lastResult: result, defaultValue: { ...profile, memberCount: String(profile.memberCount) } });
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/orgs', label: t('orgs.title') }, { to: `/orgs/${id}`, label: name }, { label: t('org.edit') }]} />
      <h1>{t('org.edit.title', { name })}</h1>
      <FormError failure={result?.formError} />
      <Form method="post" className="stack card" {...getFormProps(form)}>
        <CategoryFields fields={fields} />
        <TextField field={fields.leaderName} label={t('org.leader')} />
        <TextField field={fields.contactPhone} type="tel" label={t('org.phone')} />
        <TextField field={fields.contactEmail} type="email" label={t('org.email')} />
        <TextField field={fields.memberCount} type="number" label={t('org.members')} inputMode="numeric" />
        <TextArea field={fields.charter} label={t('org.charter')} rows={8} />
        <TextArea field={fields.rules} label={t('org.rules')} rows={5} />
        <div className="actions">
          <button type="submit" className="btn">
            {t('common.save')}
          </button>
        </div>
      </Form>
    </>
  );
}
