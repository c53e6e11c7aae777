import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { intentionResource } from '~/domain/intention';
import { intentionCapabilities } from '~/domain/intention-capabilities';
import { getIntention } from '~/queries/intentions.server';
import { IntentionSchema } from '~/schemas/intention';
import { updateIntention } from '~/services/update-intention.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { IntentionForm, intentionFormValues, localizeIntentionFailure } from '~/components/intention-view';
import { Breadcrumbs } from '~/components/layout';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

async function load(request: Request, id: string) {
  const found = await getIntention(db(), id);
  if (!found) throw new AppError('notFound');
  const me = await authorize(request, 'intention:manage', intentionResource(found.intention));
  // A withdrawn intention is fixed: its page is where the person goes.
  if (!intentionCapabilities(me.actor, found.intention).edit.allowed) throw redirect(`/intentions/${id}`);
  return { intention: found.intention, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { intention } = await load(request, params.id!);
  return { intention: { id: intention.id, title: intention.title, status: intention.status }, values: intentionFormValues(intention) };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { intention, me } = await load(request, params.id!);
  const submission = parseSubmission(await readForm(request), IntentionSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { changed, published } = await updateIntention(db(), { actor: me.actor, requestId: requestIdOf(context) }, intention.id, submission.value);
  return redirect(`/intentions/${intention.id}?saved=${!changed.length ? 'none' : published ? 'published' : 'draft'}`);
});

export default function EditIntention() {
  const { intention, values } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const published = intention.status === 'published';
  const failure = answer && 'formError' in answer && answer.formError ? answer.formError : null;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/intentions', label: t('intentions.title') },
          { to: `/intentions/${intention.id}`, label: intention.title },
          { label: t('intention.edit.title') },
        ]}
      />
      <h1>{t('intention.edit.title')}</h1>
      <p className={published ? 'warning' : 'lead'} role={published ? 'note' : undefined}>
        {t(published ? 'intention.edit.leadPublished' : 'intention.edit.leadDraft')}
      </p>
      <FormError failure={localizeIntentionFailure(failure, t)} />
      <IntentionForm defaultValue={values} answer={answer} submitLabel={t('intention.edit.submit')} />
    </>
  );
}
