import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from '@remix-run/node';
import { FormProvider, getFormProps } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { fenToYuanInput } from '~/domain/money';
import { projectResource } from '~/domain/project';
import { contractOfProject } from '~/queries/contracts.server';
import { awardsOf, getProject } from '~/queries/projects.server';
import { contractTermsSchema } from '~/schemas/contract';
import { draftContract } from '~/services/draft-contract.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { useAppForm } from '~/lib/use-app-form';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { defaultSchedule, ScheduleFields, SubcontractingFields } from '~/components/contract-form';
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
  const form = await readForm(request);
  const submission = parseSubmission(form, contractTermsSchema({ maxFen: live.award.amountFen, overKey: 'contract.errors.overAward', rail: true }));
  if (submission.status !== 'success') return replyTo(submission);
  // "Show the split" re-renders the form with the amounts, saving nothing.
  if (form.get('intent') === 'preview') return { ...submission.reply(), preview: true };
  const { id } = await draftContract(db(), { actor: me.actor, requestId: requestIdOf(context) }, project.id, submission.value);
  return redirect(`/contracts/${id}?done=drafted`);
});

export default function NewContract() {
  const { project, award } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, fen, date } = useT();
  const maxFen = award?.amountFen ?? 0;
  const schema = useMemo(() => contractTermsSchema({ maxFen, overKey: 'contract.errors.overAward', rail: true }), [maxFen]);
  const [form] = useAppForm(schema, {
    id: 'contract',
    lastResult: answer,
    defaultValue: award
      ? {
          ...defaultSchedule(t, fenToYuanInput(award.amountFen), project.serviceStart, project.serviceEnd),
          subcontractPercent: '0',
          subcontractExcludedWork: '',
        }
      : {},
  });
  const fieldErrors = answer && 'fieldErrors' in answer ? answer.fieldErrors : undefined;
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
          {answer && 'preview' in answer ? (
            <p className="notice" role="status">
              {t('contract.form.previewed')}
            </p>
          ) : null}
          {fieldErrors ? (
            <p className="form-error" role="alert">
              {t('contract.form.fix', { n: Object.keys(fieldErrors).length })}
            </p>
          ) : null}
          <FormError failure={localizeContractFailure(answer && 'formError' in answer ? answer.formError : null, t)} />
          <FormProvider context={form.context}>
            <Form method="post" className="stack card" {...getFormProps(form)}>
              <p className="small muted">{t('contract.new.lead')}</p>
              <ScheduleFields
                previewed={answer && 'preview' in answer ? answer.initialValue : null}
                rail
                maxFen={award.amountFen}
                maxLabel={t('contract.form.max.award')}
              />
              <SubcontractingFields />
              <div className="actions">
                <button type="submit" name="intent" value="draft" className="btn">
                  {t('contract.new.submit')}
                </button>
                <Link to={`/projects/${project.id}`}>{t('contract.new.back')}</Link>
              </div>
            </Form>
          </FormProvider>
        </>
      ) : (
        <p className="warning">{t('contract.errors.noAward')}</p>
      )}
    </>
  );
}
