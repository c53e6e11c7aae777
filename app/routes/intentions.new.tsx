import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { purchasingUnitOf } from '~/domain/intention';
import { todayInChina } from '~/lib/clock.server';
import { regionPath } from '~/queries/regions.server';
import { IntentionSchema } from '~/schemas/intention';
import { createIntention } from '~/services/create-intention.server';
import { db } from '~/lib/db.server';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { IntentionForm } from '~/components/intention-view';
import { Breadcrumbs } from '~/components/layout';
import { purchaserName } from '~/components/project-view';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

/** The person's purchasing unit (their most local bureau, station or committee), authorized to draft. */
async function unitOf(request: Request) {
  const me = await requireUser(request);
  const unit = purchasingUnitOf(me.actor);
  return { unit, me: await authorize(request, 'intention:create', { regionCode: unit?.regionCode }) };
}

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const { unit } = await unitOf(request);
  const path = await regionPath(db(), unit!.regionCode);
  return {
    unit: { role: unit!.role, regionCode: unit!.regionCode, regionName: path.at(-1)?.name ?? unit!.regionCode },
    // Next year is the usual one to announce; the form starts there.
    defaults: { fundingSource: 'publicFinance', year: String(Number(todayInChina().slice(0, 4)) + 1) },
  };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const { me } = await unitOf(request);
  const submission = parseSubmission(await readForm(request), IntentionSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { id } = await createIntention(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
  return redirect(`/intentions/${id}?saved=created`);
});

export default function NewIntention() {
  const { unit, defaults } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/intentions', label: t('intentions.title') }, { label: t('intention.new.title') }]} />
      <h1>{t('intention.new.title')}</h1>
      <p className="lead">{t('intention.new.lead', { unit: purchaserName(t, unit.role, unit.regionCode, unit.regionName) })}</p>
      <FormError failure={answer && 'formError' in answer ? answer.formError : null} />
      <IntentionForm defaultValue={defaults} answer={answer} submitLabel={t('intention.new.submit')} />
    </>
  );
}
