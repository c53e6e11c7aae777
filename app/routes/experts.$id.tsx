import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { decide } from '~/domain/permissions';
import { expertOf, organizationChoices } from '~/queries/experts.server';
import { ExpertProfileSchema, ExpertRelationsSchema } from '~/schemas/expert';
import { declareExpertRelations, expertScope, saveExpertProfile } from '~/services/save-expert-profile.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { ExpertProfileForm, ExpertRelationsForm } from '~/components/expert-form';
import { Breadcrumbs } from '~/components/layout';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

/**
 * Who edits what: the bureau that keeps the expert (experts:maintain, in the expert's region) the whole
 * profile; the expert themselves (experts:declare) their declared relations. Anyone else: 403.
 */
async function access(request: Request, userId: string) {
  const me = await requireUser(request);
  const expert = await expertOf(db(), userId);
  const scope = { regionCode: expertScope(expert?.profile?.regionCode) };
  if (decide(me.actor, 'experts:maintain', scope).allowed) {
    const who = await authorize(request, 'experts:maintain', scope);
    if (!expert) throw new AppError('notFound');
    return { who, expert, as: 'maintainer' as const };
  }
  const who = await authorize(request, 'experts:declare', { ownerUserId: userId });
  if (!expert) throw new AppError('notFound');
  return { who, expert, as: 'self' as const };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { expert, as } = await access(request, params.id!);
  const p = expert.profile;
  const named = [...(p?.employerOrganizationId ? [p.employerOrganizationId] : []), ...expert.relations.map((r) => r.organizationId)];
  return {
    as,
    name: expert.user.name,
    listed: !!p,
    values: {
      specialties: p?.specialties ?? [],
      regionCode: p?.regionCode ?? '',
      employerOrganizationId: p?.employerOrganizationId ?? '',
      employerName: p?.employerName ?? '',
      active: p?.active ?? true,
      relations: expert.relations,
    },
    organizations: await organizationChoices(db(), named),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { who, expert, as } = await access(request, params.id!);
  const ctx = { actor: who.actor, requestId: requestIdOf(context) };
  const form = await readForm(request);
  // Each form says which it is (its hidden intent): a post without it is not one of them.
  if (form.get('intent') !== (as === 'maintainer' ? 'profile' : 'relations')) throw new AppError('invalidInput', 'errors.form.unreadable');
  if (as === 'maintainer') {
    const submission = parseSubmission(form, ExpertProfileSchema);
    if (submission.status !== 'success') return replyTo(submission);
    return orRefusal(submission, async () => {
      await saveExpertProfile(db(), ctx, expert.user.id, submission.value);
      return redirect(`/experts/${expert.user.id}?saved=1`);
    });
  }
  const submission = parseSubmission(form, ExpertRelationsSchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    await declareExpertRelations(db(), ctx, submission.value.relations);
    return redirect(`/experts/${expert.user.id}?saved=1`);
  });
});

export default function Expert() {
  const { as, name, listed, values, organizations } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={as === 'maintainer' ? [{ to: '/experts', label: t('experts.title') }, { label: name }] : [{ label: t('experts.mine.title') }]} />
      <h1>{as === 'maintainer' ? t('experts.edit.title', { name }) : t('experts.mine.title')}</h1>
      <p className="lead">{as === 'maintainer' ? t('experts.edit.lead') : t('experts.mine.lead')}</p>
      {search.get('saved') && !answer ? (
        <p className="notice" role="status">
          {t('experts.saved')}
        </p>
      ) : null}
      <FormError failure={answer && 'formError' in answer ? answer.formError : null} />
      {as === 'maintainer' ? (
        <ExpertProfileForm defaultValue={values} organizations={organizations} answer={answer} />
      ) : listed ? (
        <ExpertRelationsForm relations={values.relations} organizations={organizations} answer={answer} />
      ) : (
        <p className="muted">{t('experts.errors.noProfile')}</p>
      )}
    </>
  );
}
