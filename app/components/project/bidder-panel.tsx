import { Form, Link } from '@remix-run/react';
import type { ProjectPage } from '~/queries/project-page.server';
import { useT } from '~/i18n/use-t';
import { ReasonForm } from '~/components/ui/reason-form';

/** A bidding organization's side: what it must hear, its live bids, bidding, declining an award made to it. */
export function BidderPanel({ project, bidder, answer }: { project: ProjectPage['project']; bidder: NonNullable<ProjectPage['bidder']>; answer: unknown }) {
  const { t, fen, dateTime } = useT();
  return (
    <section className="card" aria-labelledby="bidder-title">
      <h2 id="bidder-title">{t('project.bidder.title')}</h2>
      {bidder.notices.map((n) =>
        n.kind === 'cancelledSealed' ? (
          <div key={n.bidId} className="warning" role="note">
            <p>{t('bid.notice.cancelledSealed', { org: n.orgName })}</p>
            <Form method="post" action={`/projects/${project.id}/bid`}>
              <input type="hidden" name="intent" value="withdraw" />
              <input type="hidden" name="bidId" value={n.bidId} />
              <button type="submit" className="btn secondary">
                {t('bid.withdraw')}
              </button>
            </Form>
          </div>
        ) : (
          <div key={n.bidId} className="warning" role="note">
            <p>{t('bid.notice.amended', { org: n.orgName, n: n.amendment, at: dateTime(n.bidDeadline) })}</p>
            <Link to={`/projects/${project.id}/bid?org=${n.organizationId}`}>{t('bid.notice.review')}</Link>
          </div>
        ),
      )}
      {bidder.own.length ? (
        <ul className="plain">
          {bidder.own.map((b) => (
            <li key={b.id}>
              <strong>{b.orgName}</strong>: {fen(b.priceFen)} <span className="small muted">{t('bid.submittedAt', { at: dateTime(b.submittedAt) })}</span>{' '}
              <Link to={`/projects/${project.id}/bids/${b.id}`}>{t('bid.read')}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('project.bidder.none')}</p>
      )}
      {bidder.mayBid ? (
        <p>
          <Link className="btn" to={`/projects/${project.id}/bid`}>
            {t(bidder.own.length ? 'project.bidder.change' : 'project.bidder.bid')}
          </Link>
        </p>
      ) : null}
      {bidder.mayDecline ? (
        <ReasonForm
          action={`/projects/${project.id}`}
          intent="decline"
          answer={answer}
          label={t('award.declineReason')}
          hint={t('award.declineReason.hint')}
          submitLabel={t('award.decline')}
          tone="danger"
        />
      ) : null}
    </section>
  );
}
