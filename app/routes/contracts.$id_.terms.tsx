import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import type { Role } from '~/domain/catalog';
import { termsCapability } from '~/domain/contract-document';
import { sideOf } from '~/domain/contract-side';
import { getContract, type ContractRecord } from '~/queries/contracts.server';
import { documentOf } from '~/queries/contract-documents.server';
import { ContractTermsSchema } from '~/schemas/contract-terms';
import { editContractTerms } from '~/services/edit-contract-terms.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { Breadcrumbs } from '~/components/layout';
import { TermsFields, TermsText } from '~/components/contract-document';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.contract.title ?? '' }];

/** The payer of the contract: the purchasing unit, or for a subcontract the subcontracting organization. */
async function authorizePayer(request: Request, c: ContractRecord) {
  await requireUser(request);
  if (!c.payerOrganizationId) {
    return authorize(request, 'project:manage', {
      purchaserRole: c.purchaserRole as Role,
      purchaserRegionCode: c.purchaserRegionCode!,
      regionCode: c.purchaserRegionCode!,
    });
  }
  return authorize(request, 'contract:organization', { organizationId: c.payerOrganizationId });
}

async function load(request: Request, id: string) {
  const c = await getContract(db(), id);
  if (!c) throw new AppError('notFound');
  const me = await authorizePayer(request, c);
  const doc = await documentOf(db(), c.id);
  if (!doc) throw new AppError('notFound');
  return { c, me, doc };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { c, me, doc } = await load(request, params.id!);
  return {
    contract: { id: c.id, title: c.title, number: doc.number },
    terms: doc.terms,
    mayEdit: termsCapability(sideOf(me.actor, c)?.side ?? null, c.status).allowed,
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { c, me } = await load(request, params.id!);
  const submission = parseSubmission(await readForm(request), ContractTermsSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { changed } = await editContractTerms(db(), { actor: me.actor, requestId: requestIdOf(context) }, c.id, submission.value);
  return changed.length ? redirect(`/contracts/${c.id}`) : { done: 'unchanged' as const };
});

export default function EditContractTerms() {
  const { contract, terms, mayEdit } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useT();
  const [form, fields] = useAppForm(ContractTermsSchema, { id: 'terms', lastResult: answer, defaultValue: terms ?? {} });
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/contracts', label: t('contracts.title') },
          { to: `/contracts/${contract.id}`, label: contract.title },
          { label: t('contractDoc.terms.title') },
        ]}
      />
      <h1>{t('contractDoc.terms.title')}</h1>
      {answer && 'done' in answer ? (
        <p className="notice" role="status">
          {t('contractDoc.terms.unchanged')}
        </p>
      ) : null}
      <FormError failure={answer && 'formError' in answer ? answer.formError : null} />
      {mayEdit ? (
        <Form method="post" className="stack card" {...getFormProps(form)}>
          <p className="small">{t('contractDoc.terms.lead', { number: contract.number })}</p>
          <TermsFields fields={fields} />
          <div className="actions">
            <button type="submit" className="btn">
              {t('contractDoc.terms.submit')}
            </button>
            <Link to={`/contracts/${contract.id}`}>{t('contractDoc.print.back')}</Link>
          </div>
        </Form>
      ) : (
        <section className="card">
          <p className="warning">{t('contractDoc.terms.frozen')}</p>
          <TermsText terms={terms} />
        </section>
      )}
    </>
  );
}
