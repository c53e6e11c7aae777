import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { getFormProps } from '@conform-to/react';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { TEMPLATE_PLACEHOLDERS } from '~/domain/contract-document';
import { purchasingUnitOf } from '~/domain/intention';
import { regionPath } from '~/queries/regions.server';
import { templateOfUnit } from '~/queries/contract-documents.server';
import { ContractTemplateSchema } from '~/schemas/contract-terms';
import { saveContractTemplate } from '~/services/save-contract-template.server';
import { db } from '~/lib/db.server';
import { orRefusal, parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { Breadcrumbs } from '~/components/layout';
import { TermsFields } from '~/components/contract-document';
import { purchaserName } from '~/components/project-view';
import { FormError } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { translator } from '~/i18n/i18n';

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches.find((m) => m.id === 'root')?.data as { locale?: 'zh-CN' | 'en' } | undefined)?.locale ?? 'zh-CN';
  return [{ title: translator(locale)('contractDoc.template.title') }];
};

/** The person's own purchasing unit (their most local bureau, station or committee); nobody edits another's. */
async function unitOf(request: Request) {
  const me = await requireUser(request);
  const unit = purchasingUnitOf(me.actor);
  const resource = unit ? { purchaserRole: unit.role, purchaserRegionCode: unit.regionCode, regionCode: unit.regionCode } : { regionCode: undefined };
  return { unit: unit!, me: await authorize(request, 'project:manage', resource) };
}

export const loader = loaderOf(async ({ request }: LoaderFunctionArgs) => {
  const { unit } = await unitOf(request);
  const [path, template] = await Promise.all([regionPath(db(), unit.regionCode), templateOfUnit(db(), unit.role, unit.regionCode)]);
  return { unit: { role: unit.role, regionCode: unit.regionCode, regionName: path.at(-1)?.name ?? unit.regionCode }, template };
});

export const action = actionOf(async ({ request, context }: ActionFunctionArgs) => {
  const { me } = await unitOf(request);
  const submission = parseSubmission(await readForm(request), ContractTemplateSchema);
  if (submission.status !== 'success') return replyTo(submission);
  const { revision, ...sections } = submission.value;
  return orRefusal(submission, async () => {
    await saveContractTemplate(db(), { actor: me.actor, requestId: requestIdOf(context) }, { sections, revision });
    return { done: 'saved' as const };
  });
});

export default function ContractTemplatePage() {
  const { unit, template } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, dateTime, list } = useT();
  const saved = answer && 'done' in answer;
  const [form, fields] = useAppForm(ContractTemplateSchema, {
    id: `template-${template.revision}`,
    lastResult: saved ? undefined : answer,
    defaultValue: { ...template.sections, revision: String(template.revision) },
  });
  return (
    <>
      <Breadcrumbs items={[{ to: '/contracts', label: t('contracts.title') }, { label: t('contractDoc.template.title') }]} />
      <h1>{t('contractDoc.template.title')}</h1>
      <p className="lead">{t('contractDoc.template.lead', { unit: purchaserName(t, unit.role, unit.regionCode, unit.regionName) })}</p>
      {saved ? (
        <p className="notice" role="status">
          {t('contractDoc.template.saved')}
        </p>
      ) : null}
      <FormError failure={answer && 'formError' in answer ? answer.formError : null} />
      <Form method="post" className="stack card" {...getFormProps(form)}>
        <p className="small muted">
          {template.updatedAt
            ? t('contractDoc.template.revision', { n: template.revision, at: dateTime(template.updatedAt) })
            : t('contractDoc.template.default')}
        </p>
        <p className="small">{t('contractDoc.template.placeholders', { list: list(TEMPLATE_PLACEHOLDERS) })}</p>
        <input type="hidden" name={fields.revision.name} value={String(template.revision)} />
        <TermsFields fields={fields} />
        <div className="actions">
          <button type="submit" className="btn">
            {t('contractDoc.template.submit')}
          </button>
        </div>
      </Form>
    </>
  );
}
