import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { authorize, requestIdOf } from '~/auth/guard.server';
import { mayOf } from '~/domain/capabilities';
import { FILING_PERMISSION, filingCapabilities, filingNeedsReason, filingResource, seesMergeSuggestions } from '~/domain/filing-capabilities';
import { FILING_ACTIONS } from '~/domain/filing';
import { getApplication, applicationTimeline, mergeSuggestionsFor } from '~/queries/filings.server';
import { regionPath } from '~/queries/regions.server';
import { ReasonSchema } from '~/schemas/filing';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { decideFiling } from '~/services/decide-filing.server';
import { withdrawFiling } from '~/services/withdraw-filing.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { Breadcrumbs } from '~/components/layout';
import { DocumentList, DocumentUploadForm } from '~/components/documents';
import { filingDocumentCapability, missingFilingDocuments } from '~/domain/documents';
import { documentsOfFiling } from '~/queries/attachments.server';
import { DetachDocumentSchema, FilingDocumentSchema } from '~/schemas/documents';
import { attachFilingDocument, removeDocument } from '~/services/attach-document.server';
import { uploadedFile } from '~/lib/upload.server';
import { FilingReviewPanels } from '~/components/filing-review';
import { FormError } from '~/components/ui/form';
import { FilingBadge } from '~/components/ui/badges';
import { useT } from '~/i18n/use-t';
import { keyUnder, type MessageKey } from '~/i18n/i18n';

async function load(request: Request, id: string) {
  const app = await getApplication(db(), id);
  if (!app) throw new AppError('notFound');
  const me = await authorize(request, 'filing:view', filingResource(app));
  return { app, me };
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { app, me } = await load(request, params.id!);
  const [timeline, path] = await Promise.all([applicationTimeline(db(), app.id), regionPath(db(), app.regionCode)]);
  const suggestions = seesMergeSuggestions(me.actor, app) ? await mergeSuggestionsFor(db(), app, path.at(-1)?.name ?? '') : [];
  // The application's documents, for whoever may read it (filing:view): never on a public page.
  const documents = await documentsOfFiling(db(), app.id);
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
    documents,
    missingDocuments: missingFilingDocuments(documents.map((d) => d.documentKind)),
    mayAttach: filingDocumentCapability(me.actor, app).allowed,
    may: mayOf(filingCapabilities(me.actor, app)),
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { app } = await load(request, params.id!);
  // Only someone who may read the application (load: filing:view) makes the server read a body (an upload may be 21 MB).
  const form = await readForm(request);
  if (form.get('intent') === 'detach') {
    const me = await authorize(request, 'filing:amend', filingResource(app));
    const submission = parseSubmission(form, DetachDocumentSchema);
    if (submission.status !== 'success') return replyTo(submission);
    // Only a document of this application.
    if (!(await documentsOfFiling(db(), app.id)).some((d) => d.id === submission.value.attachmentId)) throw new AppError('notFound');
    await removeDocument(db(), { actor: me.actor, requestId: requestIdOf(context) }, submission.value.attachmentId);
    return redirect(`/filings/${app.id}?detached=1`);
  }
  if (form.get('intent') === 'attach') {
    const me = await authorize(request, 'filing:amend', filingResource(app));
    const submission = parseSubmission(form, FilingDocumentSchema);
    if (submission.status !== 'success') return replyTo(submission);
    const upload = await uploadedFile(form, submission);
    if (upload.refusal) return upload.refusal;
    await attachFilingDocument(db(), { actor: me.actor, requestId: requestIdOf(context) }, app.id, submission.value.documentKind, upload.file);
    return redirect(`/filings/${app.id}?attached=1`);
  }
  // Resubmitting goes through the edit page's form.
  const intent = FILING_ACTIONS.find((a) => a === form.get('intent') && a !== 'resubmit');
  if (!intent) throw new AppError('invalidInput');
  const requestId = requestIdOf(context);
  // Who may act comes first: an outsider learns nothing from the reason's validation.
  // Each call names its permission, as the route policy table (app/auth/route-policy.ts) checks.
  const resource = filingResource(app);
  const me =
    FILING_PERMISSION[intent] === 'filing:firstReview'
      ? await authorize(request, 'filing:firstReview', resource)
      : FILING_PERMISSION[intent] === 'filing:decide'
        ? await authorize(request, 'filing:decide', resource)
        : await authorize(request, 'filing:amend', resource);
  let reason: string | undefined;
  if (filingNeedsReason(intent)) {
    const submission = parseSubmission(form, ReasonSchema);
    if (submission.status !== 'success') return replyTo(submission);
    reason = submission.value.reason;
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
  const { app, path, timeline, suggestions, documents, missingDocuments, mayAttach, may } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const done = result && 'done' in result ? result.done : undefined;
  const [search] = useSearchParams();
  const { t, date, dateTime, list } = useT();
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
      {search.get('attached') || search.get('detached') ? (
        <p className="notice" role="status">
          {t(search.get('attached') ? 'documents.attached' : 'documents.removed')}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {t(keyUnder('filing.done', done))}
        </p>
      ) : null}
      <FormError failure={result && 'formError' in result ? result.formError : undefined} />
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
          <section className="card" aria-labelledby="documents-title">
            <h2 id="documents-title">{t('documents.title')}</h2>
            <p className="small muted">{t('documents.filing.private')}</p>
            {missingDocuments.length && (mayAttach || app.status === 'submitted') ? (
              <p className="warning small" role="note">
                {t('documents.filing.missing', { kinds: list(missingDocuments.map((k) => t(`documents.filingKind.${k}`))) })}
              </p>
            ) : null}
            <DocumentList documents={documents} family="filing" removable={mayAttach} />
            {mayAttach ? <DocumentUploadForm family="filing" result={result} /> : null}
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
          <FilingReviewPanels applicationId={app.id} may={may} answer={result} />
        </aside>
      </div>
    </>
  );
}
