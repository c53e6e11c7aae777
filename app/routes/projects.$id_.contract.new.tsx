import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { fenToYuanInput } from '~/domain/money';
import { projectResource } from '~/domain/project';
import { contractOfProject } from '~/queries/contracts.server';
import { awardsOf, getProject } from '~/queries/projects.server';
import { contractTermsSchema } from '~/schemas/contract';
import { draftContract } from '~/services/draft-contract.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { badRequest, fieldErrorsOf, formToObject, readForm } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { defaultSchedule, ScheduleFields, type ScheduleAnswer, type ScheduleValues } from '~/components/contract-form';
import { localizeContractFailure } from '~/components/contract-bits';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import contractsCss from '~/styles/contracts.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.project.title ?? '' }];

/** The purchaser of an awarded project, with the live award (if any). */
async function load(request: Request, id: string) {
  const found = await getProject(db(), id);
  if (!found || found.project.status === 'draft') throw new AppError('notFound');
  const me = await authorize(request, 'project:manage', projectResource(found.project));
  const live = found.project.status === 'awarded' ? (await awardsOf(db(), id)).find((a) => a.award.status === 'awarded') : undefined;
  return { project: found.project, me, live };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { project, live } = await load(request, params.id!);
  const existing = await contractOfProject(db(), project.id);
  if (existing) throw redirect(`/contracts/${existing.id}`);
  return {
    project: { id: project.id, title: project.title, serviceStart: project.serviceStart, serviceEnd: project.serviceEnd },
    award: live ? { orgName: live.orgName, amountFen: live.award.amountFen } : null,
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { project, me, live } = await load(request, params.id!);
  if (!live) throw new AppError('invalidTransition', 'contract.errors.noAward');
  const raw = formToObject(await readForm(request));
  const parsed = contractTermsSchema({ maxFen: live.award.amountFen, overKey: 'contract.errors.overAward', rail: true }).safeParse(raw);
  if (!parsed.success) return badRequest({ fieldErrors: fieldErrorsOf(parsed.error), values: raw });
  // "Show the split" re-renders the form with the amounts, saving nothing.
  if (raw.intent === 'preview') return { preview: true, values: raw };
  const { id } = await draftContract(db(), { actor: me.actor, requestId: requestIdOf(context) }, project.id, parsed.data);
  return redirect(`/contracts/${id}?done=drafted`);
});

export default function NewContract() {
  const { project, award } = useLoaderData<typeof loader>();
  const result: ScheduleAnswer = useActionData<typeof action>();
  const { t, fen, date } = useT();
  const values =
    (result?.values as ScheduleValues | undefined) ??
    (award ? defaultSchedule(t, fenToYuanInput(award.amountFen), project.serviceStart, project.serviceEnd) : {});
  return (
    <>
      <Breadcrumbs
        items={[{ to: '/projects', label: t('projects.title') }, { to: `/projects/${project.id}`, label: project.title }, { label: t('contract.new.title') }]}
      />
      <h1>{t('contract.new.title')}</h1>
      <p className="lead">{project.title}</p>
      {award ? (
        <>
          <section className="card">
            <dl className="facts">
              <dt>{t('contract.payee')}</dt>
              <dd>{award.orgName}</dd>
              <dt>{t('contract.new.awarded')}</dt>
              <dd>
                <strong>{fen(award.amountFen)}</strong>
              </dd>
              <dt>{t('project.period')}</dt>
              <dd>{t('project.periodValue', { start: date(project.serviceStart), end: date(project.serviceEnd) })}</dd>
            </dl>
          </section>
          {result?.preview ? (
            <p className="notice" role="status">
              {t('contract.form.previewed')}
            </p>
          ) : null}
          {result?.fieldErrors ? (
            <p className="form-error" role="alert">
              {t('contract.form.fix', { n: Object.keys(result.fieldErrors).length })}
            </p>
          ) : null}
          <FormError failure={localizeContractFailure(result?.formError, t)} />
          <Form method="post" className="stack card" noValidate>
            <p className="small muted">{t('contract.new.lead')}</p>
            <ScheduleFields values={values} errors={result?.fieldErrors} rail maxFen={award.amountFen} maxLabel={t('contract.form.max.award')} />
            <div className="actions">
              <button type="submit" name="intent" value="draft" className="btn">
                {t('contract.new.submit')}
              </button>
              <Link to={`/projects/${project.id}`}>{t('contract.new.back')}</Link>
            </div>
          </Form>
        </>
      ) : (
        <p className="warning">{t('contract.errors.noAward')}</p>
      )}
    </>
  );
}
