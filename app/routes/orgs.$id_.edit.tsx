import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { getOrganization } from '~/queries/organizations.server';
import { PROFILE_ARRAY_FIELDS, ProfileSchema } from '~/schemas/organization';
import { updateOrganizationProfile } from '~/services/update-organization-profile.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { badRequest, parseForm, readForm } from '~/lib/forms.server';
import { actionOf, loaderOf, type FormFailure } from '~/lib/http.server';
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
  const parsed = parseForm(await readForm(request), ProfileSchema, PROFILE_ARRAY_FIELDS);
  if (!parsed.ok) return badRequest(parsed);
  await updateOrganizationProfile(db(), { actor: me.actor, requestId: requestIdOf(context) }, org.id, parsed.data);
  return redirect(`/orgs/${org.id}`);
});

export default function EditOrganization() {
  const { org } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormFailure & { fieldErrors?: Record<string, string> }) | undefined;
  const { t } = useT();
  const v = { ...org, ...(result?.values ?? {}) } as typeof org;
  return (
    <>
      <Breadcrumbs items={[{ to: '/orgs', label: t('orgs.title') }, { to: `/orgs/${org.id}`, label: org.name }, { label: t('org.edit') }]} />
      <h1>{t('org.edit.title', { name: org.name })}</h1>
      <FormError failure={result?.formError} />
      <Form method="post" className="stack card" noValidate>
        <CategoryFields errors={result?.fieldErrors} selected={v} />
        <TextField name="leaderName" label={t('org.leader')} errors={result?.fieldErrors} defaultValue={v.leaderName} />
        <TextField name="contactPhone" type="tel" label={t('org.phone')} errors={result?.fieldErrors} defaultValue={v.contactPhone} />
        <TextField name="contactEmail" type="email" label={t('org.email')} errors={result?.fieldErrors} defaultValue={v.contactEmail} />
        <TextField name="memberCount" type="number" label={t('org.members')} errors={result?.fieldErrors} defaultValue={v.memberCount} inputMode="numeric" />
        <TextArea name="charter" label={t('org.charter')} errors={result?.fieldErrors} defaultValue={v.charter} rows={8} />
        <TextArea name="rules" label={t('org.rules')} errors={result?.fieldErrors} defaultValue={v.rules} rows={5} />
        <div className="actions">
          <button type="submit" className="btn">
            {t('common.save')}
          </button>
        </div>
      </Form>
    </>
  );
}
