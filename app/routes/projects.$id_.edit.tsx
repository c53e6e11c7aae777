import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { projectResource } from '~/domain/project';
import { projectCapabilities } from '~/domain/project-capabilities';
import { getProject } from '~/queries/projects.server';
import { regionPicker } from '~/queries/regions.server';
import { ProjectSchema } from '~/schemas/project';
import { updateProject } from '~/services/update-project.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { intentionChoices } from '~/queries/intentions.server';
import { now, todayInChina } from '~/lib/clock.server';
import { methodWindows } from '~/queries/calendar.server';
import { chosenRegion, RegionStepForm } from '~/components/region-picker';
import { ProjectForm, projectFormValues } from '~/components/project-form';
import { Breadcrumbs } from '~/components/layout';
import { localizeFailure } from '~/components/project-view';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

async function load(request: Request, id: string) {
  const found = await getProject(db(), id);
  if (!found) throw new AppError('notFound');
  const me = await authorize(request, 'project:manage', projectResource(found.project));
  // Only a draft is edited and only a published project amended; later it is fixed.
  if (!projectCapabilities(me.actor, found.project, { reissued: false }).edit.allowed) throw redirect(`/projects/${id}`);
  return { ...found, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { project, criteria, singleSource } = await load(request, params.id!);
  const picked = chosenRegion(new URL(request.url).searchParams) ?? project.regionCode;
  const picker = await regionPicker(db(), picked);
  const served = picker.path.at(-1);
  const unit = { role: project.purchaserRole, regionCode: project.purchaserRegionCode };
  const intentions = await intentionChoices(db(), unit, Number(todayInChina().slice(0, 4)));
  return {
    intentions,
    windows: await methodWindows(db(), now()),
    project: { id: project.id, title: project.title, status: project.status, amendmentCount: project.amendmentCount },
    values: projectFormValues(project, criteria, singleSource?.uscc),
    picker,
    served: served ? { code: served.code, path: picker.path.map((r) => r.name).join(' / ') } : null,
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { project, me } = await load(request, params.id!);
  const submission = parseSubmission(await readForm(request), ProjectSchema);
  if (submission.status !== 'success') return replyTo(submission);
  return orRefusal(submission, async () => {
    const { changed, material } = await updateProject(db(), { actor: me.actor, requestId: requestIdOf(context) }, project.id, submission.value);
    const saved = !changed.length ? 'none' : project.status === 'draft' ? 'draft' : material ? 'material' : 'minor';
    return redirect(`/projects/${project.id}?saved=${saved}`);
  });
});

export default function EditProject() {
  const { project, values, picker, served, intentions, windows } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, dateTime } = useT();
  const [search] = useSearchParams();
  const published = project.status === 'published';
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/projects', label: t('projects.title') },
          { to: `/projects/${project.id}`, label: project.title },
          { label: t(published ? 'project.amend' : 'project.edit') },
        ]}
      />
      <h1>{t(published ? 'projects.amend.title' : 'projects.edit.title')}</h1>
      {published ? (
        <div className="warning" role="note">
          <p style={{ margin: 0 }}>{t('projects.amend.lead', { n: project.amendmentCount + 1 })}</p>
          <p style={{ margin: '.5rem 0 0' }}>{t('projects.amend.material')}</p>
        </div>
      ) : (
        <p className="lead">{t('projects.edit.lead')}</p>
      )}
      {search.get('reissued') && !published ? (
        <p className="notice" role="status">
          {t('projects.edit.reissued')}
        </p>
      ) : null}
      <h2>{t('projects.new.step1')}</h2>
      <RegionStepForm levels={picker.levels} label={t('projects.new.step1')} submitLabel={t('projects.new.chooseRegion')} />
      <FormError failure={localizeFailure(answer && 'formError' in answer ? answer.formError : null, t, dateTime)} />
      {served ? (
        <>
          <p className="notice">{t('projects.new.region', { path: served.path })}</p>
          <ProjectForm
            regionCode={served.code}
            intentions={intentions}
            windows={windows}
            defaultValue={values}
            answer={answer}
            submitLabel={t(published ? 'projects.amend.submit' : 'projects.edit.submit')}
          />
        </>
      ) : (
        <p className="muted">{t('projects.new.chooseFirst')}</p>
      )}
    </>
  );
}
