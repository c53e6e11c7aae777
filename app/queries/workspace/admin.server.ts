import { count, inArray } from 'drizzle-orm';
import { filingApplications } from '#db/schema';
import type { Executor } from '#db/client';
import type { FilingStatus } from '~/domain/filing';
import { provinceContractCounts } from './contracts.server';
import { provinceProjectCounts } from './purchaser.server';
import type { AdminQueue, ListId } from './types';

/**
 * The platform administrator's view of every queue across the province: the same lists the units,
 * panels and organizations work through, counted (the administrator acts on none of them; the audit
 * log, the filings and the calendar are linked from the page). Counts by state, most on the status
 * indexes.
 */

/** Applications waiting for a review: the committee's first review, or the station's decision. */
const WAITING_REVIEW: FilingStatus[] = ['submitted', 'firstReviewPassed'];

/** Where a queue is seen: the library filtered by the state, or the filings. */
const HREF: Partial<Record<ListId, string>> = {
  bidding: '/projects?status=published',
  toEvaluate: '/projects?status=biddingClosed',
  evaluating: '/projects?status=evaluating',
  toNotice: '/projects?status=ranked',
  notices: '/projects?status=publicNotice',
  awards: '/projects?status=publicNotice',
  toContract: '/projects?status=awarded',
  filings: '/filings',
};

const ORDER: readonly ListId[] = [
  'drafts',
  'bidding',
  'questions',
  'toEvaluate',
  'evaluating',
  'toNotice',
  'notices',
  'challenges',
  'awards',
  'toContract',
  'toConfirm',
  'consents',
  'reviews',
  'payments',
  'amendments',
  'filings',
];

export async function adminQueues(db: Executor, now: Date, today: string): Promise<AdminQueue[]> {
  const [projectCounts, contractCounts, [filings]] = await Promise.all([
    provinceProjectCounts(db, now),
    provinceContractCounts(db, today),
    db.select({ n: count() }).from(filingApplications).where(inArray(filingApplications.status, WAITING_REVIEW)),
  ]);
  const counts: Partial<Record<ListId, number>> = { ...projectCounts, ...contractCounts, filings: Number(filings?.n ?? 0) };
  return ORDER.map((id) => ({ id, count: counts[id] ?? 0, href: HREF[id] ?? null }));
}
