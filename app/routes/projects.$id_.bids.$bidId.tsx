import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { requireUser } from '~/auth/guard.server';
import { getOrganization } from '~/queries/organizations.server';
import { getProject, readBid } from '~/queries/projects.server';
import { db } from '~/lib/db.server';
import { AppError } from '~/lib/errors';
import { loaderOf } from '~/lib/http.server';
import { documentsOfBid } from '~/queries/attachments.server';
import { Breadcrumbs } from '~/components/layout';
import { DocumentList } from '~/components/documents';
import { useT } from '~/i18n/use-t';
import { messageKeyOr } from '~/i18n/i18n';

export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  // readBid enforces the seal: before the deadline only the bidder itself may read its bid.
  const bid = await readBid(db(), me.actor, params.bidId!);
  if (bid.projectId !== params.id) throw new AppError('notFound');
  // Its documents are sealed with it: whoever readBid let through reads them, nobody else.
  const [found, org, documents] = await Promise.all([getProject(db(), bid.projectId), getOrganization(db(), bid.organizationId), documentsOfBid(db(), bid.id)]);
  return {
    project: { id: found!.project.id, title: found!.project.title },
    bid: {
      orgName: org?.name ?? '',
      status: bid.status,
      priceFen: bid.priceFen,
      servicePlan: bid.servicePlan,
      team: bid.team,
      expectedOutputs: bid.expectedOutputs,
      eligible: bid.eligible,
      ineligibleReason: bid.ineligibleReason,
      submittedAt: bid.submittedAt.toISOString(),
    },
    documents,
  };
});

export default function ReadBid() {
  const { project, bid, documents } = useLoaderData<typeof loader>();
  const { t, fen, dateTime } = useT();
  return (
    <>
      <Breadcrumbs items={[{ to: '/projects', label: t('projects.title') }, { to: `/projects/${project.id}`, label: project.title }, { label: bid.orgName }]} />
      <h1>{t('bid.read.title', { org: bid.orgName })}</h1>
      <p className="lead">{project.title}</p>
      {!bid.eligible && bid.ineligibleReason ? (
        <p className="warning" role="note">
          <strong>{t('bid.ineligible')}</strong> {t(messageKeyOr(bid.ineligibleReason))}
        </p>
      ) : null}
      <section className="card">
        <dl className="facts">
          <dt>{t('bid.price')}</dt>
          <dd>
            <strong>{fen(bid.priceFen)}</strong>
          </dd>
          <dt>{t('bid.submittedAtLabel')}</dt>
          <dd>{dateTime(bid.submittedAt)}</dd>
          <dt>{t('bid.statusLabel')}</dt>
          <dd>{t(`bid.status.${bid.status}`)}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t('bid.servicePlan')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{bid.servicePlan}</p>
        <h2>{t('bid.team')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{bid.team}</p>
        <h2>{t('bid.expectedOutputs')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{bid.expectedOutputs}</p>
      </section>
      <section className="card" aria-labelledby="documents-title">
        <h2 id="documents-title">{t('documents.title')}</h2>
        <DocumentList documents={documents} family="bid" />
      </section>
    </>
  );
}
