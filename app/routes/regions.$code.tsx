import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { authorize, currentUser, requestIdOf } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { toFullCode } from '~/domain/region-code';
import { getRegion, normalizeRegionCode, regionChildrenWithCounts, regionPath } from '~/queries/regions.server';
import { CommunityTypeSchema } from '~/schemas/organization';
import { correctCommunityType } from '~/services/correct-community-type.server';
import { searchOrganizations } from '~/queries/organizations.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { useAppForm } from '~/lib/use-app-form';
import { getFormProps } from '@conform-to/react';
import { Breadcrumbs } from '~/components/layout';
import { OrgTable } from '~/components/org-table';
import { Field, FormError, TextArea } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { keyUnder } from '~/i18n/i18n';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.region.name ?? '' }];

async function load(raw: string) {
  const code = normalizeRegionCode(raw);
  const region = code ? await getRegion(db(), code) : null;
  if (!region) throw new AppError('notFound');
  return region;
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  if (params.code !== normalizeRegionCode(params.code ?? '') && normalizeRegionCode(params.code ?? '')) {
    throw redirect(`/regions/${normalizeRegionCode(params.code!)}`);
  }
  const region = await load(params.code!);
  const [path, children, me] = await Promise.all([regionPath(db(), region.code), regionChildrenWithCounts(db(), region), currentUser(request)]);
  const orgs = region.level === 'community' ? await searchOrganizations(db(), { region: region.code, page: 1, pageSize: 50 }) : null;
  return {
    region: { ...region, fullCode: toFullCode(region.code) },
    path: path.map((r) => ({ code: r.code, name: r.name })),
    children,
    orgs,
    mayCorrect: region.level === 'community' && can(me?.actor ?? null, 'region:correctType', { regionCode: region.code }),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const region = await load(params.code!);
  const me = await authorize(request, 'region:correctType', { regionCode: region.code });
  const submission = parseSubmission(await readForm(request), CommunityTypeSchema);
  if (submission.status !== 'success') return replyTo(submission);
  await correctCommunityType(db(), { actor: me.actor, requestId: requestIdOf(context) }, { regionCode: region.code, ...submission.value });
  return { done: true as const };
});

export default function RegionPage() {
  const { region, path, children, orgs, mayCorrect } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && 'done' in result ? result.done : undefined;
  const { t, num } = useT();
  const totals = children.reduce((acc, c) => ({ orgs: acc.orgs + c.orgs, urban: acc.urban + c.urbanCommunities, rural: acc.rural + c.ruralCommunities }), {
    orgs: 0,
    urban: 0,
    rural: 0,
  });
  return (
    <>
      <Breadcrumbs items={path.map((r) => ({ to: `/regions/${r.code}`, label: r.name }))} />
      <h1>
        {region.name} <span className="badge">{t(`region.level.${region.level}`)}</span>{' '}
        {region.communityType ? <span className="badge info">{t(`region.type.${region.communityType}`)}</span> : null}{' '}
        {region.directlyReported ? <span className="badge warn">{t('region.directlyReported')}</span> : null}
      </h1>
      <p className="muted">
        {t('region.code')}: <code>{region.fullCode}</code>
        {region.communityTypeReason ? ` · ${t('region.typeReason')}: ${t(keyUnder('region.reason', region.communityTypeReason))}` : null}
      </p>
      {done ? (
        <p className="notice" role="status">
          {t('region.corrected')}
        </p>
      ) : null}
      {children.length ? (
        <>
          <p>
            <Link to={`/orgs?region=${region.code}`}>{t('region.orgsHere', { n: totals.orgs })}</Link>
            {region.level !== 'street' ? <> · {t('region.communitiesHere', { urban: num(totals.urban), rural: num(totals.rural) })}</> : null}
          </p>
          <div className="table-wrap">
            <table className="data stack">
              <caption className="visually-hidden">{t('region.children')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('region.name')}</th>
                  <th scope="col">{t('region.code')}</th>
                  <th scope="col" className="num">
                    {t('region.orgs')}
                  </th>
                  <th scope="col" className="num">
                    {t('region.registered')}
                  </th>
                  <th scope="col" className="num">
                    {t('region.filed')}
                  </th>
                  <th scope="col" className="num">
                    {t('region.urban')}
                  </th>
                  <th scope="col" className="num">
                    {t('region.rural')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {children.map((c) => (
                  <tr key={c.code}>
                    <td className="stack-head">
                      <Link to={`/regions/${c.code}`}>{c.name}</Link>
                      {c.directlyReported ? <span className="badge warn"> {t('region.directlyReported')}</span> : null}
                    </td>
                    <td data-label={t('region.code')}>
                      <code className="small">{toFullCode(c.code)}</code>
                    </td>
                    <td className="num" data-label={t('region.orgs')}>
                      {num(c.orgs)}
                    </td>
                    <td className="num" data-label={t('region.registered')}>
                      {num(c.registered)}
                    </td>
                    <td className="num" data-label={t('region.filed')}>
                      {num(c.filed)}
                    </td>
                    <td className="num" data-label={t('region.urban')}>
                      {c.level === 'community' ? (c.communityType === 'urban' ? '✓' : '') : num(c.urbanCommunities)}
                    </td>
                    <td className="num" data-label={t('region.rural')}>
                      {c.level === 'community' ? (c.communityType === 'rural' ? '✓' : '') : num(c.ruralCommunities)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {orgs ? (
        <>
          <h2>{t('region.orgsInCommunity', { n: num(orgs.total) })}</h2>
          {orgs.rows.length ? <OrgTable rows={orgs.rows} /> : <p className="card">{t('orgs.none')}</p>}
        </>
      ) : null}
      {mayCorrect ? (
        <CorrectTypeForm current={region.communityType} answer={result} failure={result && 'formError' in result ? result.formError : undefined} />
      ) : null}
    </>
  );
}

/** A bureau corrects a community's urban/rural type, with the reason kept in the audit log. */
function CorrectTypeForm({
  current,
  answer,
  failure,
}: {
  current: 'urban' | 'rural' | null;
  answer: unknown;
  failure?: { messageKey: string; params?: Record<string, string | number> };
}) {
  const { t } = useT();
  const [form, fields] = useAppForm(CommunityTypeSchema, {
    id: 'f',
    lastResult: answer,
    // The form offers the other type: the one a correction would set.
    defaultValue: { communityType: current === 'urban' ? 'rural' : 'urban' },
  });
  return (
    <section className="card" style={{ marginTop: '1rem', maxWidth: 560 }}>
      <h2>{t('region.correct.title')}</h2>
      <FormError failure={failure} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <Field field={fields.communityType} label={t('region.type')}>
          {(p, initial) => (
            <select {...p} key={fields.communityType.key} defaultValue={typeof initial === 'string' ? initial : undefined}>
              <option value="urban">{t('region.type.urban')}</option>
              <option value="rural">{t('region.type.rural')}</option>
            </select>
          )}
        </Field>
        <TextArea field={fields.reason} label={t('region.correct.reason')} rows={2} />
        <button type="submit" className="btn secondary">
          {t('region.correct.submit')}
        </button>
      </Form>
    </section>
  );
}
