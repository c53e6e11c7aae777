import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { filingCapability, filingResource } from '~/domain/filing-capabilities';
import { getApplication } from '~/queries/filings.server';
import { regionPicker } from '~/queries/regions.server';
import { FilingSchema } from '~/schemas/filing';
import { resubmitFiling } from '~/services/resubmit-filing.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { chosenRegion, RegionStepForm } from '~/components/region-picker';
import { FilingForm } from '~/components/filing-form';
import { Breadcrumbs } from '~/components/layout';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

async function load(request: Request, id: string) {
  const app = await getApplication(db(), id);
  if (!app) throw new AppError('notFound');
  const me = await authorize(request, 'filing:amend', filingResource(app));
  // Only a returned application is fixed; otherwise its page says where it stands.
  if (!filingCapability(me.actor, app, 'resubmit').allowed) throw redirect(`/filings/${app.id}`);
  return { app, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { app } = await load(request, params.id!);
  const picked = chosenRegion(new URL(request.url).searchParams) ?? app.regionCode;
  const picker = await regionPicker(db(), picked);
  const community = picker.path.at(-1)?.level === 'community' ? picker.path.at(-1)! : null;
  return {
    app: {
      id: app.id,
      name: app.name,
      serviceCategories: app.serviceCategories,
      beneficiaryGroups: app.beneficiaryGroups,
      leaderName: app.leaderName,
      contactPhone: app.contactPhone,
      foundedOn: app.foundedOn,
      memberCount: app.memberCount,
      charter: app.charter,
      rules: app.rules,
      decisionReason: app.decisionReason,
    },
    picker,
    community: community ? { code: community.code, path: picker.path.map((r) => r.name).join(' / ') } : null,
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { app, me } = await load(request, params.id!);
  const submission = parseSubmission(await readForm(request), FilingSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await resubmitFiling(db(), { actor: me.actor, requestId: requestIdOf(context) }, app.id, submission.value);
  return redirect(`/filings/${app.id}?submitted=1`);
});

export default function EditFiling() {
  const { app, picker, community } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/filings', label: t('filings.title') }, { to: `/filings/${app.id}`, label: app.name }, { label: t('filing.action.fix') }]} />
      <h1>{t('filing.edit.title')}</h1>
      <div className="warning" role="note">
        <strong>{t('filing.returnedBecause')}</strong> {app.decisionReason}
      </div>
      <RegionStepForm levels={picker.levels} label={t('filings.new.step1')} submitLabel={t('filings.new.chooseRegion')} style={{ marginTop: '1rem' }} />
      <FormError failure={result?.formError} />
      {community ? (
        <>
          <p className="notice">{t('filings.new.community', { path: community.path })}</p>
          <FilingForm regionCode={community.code} lastResult={result} defaultValue={app} submitLabel={t('filing.action.resubmit')} />
        </>
      ) : (
        <p className="muted">{t('filings.new.chooseFirst')}</p>
      )}
    </>
  );
}
