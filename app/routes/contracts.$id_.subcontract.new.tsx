import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from '@remix-run/node';
import { FormProvider, getFormProps } from '@conform-to/react';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useMemo } from 'react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { contractView, getContract, subcontractedFen, subcontractTargets } from '~/queries/contracts.server';
import { subcontractLimitFen, subcontractRemainingFen } from '~/domain/contract-execution';
import { getOrganization } from '~/queries/organizations.server';
import type { Capability } from '~/domain/capabilities';
import { subcontractCapability } from '~/domain/contract-capabilities';
import { subcontractSchema } from '~/schemas/contract';
import { draftSubcontract } from '~/services/draft-contract.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { useAppForm } from '~/lib/use-app-form';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { defaultSchedule, ScheduleFields } from '~/components/contract-form';
import { localizeContractFailure } from '~/components/contract-bits';
import { Field, FormError, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import contractsCss from '~/styles/contracts.css?url';
import { messageKeyOr } from '~/i18n/i18n';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: contractsCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.parent.title ?? '' }];

/** The payee of a main contract (a hub or county service organization) and whom it may subcontract to. */
async function load(request: Request, id: string) {
  const parent = await getContract(db(), id);
  if (!parent || parent.parentContractId) throw new AppError('notFound');
  const me = await authorize(request, 'contract:organization', { organizationId: parent.payeeOrganizationId });
  const holder = (await getOrganization(db(), parent.payeeOrganizationId))!;
  const [targets, used] = await Promise.all([subcontractTargets(db(), holder), subcontractedFen(db(), parent.id)]);
  return { parent, me, holder, targets, remainingFen: subcontractRemainingFen(parent.amountFen, parent.subcontractMaxPercent, used) };
}

/** The reason the page shows instead of the form, if any. */
const reasonOf = (c: Capability) => (c.allowed ? null : c.reason);

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { parent, holder, targets, remainingFen } = await load(request, params.id!);
  const { subcontracts } = await contractView(db(), parent);
  return {
    parent: {
      id: parent.id,
      title: parent.title,
      status: parent.status,
      amountFen: parent.amountFen,
      startDate: parent.startDate,
      endDate: parent.endDate,
      subcontractMaxPercent: parent.subcontractMaxPercent,
      subcontractExcludedWork: parent.subcontractExcludedWork,
    },
    holder: { name: holder.name, kind: holder.kind },
    targets,
    remainingFen,
    subcontracts: subcontracts.map((s) => ({ id: s.id, title: s.title, payeeName: s.payeeName, amountFen: s.amountFen, status: s.status })),
    problem: reasonOf(subcontractCapability('payee', { status: parent.status, isSubcontract: false }, holder.kind, remainingFen)),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { parent, me, targets, remainingFen } = await load(request, params.id!);
  const form = await readForm(request);
  const submission = parseSubmission(
    form,
    subcontractSchema({ maxFen: remainingFen, overKey: 'execution.errors.overShare', targets: targets.map((o) => o.id) }),
  );
  if (submission.status !== 'success') return replyTo(submission);
  if (form.get('intent') === 'preview') return { ...submission.reply(), preview: true };
  const { payeeOrganizationId, title, terms } = submission.value;
  const { id } = await draftSubcontract(db(), { actor: me.actor, requestId: requestIdOf(context) }, parent.id, payeeOrganizationId, title, terms);
  return redirect(`/contracts/${id}?done=drafted`);
});

export default function NewSubcontract() {
  const { parent, holder, targets, remainingFen, subcontracts, problem } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, fen, date } = useT();
  const targetIds = targets.map((o) => o.id).join(' ');
  const schema = useMemo(
    () => subcontractSchema({ maxFen: remainingFen, overKey: 'execution.errors.overShare', targets: targetIds.split(' ') }),
    [remainingFen, targetIds],
  );
  const [form, fields] = useAppForm(schema, {
    id: 'subcontract',
    lastResult: answer,
    defaultValue: { ...defaultSchedule(t, '', parent.startDate, parent.endDate), payeeOrganizationId: '', title: '' },
  });
  const fieldErrors = answer && 'fieldErrors' in answer ? answer.fieldErrors : undefined;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/contracts', label: t('contracts.title') },
          { to: `/contracts/${parent.id}`, label: parent.title },
          { label: t('subcontract.new.title') },
        ]}
      />
      <h1>{t('subcontract.new.title')}</h1>
      <p className="lead">{t('subcontract.new.lead', { holder: holder.name, title: parent.title })}</p>
      <section className="card">
        <dl className="facts">
          <dt>{t('contract.amount')}</dt>
          <dd>{fen(parent.amountFen)}</dd>
          <dt>{t('execution.share')}</dt>
          <dd>
            {parent.subcontractMaxPercent
              ? t('execution.shareValue', {
                  percent: parent.subcontractMaxPercent,
                  amount: fen(subcontractLimitFen(parent.amountFen, parent.subcontractMaxPercent)),
                })
              : t('execution.shareNone')}
            {parent.subcontractExcludedWork ? (
              <div className="small">
                {t('execution.excludedWork')}：{parent.subcontractExcludedWork}
              </div>
            ) : null}
          </dd>
          <dt>{t('subcontract.remaining')}</dt>
          <dd>
            <strong>{fen(remainingFen)}</strong>
          </dd>
          <dt>{t('contract.period')}</dt>
          <dd>{t('project.periodValue', { start: date(parent.startDate), end: date(parent.endDate) })}</dd>
          <dt>{t('contract.subcontracts')}</dt>
          <dd>
            {subcontracts.length ? (
              <ul className="plain">
                {subcontracts.map((s) => (
                  <li key={s.id}>
                    <Link to={`/contracts/${s.id}`}>{s.title}</Link> · {s.payeeName} · {fen(s.amountFen)} · {t(`contract.status.${s.status}`)}
                  </li>
                ))}
              </ul>
            ) : (
              t('contract.subcontracts.none')
            )}
          </dd>
        </dl>
      </section>
      {problem ? (
        <p className="warning">{t(messageKeyOr(problem))}</p>
      ) : !targets.length ? (
        <p className="warning">{t('subcontract.new.noTargets')}</p>
      ) : (
        <>
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
              <Field
                label={t('subcontract.payee')}
                hint={t(holder.kind === 'hub' ? 'subcontract.payee.hintHub' : 'subcontract.payee.hintCounty')}
                field={fields.payeeOrganizationId}
              >
                {(p, initial) => (
                  <select {...p} key={fields.payeeOrganizationId.key} defaultValue={typeof initial === 'string' ? initial : ''}>
                    <option value="">{t('common.choose')}</option>
                    {targets.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}（{o.regionName}）
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <TextField field={fields.title} label={t('subcontract.titleLabel')} hint={t('subcontract.title.hint')} required />
              <ScheduleFields
                previewed={answer && 'preview' in answer ? answer.initialValue : null}
                rail={false}
                maxFen={remainingFen}
                maxLabel={t('contract.form.max.parent')}
              />
              <p className="small muted">{t('subcontract.new.railNote')}</p>
              <p className="small muted">{t('execution.new.consentNote')}</p>
              <div className="actions">
                <button type="submit" name="intent" value="draft" className="btn">
                  {t('subcontract.new.submit')}
                </button>
                <Link to={`/contracts/${parent.id}`}>{t('subcontract.new.back')}</Link>
              </div>
            </Form>
          </FormProvider>
        </>
      )}
    </>
  );
}
