import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { authorize, currentUser, requestIdOf } from '~/auth/guard.server';
import { mayOf } from '~/domain/capabilities';
import { allowedStatusActions, organizationCapabilities, organizationResource } from '~/domain/organization-capabilities';
import { toFullCode } from '~/domain/region-code';
import { getOrganization } from '~/queries/organizations.server';
import { regionPath } from '~/queries/regions.server';
import { completedContractsOf } from '~/queries/contracts.server';
import { RegistrationSchema, StatusChangeSchema } from '~/schemas/organization';
import { recordRegistration } from '~/services/record-registration.server';
import { changeOrganizationStatus } from '~/services/change-organization-status.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { RegistrationPanel, StatusPanel } from '~/components/org-actions';
import { StatusBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.org.name ?? '' }];

async function load(id: string) {
  const org = await getOrganization(db(), id);
  if (!org) throw new AppError('notFound');
  return org;
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const org = await load(params.id!);
  const [path, me, completed] = await Promise.all([regionPath(db(), org.regionCode), currentUser(request), completedContractsOf(db(), org.id)]);
  const capabilities = organizationCapabilities(me?.actor ?? null, org);
  return {
    org: {
      id: org.id,
      name: org.name,
      kind: org.kind,
      legalStatus: org.legalStatus,
      uscc: org.uscc,
      filingNumber: org.filingNumber,
      regionCode: org.regionCode,
      serviceCategories: org.serviceCategories,
      beneficiaryGroups: org.beneficiaryGroups,
      leaderName: org.leaderName,
      contactPhone: org.contactPhone,
      foundedOn: org.foundedOn,
      memberCount: org.memberCount,
      charter: org.charter,
      rules: org.rules,
      status: org.status,
      statusReason: org.statusReason,
      filedAt: org.filedAt?.toISOString() ?? null,
      registeredAt: org.registeredAt?.toISOString() ?? null,
    },
    path: path.map((r) => ({ code: r.code, name: r.name })),
    completed,
    may: mayOf(capabilities),
    statusActions: allowedStatusActions(capabilities),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const org = await load(params.id!);
  const form = await readForm(request);
  const resource = organizationResource(org);
  if (form.get('intent') === 'register') {
    const me = await authorize(request, 'org:register', resource);
    const submission = parseSubmission(form, RegistrationSchema);
    if (submission.status !== 'success') return replyTo(submission);
    await recordRegistration(db(), { actor: me.actor, requestId: requestIdOf(context) }, { organizationId: org.id, ...submission.value });
    return { done: 'register' as const };
  }
  const me = await authorize(request, 'org:changeStatus', resource);
  const submission = parseSubmission(form, StatusChangeSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await changeOrganizationStatus(db(), { actor: me.actor, requestId: requestIdOf(context) }, { organizationId: org.id, ...submission.value });
  return { done: submission.value.action };
});

export default function OrganizationPage() {
  const { org, path, may, statusActions, completed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && 'done' in result ? result.done : undefined;
  const failure = result && 'formError' in result ? result.formError : undefined;
  const { t, date, list, fen } = useT();
  const last = path[path.length - 1];
  return (
    <>
      <Breadcrumbs items={[{ to: '/orgs', label: t('orgs.title') }, ...path.map((r) => ({ to: `/regions/${r.code}`, label: r.name })), { label: org.name }]} />
      <h1>
        {org.name} <StatusBadge status={org.status} />
      </h1>
      {org.status !== 'active' && org.statusReason ? <p className="warning">{t('org.statusReason', { reason: org.statusReason })}</p> : null}
      {done ? (
        <p className="notice" role="status">
          {t('org.done')}
        </p>
      ) : null}
      <div className="two-col">
        <div>
          <section className="card">
            <dl className="facts">
              <dt>{t('org.kind')}</dt>
              <dd>{t(`org.kind.${org.kind}`)}</dd>
              <dt>{t('org.legalStatus')}</dt>
              <dd>{t(`org.legalStatus.${org.legalStatus}`)}</dd>
              {org.uscc ? (
                <>
                  <dt>{t('org.uscc')}</dt>
                  <dd>
                    <code>{org.uscc}</code>
                  </dd>
                </>
              ) : null}
              {org.filingNumber ? (
                <>
                  <dt>{t('org.filingNumber')}</dt>
                  <dd>
                    <code>{org.filingNumber}</code>
                  </dd>
                </>
              ) : null}
              <dt>{t('org.region')}</dt>
              <dd>
                {path.map((r) => r.name).join(' / ')}
                {last ? <span className="muted small"> ({toFullCode(last.code)})</span> : null}
              </dd>
              <dt>{t('org.categories')}</dt>
              <dd>{list(org.serviceCategories.map((c) => t(keyUnder('category', c))))}</dd>
              <dt>{t('org.beneficiaries')}</dt>
              <dd>{list(org.beneficiaryGroups.map((c) => t(keyUnder('beneficiary', c))))}</dd>
              <dt>{t('org.leader')}</dt>
              <dd>{org.leaderName}</dd>
              <dt>{t('org.phone')}</dt>
              <dd>{org.contactPhone}</dd>
              <dt>{t('org.foundedOn')}</dt>
              <dd>{date(org.foundedOn)}</dd>
              <dt>{t('org.members')}</dt>
              <dd>{org.memberCount}</dd>
              {org.filedAt ? (
                <>
                  <dt>{t('org.filedAt')}</dt>
                  <dd>{date(org.filedAt)}</dd>
                </>
              ) : null}
              {org.registeredAt ? (
                <>
                  <dt>{t('org.registeredAt')}</dt>
                  <dd>{date(org.registeredAt)}</dd>
                </>
              ) : null}
            </dl>
          </section>
          <section className="card">
            <h2>{t('org.charter')}</h2>
            <p style={{ whiteSpace: 'pre-wrap' }}>{org.charter}</p>
            {org.rules ? (
              <>
                <h2>{t('org.rules')}</h2>
                <p style={{ whiteSpace: 'pre-wrap' }}>{org.rules}</p>
              </>
            ) : null}
          </section>
          <section className="card" aria-labelledby="completed-title">
            <h2 id="completed-title">{t('execution.org.completed')}</h2>
            {completed.length ? (
              <ul className="plain">
                {completed.map((c) => (
                  <li key={c.id}>
                    <Link to={`/projects/${c.projectId}`}>{c.title}</Link> · {fen(c.amountFen)}
                    {c.completedAt ? ` · ${date(c.completedAt)}` : ''} · {t('execution.score')}{' '}
                    <strong>{c.performanceScore === null ? t('execution.org.noScore') : t('execution.scoreValue', { n: c.performanceScore })}</strong>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('execution.org.none')}</p>
            )}
          </section>
        </div>
        <aside>
          {may.edit || may.manageMembers ? (
            <section className="card">
              <h2>{t('org.manage.mine')}</h2>
              <div className="actions">
                {may.edit ? (
                  <Link className="btn" to={`/orgs/${org.id}/edit`}>
                    {t('org.edit')}
                  </Link>
                ) : null}
                {may.manageMembers ? (
                  <Link className="btn secondary" to={`/orgs/${org.id}/members`}>
                    {t('org.members.manage')}
                  </Link>
                ) : null}
              </div>
            </section>
          ) : null}
          {may.register ? <RegistrationPanel answer={result} failure={failure} /> : null}
          {statusActions.length ? <StatusPanel actions={statusActions} answer={result} failure={may.register ? undefined : failure} /> : null}
        </aside>
      </div>
    </>
  );
}
