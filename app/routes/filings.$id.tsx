import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { can } from '~/domain/permissions';
import { getApplication, applicationTimeline, mergeSuggestionsFor } from '~/queries/filings.server';
import { regionPath } from '~/queries/regions.server';
import { ReasonSchema } from '~/schemas/filing';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { decideFiling } from '~/services/decide-filing.server';
import { withdrawFiling } from '~/services/withdraw-filing.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { badRequest, parseForm, readForm } from '~/lib/forms.server';
import { actionOf, loaderOf, type FormFailure } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { FormError, TextArea } from '~/components/ui/form';
import { FilingBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';
import { keyUnder, type MessageKey } from '~/i18n/i18n';

async function load(request: Request, id: string) {
  const app = await getApplication(db(), id);
  if (!app) throw new AppError('notFound');
  const resource = { regionCode: app.regionCode, ownerUserId: app.applicantUserId };
  const me = await authorize(request, 'filing:view', resource);
  return { app, me, resource };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { app, me, resource } = await load(request, params.id!);
  const [timeline, path] = await Promise.all([applicationTimeline(db(), app.id), regionPath(db(), app.regionCode)]);
  const isReviewer = can(me.actor, 'filing:firstReview', resource) || can(me.actor, 'filing:decide', resource) || me.role === 'bureauStaff';
  const suggestions = isReviewer && !['filed', 'withdrawn'].includes(app.status) ? await mergeSuggestionsFor(db(), app, path.at(-1)?.name ?? '') : [];
  return {
    app: {
      id: app.id,
      name: app.name,
      status: app.status,
      regionCode: app.regionCode,
      serviceCategories: app.serviceCategories,
      beneficiaryGroups: app.beneficiaryGroups,
      leaderName: app.leaderName,
      contactPhone: app.contactPhone,
      foundedOn: app.foundedOn,
      memberCount: app.memberCount,
      charter: app.charter,
      rules: app.rules,
      decisionReason: app.decisionReason,
      revision: app.revision,
      organizationId: app.organizationId,
    },
    path: path.map((r) => r.name),
    timeline: timeline.map((s) => ({ ...s, at: s.at.toISOString() })),
    suggestions,
    may: {
      amend: can(me.actor, 'filing:amend', resource) && ['submitted', 'returned'].includes(app.status),
      resubmit: can(me.actor, 'filing:amend', resource) && app.status === 'returned',
      firstReview: can(me.actor, 'filing:firstReview', resource) && app.status === 'submitted',
      decide: can(me.actor, 'filing:decide', resource) && app.status === 'firstReviewPassed',
    },
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { app, resource } = await load(request, params.id!);
  const form = await readForm(request);
  const intent = String(form.get('intent') ?? '');
  const requestId = requestIdOf(context);
  // Who may act comes first: an outsider learns nothing from the reason's validation.
  const me =
    intent === 'pass' || intent === 'return'
      ? await authorize(request, 'filing:firstReview', resource)
      : intent === 'file' || intent === 'reject'
        ? await authorize(request, 'filing:decide', resource)
        : intent === 'withdraw'
          ? await authorize(request, 'filing:amend', resource)
          : null;
  if (!me) throw new AppError('invalidInput');
  let reason: string | undefined;
  if (intent === 'return' || intent === 'reject') {
    const parsed = parseForm(form, ReasonSchema);
    if (!parsed.ok) return badRequest({ ...parsed, values: { ...parsed.values, intent } });
    reason = parsed.data.reason;
  }
  const ctx = { actor: me.actor, requestId };
  if (intent === 'pass' || intent === 'return') await firstReviewFiling(db(), ctx, { applicationId: app.id, decision: intent, reason });
  else if (intent === 'file' || intent === 'reject') await decideFiling(db(), ctx, { applicationId: app.id, decision: intent, reason });
  else await withdrawFiling(db(), ctx, app.id);
  return { done: intent };
});

const ROLE_KEYS: Record<string, MessageKey> = {
  owner: 'filing.actor.applicant',
  committeeStaff: 'role.committeeStaff',
  stationStaff: 'role.stationStaff',
  bureauStaff: 'role.bureauStaff',
};

export default function FilingPage() {
  const { app, path, timeline, suggestions, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as (FormFailure & { fieldErrors?: Record<string, string>; done?: string }) | undefined;
  const [search] = useSearchParams();
  const { t, date, dateTime, list } = useT();
  const reasonFor = (intent: string) => (result?.values?.intent === intent ? result.fieldErrors : undefined);
  return (
    <>
      <Breadcrumbs items={[{ to: '/filings', label: t('filings.title') }, { label: app.name }]} />
      <h1>
        {app.name} <FilingBadge status={app.status} />
      </h1>
      {search.get('submitted') ? (
        <p className="notice" role="status">
          {t('filing.submitted.notice')}
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice" role="status">
          {t(keyUnder('filing.done', result.done))}
        </p>
      ) : null}
      <FormError failure={result?.formError} />
      {app.status === 'returned' || app.status === 'rejected' ? (
        <div className="warning" role="note">
          <strong>{t(app.status === 'returned' ? 'filing.returnedBecause' : 'filing.rejectedBecause')}</strong> {app.decisionReason}
        </div>
      ) : null}
      {app.organizationId ? (
        <p className="notice">
          {t('filing.filedAs')} <Link to={`/orgs/${app.organizationId}`}>{app.name}</Link>
        </p>
      ) : null}
      <div className="two-col" style={{ marginTop: '1rem' }}>
        <div>
          <section className="card">
            <h2>{t('filing.details')}</h2>
            <dl className="facts">
              <dt>{t('filing.community')}</dt>
              <dd>{path.join(' / ')}</dd>
              <dt>{t('org.categories')}</dt>
              <dd>{list(app.serviceCategories.map((c) => t(keyUnder('category', c))))}</dd>
              <dt>{t('org.beneficiaries')}</dt>
              <dd>{list(app.beneficiaryGroups.map((c) => t(keyUnder('beneficiary', c))))}</dd>
              <dt>{t('org.leader')}</dt>
              <dd>{app.leaderName}</dd>
              <dt>{t('org.phone')}</dt>
              <dd>{app.contactPhone}</dd>
              <dt>{t('org.foundedOn')}</dt>
              <dd>{date(app.foundedOn)}</dd>
              <dt>{t('org.members')}</dt>
              <dd>{app.memberCount}</dd>
              <dt>{t('filing.revision')}</dt>
              <dd>{app.revision}</dd>
            </dl>
            <h3>{t('org.charter')}</h3>
            <p style={{ whiteSpace: 'pre-wrap' }}>{app.charter}</p>
            {app.rules ? (
              <>
                <h3>{t('org.rules')}</h3>
                <p style={{ whiteSpace: 'pre-wrap' }}>{app.rules}</p>
              </>
            ) : null}
          </section>
          <section className="card">
            <h2>{t('filing.timeline')}</h2>
            <ol className="timeline">
              {timeline.map((s) => (
                <li key={s.id}>
                  <strong>{t(`filing.step.${s.action}`)}</strong>{' '}
                  <span className="muted small">
                    {dateTime(s.at)} · {s.actorName ?? ''} ({t(ROLE_KEYS[s.actorRole] ?? keyUnder('role', s.actorRole))}) ·{' '}
                    {t('filing.revisionN', { n: s.revision })}
                  </span>
                  {s.reason ? (
                    <div>
                      {t('filing.reason')}: {s.reason}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside>
          {suggestions.length ? (
            <section className="card warning" aria-labelledby="merge-title">
              <h2 id="merge-title">{t('filing.merge.title')}</h2>
              <p className="small">{t('filing.merge.lead')}</p>
              <ul>
                {suggestions.map((s) => (
                  <li key={s.id}>
                    <Link to={`/orgs/${s.id}`}>{s.name}</Link>{' '}
                    <span className="small muted">
                      {t('filing.merge.shared', {
                        categories: list(s.sharedCategories.map((c) => t(keyUnder('category', c)))),
                        pct: Math.round(s.similarity * 100),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {may.firstReview ? (
            <section className="card">
              <h2>{t('filing.firstReview.title')}</h2>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="pass" />
                <button type="submit" className="btn">
                  {t('filing.action.pass')}
                </button>
              </Form>
              <hr />
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="return" />
                <TextArea name="reason" label={t('filing.returnReason')} errors={reasonFor('return')} rows={3} />
                <button type="submit" className="btn secondary">
                  {t('filing.action.return')}
                </button>
              </Form>
            </section>
          ) : null}
          {may.decide ? (
            <section className="card">
              <h2>{t('filing.decide.title')}</h2>
              <Form method="post" className="stack">
                <input type="hidden" name="intent" value="file" />
                <button type="submit" className="btn">
                  {t('filing.action.file')}
                </button>
              </Form>
              <hr />
              <Form method="post" className="stack" noValidate>
                <input type="hidden" name="intent" value="reject" />
                <TextArea name="reason" label={t('filing.rejectReason')} errors={reasonFor('reject')} rows={3} />
                <button type="submit" className="btn danger">
                  {t('filing.action.reject')}
                </button>
              </Form>
            </section>
          ) : null}
          {may.amend ? (
            <section className="card">
              <h2>{t('filing.mine.title')}</h2>
              <div className="actions">
                {may.resubmit ? (
                  <Link className="btn" to={`/filings/${app.id}/edit`}>
                    {t('filing.action.fix')}
                  </Link>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <button type="submit" className="btn secondary">
                    {t('filing.action.withdraw')}
                  </button>
                </Form>
              </div>
            </section>
          ) : null}
        </aside>
      </div>
    </>
  );
}
