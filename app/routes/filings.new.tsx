import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { regionPicker } from '~/queries/regions.server';
import { FilingSchema } from '~/schemas/filing';
import { submitFiling } from '~/services/submit-filing.server';
import { db } from '~/lib/db.server';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { chosenRegion, RegionStepForm } from '~/components/region-picker';
import { FilingForm } from '~/components/filing-form';
import { Breadcrumbs } from '~/components/layout';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  await authorize(request, 'filing:apply');
  const region = chosenRegion(new URL(request.url).searchParams);
  const picker = await regionPicker(db(), region);
  const community = picker.path.at(-1)?.level === 'community' ? picker.path.at(-1)! : null;
  return { picker, community: community ? { code: community.code, name: community.name, path: picker.path.map((r) => r.name).join(' / ') } : null };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const me = await authorize(request, 'filing:apply');
  const submission = parseSubmission(await readForm(request), FilingSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { id } = await submitFiling(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
  return redirect(`/filings/${id}?submitted=1`);
});

export default function NewFiling() {
  const { picker, community } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/filings', label: t('filings.title') }, { label: t('filings.new.title') }]} />
      <h1>{t('filings.new.title')}</h1>
      <p className="lead">{t('filings.new.lead')}</p>
      <h2>{t('filings.new.step1')}</h2>
      <RegionStepForm levels={picker.levels} label={t('filings.new.step1')} submitLabel={t('filings.new.chooseRegion')} />
      {community ? (
        <>
          <h2>{t('filings.new.step2')}</h2>
          <p className="notice">{t('filings.new.community', { path: community.path })}</p>
          <FormError failure={result?.formError} />
          <p className="small muted">{t('documents.filing.afterSubmit')}</p>
          <FilingForm regionCode={community.code} lastResult={result} submitLabel={t('filings.new.submit')} />
        </>
      ) : (
        <p className="muted">{t('filings.new.chooseFirst')}</p>
      )}
    </>
  );
}
