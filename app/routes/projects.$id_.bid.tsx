import { getFormProps } from '@conform-to/react';
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { authorize, requestIdOf, requireUser } from '~/auth/guard.server';
import { defaultBidder } from '~/domain/bid';
import { isUuid } from '~/domain/ids';
import { fenToYuanInput } from '~/domain/money';
import { bidCapabilities } from '~/domain/bid-capabilities';
import { ineligibility } from '~/domain/project';
import { getOrganization } from '~/queries/organizations.server';
import { getProject, ownBids } from '~/queries/projects.server';
import { rolesWithScopes } from '~/queries/workspace/roles.server';
import { BidSchema, WithdrawBidSchema } from '~/schemas/project';
import { BidDocumentSchema, DetachDocumentSchema } from '~/schemas/documents';
import { bidDocumentCapability } from '~/domain/documents';
import { documentsOfBid } from '~/queries/attachments.server';
import { attachBidDocument, removeDocument } from '~/services/attach-document.server';
import { isMultipart, uploadedFile } from '~/lib/upload.server';
import { DocumentList, DocumentUploadForm } from '~/components/documents';
import { submitBid, withdrawBid } from '~/services/submit-bid.server';
import { now, todayInChina } from '~/lib/clock.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { parseSubmission, readForm, replyTo } from '~/lib/forms.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { readQuery } from '~/lib/query.server';
import { idField } from '~/schemas/fields';
import { Breadcrumbs } from '~/components/layout';
import { localizeFailure } from '~/components/project-view';
import { FormError, TextArea, TextField } from '~/components/ui/form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr, keyUnder } from '~/i18n/i18n';

const Query = z.object({ org: idField().optional().catch(undefined) });

async function load(id: string) {
  const found = await getProject(db(), id);
  if (!found || found.project.status === 'draft') throw new AppError('notFound');
  // Past the deadline the capabilities refuse a bid, whether or not the sweep has closed bidding yet.
  return found;
}

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const { project } = await load(params.id!);
  const signedIn = await requireUser(request);
  // The organizations this person administers; ?org= picks one when there are several.
  const adminOf = signedIn.actor.assignments.filter((a) => a.role === 'orgAdmin').map((a) => a.organizationId!);
  const named = readQuery(request, Query).org;
  const wanted = named && adminOf.includes(named) ? named : undefined;
  const me = await authorize(request, 'bid:submit', { organizationId: wanted ?? adminOf[0] });
  const [scopes, own, mine] = await Promise.all([
    rolesWithScopes(db(), me.actor),
    ownBids(db(), me.actor, project.id),
    Promise.all(adminOf.map((id) => getOrganization(db(), id))),
  ]);
  const today = todayInChina();
  // Unless the address names one: the organization already bidding, else one that may bid and fits the project's categories.
  const organizationId =
    wanted ??
    defaultBidder(
      project.serviceCategories,
      mine.flatMap((o) =>
        o
          ? [
              {
                id: o.id,
                serviceCategories: o.serviceCategories,
                eligible: !ineligibility(project, o, null, today),
                bidding: own.some((b) => b.bid.organizationId === o.id),
              },
            ]
          : [],
      ),
    ) ??
    adminOf[0];
  const org = mine.find((o) => o?.id === organizationId) ?? null;
  const live = own.find((b) => b.bid.organizationId === organizationId);
  const caps = bidCapabilities(me.actor, project, { organizationId: organizationId ?? null, bid: live?.bid ?? null }, now());
  // The bid's documents: its own organization reads them always (sealed from everyone else until the opening).
  const documents = live ? await documentsOfBid(db(), live.bid.id) : [];
  return {
    project: { id: project.id, title: project.title, budgetFen: project.budgetFen, bidDeadline: project.bidDeadline.toISOString(), status: project.status },
    open: caps.bid.allowed,
    orgs: scopes.filter((s) => s.role === 'orgAdmin' && s.org).map((s) => ({ id: s.org!.id, name: s.org!.name })),
    organizationId: organizationId!,
    // A first look at eligibility (bidding bans are checked when the bid is submitted).
    warning: org ? ineligibility(project, org, null, today) : null,
    live: live
      ? {
          id: live.bid.id,
          priceFen: live.bid.priceFen,
          price: fenToYuanInput(live.bid.priceFen),
          servicePlan: live.bid.servicePlan,
          team: live.bid.team,
          expectedOutputs: live.bid.expectedOutputs,
          submittedAt: live.bid.submittedAt.toISOString(),
          // Before the deadline, or after a cancellation that came before the opening.
          mayWithdraw: caps.withdraw.allowed,
          mayAttach: bidDocumentCapability(me.actor, project, live.bid, now()).allowed,
          documents,
        }
      : null,
  };
});

export const action = actionOf(async ({ request, params, context }: ActionFunctionArgs) => {
  const { project } = await load(params.id!);
  // Only an organization's administrator may make the server read an upload (up to 21 MB): checked first.
  if (isMultipart(request)) {
    const signedIn = await requireUser(request);
    await authorize(request, 'bid:submit', { organizationId: signedIn.actor.assignments.find((a) => a.role === 'orgAdmin')?.organizationId ?? undefined });
  }
  const form = await readForm(request);
  const requestId = requestIdOf(context);
  if (form.get('intent') === 'detach') {
    const submission = parseSubmission(form, DetachDocumentSchema);
    const signedIn = await requireUser(request);
    if (submission.status !== 'success') return replyTo(submission);
    // Only a document of the organization's own live bid on this project; anyone else's is not found.
    const own = await ownBids(db(), signedIn.actor, project.id);
    const lists = await Promise.all(own.map(async (b) => ({ bid: b.bid, documents: await documentsOfBid(db(), b.bid.id) })));
    const holder = lists.find((l) => l.documents.some((d) => d.id === submission.value.attachmentId));
    if (!holder) throw new AppError('notFound');
    const me = await authorize(request, 'bid:submit', { organizationId: holder.bid.organizationId });
    await removeDocument(db(), { actor: me.actor, requestId }, submission.value.attachmentId);
    return redirect(`/projects/${project.id}/bid?org=${holder.bid.organizationId}&done=detached`);
  }
  if (form.get('intent') === 'attach') {
    const submission = parseSubmission(form, BidDocumentSchema);
    const signedIn = await requireUser(request);
    if (submission.status !== 'success') return replyTo(submission);
    // Only the organization's own live bid on this project; anyone else's is not found.
    const bid = (await ownBids(db(), signedIn.actor, project.id)).find((b) => b.bid.id === submission.value.bidId);
    if (!bid) throw new AppError('notFound');
    const me = await authorize(request, 'bid:submit', { organizationId: bid.bid.organizationId });
    const upload = await uploadedFile(form, submission);
    if (upload.refusal) return upload.refusal;
    await attachBidDocument(db(), { actor: me.actor, requestId }, bid.bid.id, submission.value.documentKind, upload.file);
    return redirect(`/projects/${project.id}/bid?org=${bid.bid.organizationId}&done=attached`);
  }
  // The record a form names must be a UUID: 400, told only to someone signed in (visitors sign in first).
  const withdrawing = form.get('intent') === 'withdraw';
  const named = form.get(withdrawing ? 'bidId' : 'organizationId');
  if (withdrawing) {
    const submission = parseSubmission(form, WithdrawBidSchema);
    const signedIn = await requireUser(request);
    if (submission.status !== 'success') return replyTo(submission);
    const bid = (await ownBids(db(), signedIn.actor, project.id)).find((b) => b.bid.id === submission.value.bidId);
    if (!bid) throw new AppError('notFound');
    const me = await authorize(request, 'bid:submit', { organizationId: bid.bid.organizationId });
    await withdrawBid(db(), { actor: me.actor, requestId }, bid.bid.id);
    return redirect(`/projects/${project.id}/bid?org=${bid.bid.organizationId}&done=withdrawn`);
  }
  const submission = parseSubmission(form, BidSchema);
  if (!isUuid(named)) {
    await requireUser(request);
    return replyTo(submission);
  }
  const me = await authorize(request, 'bid:submit', { organizationId: named });
  if (submission.status !== 'success') return replyTo(submission);
  const { replaced } = await submitBid(db(), { actor: me.actor, requestId }, project.id, submission.value);
  return redirect(`/projects/${project.id}/bid?org=${submission.value.organizationId}&done=${replaced ? 'replaced' : 'submitted'}`);
});

export default function BidPage() {
  const { project, open, orgs, organizationId, warning, live } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  // The document form's answer is its own (DocumentUploadForm); the bid form takes the others.
  const [form, fields] = useAppForm(BidSchema, { lastResult: replyFor(answer, 'attach') ? undefined : answer, defaultValue: live ?? {} });
  const [search] = useSearchParams();
  const { t, fen, dateTime } = useT();
  const done = ['submitted', 'replaced', 'withdrawn'].find((d) => d === search.get('done'));
  const documentsDone = search.get('done') === 'attached' ? 'documents.attached' : search.get('done') === 'detached' ? 'documents.removed' : null;
  return (
    <>
      <Breadcrumbs
        items={[{ to: '/projects', label: t('projects.title') }, { to: `/projects/${project.id}`, label: project.title }, { label: t('bid.title') }]}
      />
      <h1>{t('bid.title')}</h1>
      <p className="lead">
        {project.title} · {t('bid.deadline', { at: dateTime(project.bidDeadline) })}
      </p>
      {done ? (
        <p className="notice" role="status">
          {t(keyUnder('bid.done', done))}
        </p>
      ) : null}
      {documentsDone ? (
        <p className="notice" role="status">
          {t(documentsDone)}
        </p>
      ) : null}
      <FormError failure={localizeFailure(answer && 'formError' in answer ? answer.formError : null, t, dateTime)} />
      {orgs.length > 1 ? (
        <Form method="get" className="filters" aria-label={t('bid.chooseOrg')}>
          <div className="field">
            <label htmlFor="org">{t('bid.org')}</label>
            <select id="org" name="org" defaultValue={organizationId} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit" className="btn secondary">
              {t('bid.chooseOrg')}
            </button>
          </div>
        </Form>
      ) : (
        <p>
          {t('bid.org')}: <strong>{orgs[0]?.name}</strong>
        </p>
      )}
      {warning ? (
        <p className="warning" role="note">
          <strong>{t('bid.warning')}</strong> {t(messageKeyOr(warning))}
        </p>
      ) : null}
      <div className="two-col">
        <div>
          {open ? (
            <Form method="post" className="stack card" {...getFormProps(form)}>
              <h2>{t(live ? 'bid.replace.title' : 'bid.new.title')}</h2>
              {live ? <p className="small muted">{t('bid.replace.hint')}</p> : null}
              <input type="hidden" name="organizationId" value={organizationId} />
              <TextField
                field={fields.price}
                label={t('bid.price.yuan')}
                hint={t('bid.price.hint', { budget: fen(project.budgetFen) })}
                inputMode="decimal"
                required
              />
              <TextArea field={fields.servicePlan} label={t('bid.servicePlan')} hint={t('bid.servicePlan.hint')} rows={10} />
              <TextArea field={fields.team} label={t('bid.team')} hint={t('bid.team.hint')} rows={4} />
              <TextArea field={fields.expectedOutputs} label={t('bid.expectedOutputs')} hint={t('bid.expectedOutputs.hint')} rows={4} />
              <p className="small muted">{t('bid.sealedNote')}</p>
              <div className="actions">
                <button type="submit" className="btn">
                  {t(live ? 'bid.replace.submit' : 'bid.submit.button')}
                </button>
              </div>
            </Form>
          ) : (
            <p className="card">{t('bid.errors.closed')}</p>
          )}
        </div>
        <aside>
          <section className="card" aria-labelledby="live-title">
            <h2 id="live-title">{t('bid.live.title')}</h2>
            {live ? (
              <>
                <dl className="facts">
                  <dt>{t('bid.price')}</dt>
                  <dd>{fen(live.priceFen)}</dd>
                  <dt>{t('bid.submittedAtLabel')}</dt>
                  <dd>{dateTime(live.submittedAt)}</dd>
                </dl>
                <p>
                  <Link to={`/projects/${project.id}/bids/${live.id}`}>{t('bid.read')}</Link>
                </p>
                {live.mayWithdraw ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="withdraw" />
                    <input type="hidden" name="bidId" value={live.id} />
                    <button type="submit" className="btn secondary">
                      {t('bid.withdraw')}
                    </button>
                  </Form>
                ) : null}
              </>
            ) : (
              <p className="muted">{t('bid.live.none')}</p>
            )}
          </section>
          <section className="card" aria-labelledby="documents-title">
            <h2 id="documents-title">{t('documents.title')}</h2>
            <p className="small muted">{t('documents.bid.sealed')}</p>
            {live ? <DocumentList documents={live.documents} family="bid" removable={live.mayAttach} /> : null}
            {live?.mayAttach ? (
              <DocumentUploadForm family="bid" bidId={live.id} result={answer} />
            ) : (
              <p className="small muted">{t(live ? 'documents.bid.closed' : 'documents.bid.afterBid')}</p>
            )}
          </section>
        </aside>
      </div>
    </>
  );
}
