import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { can, staffRegions } from '~/domain/permissions';
import { regionPicker } from '~/queries/regions.server';
import { intentionChoices } from '~/queries/intentions.server';
import { purchasingUnitOf } from '~/domain/intention';
import { now, todayInChina } from '~/lib/clock.server';
import { methodWindows } from '~/queries/calendar.server';
import { ProjectSchema } from '~/schemas/project';
import { createProject } from '~/services/create-project.server';
import { db } from '~/lib/db.server';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { chosenRegion, RegionStepForm } from '~/components/region-picker';
import { NEW_PROJECT_DEFAULTS, ProjectForm } from '~/components/project-form';
import { Breadcrumbs } from '~/components/layout';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

/** The purchasing units' regions of the actor, the most local first (the usual region to buy for). */
async function purchaserHome(request: Request) {
  const me = await requireUser(request);
  return staffRegions(me.actor, ['bureauStaff', 'stationStaff', 'committeeStaff']).sort((a, b) => b.length - a.length)[0];
}

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const home = await purchaserHome(request);
  const me = await authorize(request, 'project:create', { regionCode: home });
  const chosen = chosenRegion(new URL(request.url).searchParams) ?? home!;
  const picker = await regionPicker(db(), chosen);
  const served = picker.path.at(-1);
  const inScope = !!served && can(me.actor, 'project:create', { regionCode: served.code });
  const intentions = await intentionChoices(db(), purchasingUnitOf(me.actor), Number(todayInChina().slice(0, 4)));
  return {
    picker,
    intentions,
    windows: await methodWindows(db(), now()),
    served: served && inScope ? { code: served.code, path: picker.path.map((r) => r.name).join(' / ') } : null,
    outside: !!served && !inScope,
  };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const posted = form.get('regionCode');
  const regionCode = typeof posted === 'string' && /^\d{2,12}$/.test(posted) ? posted : undefined;
  const me = await authorize(request, 'project:create', { regionCode });
  const submission = parseSubmission(form, ProjectSchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    const { id } = await createProject(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value);
    return redirect(`/projects/${id}?saved=created`);
  });
});

export default function NewProject() {
  const { picker, served, outside, intentions, windows } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/projects', label: t('projects.title') }, { label: t('projects.new.title') }]} />
      <h1>{t('projects.new.title')}</h1>
      <p className="lead">{t('projects.new.lead')}</p>
      <h2>{t('projects.new.step1')}</h2>
      <RegionStepForm levels={picker.levels} label={t('projects.new.step1')} submitLabel={t('projects.new.chooseRegion')} />
      {served ? (
        <>
          <h2>{t('projects.new.step2')}</h2>
          <p className="notice">{t('projects.new.region', { path: served.path })}</p>
          <FormError failure={answer && 'formError' in answer ? answer.formError : null} />
          <ProjectForm
            regionCode={served.code}
            intentions={intentions}
            windows={windows}
            defaultValue={NEW_PROJECT_DEFAULTS}
            answer={answer}
            submitLabel={t('projects.new.submit')}
          >
            <p className="small muted">{t('projects.new.draftNote')}</p>
          </ProjectForm>
        </>
      ) : (
        <p className={outside ? 'warning' : 'muted'}>{t(outside ? 'projects.new.outside' : 'projects.new.chooseFirst')}</p>
      )}
    </>
  );
}
