import { ALLOWED, firstRefusal, refuse, type Capabilities } from './capabilities';
import { withdrawalProblem, type SealedProject } from './bid';
import { can, type Actor } from './permissions';
import { PROJECT_TRANSITIONS, type ProjectStatus } from './project';
import { canTransition } from './transitions';

/**
 * What a bidding organization's administrator may do on a project (STYLE.md §11): bid (or replace
 * its bid) while the project is published and its deadline ahead, withdraw its live bid (before the
 * deadline, or after a cancellation before the opening), decline an award made to it. The
 * `bid:submit` permission for that organization first, then the state.
 */
export type BidCapability = 'bid' | 'withdraw' | 'declineAward';

export interface BidderTarget {
  /** The organization acting (the one bidding, the bid's, the award's). */
  organizationId: string | null;
  /** Its live bid on this project, for withdrawing. */
  bid?: { status: string } | null;
  /** The live award of this project, for declining. */
  award?: { organizationId: string } | null;
}

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

export function bidCapabilities(actor: Actor | null, project: SealedProject, target: BidderTarget, now: Date): Capabilities<BidCapability> {
  const forOrg = (organizationId: string | null | undefined) => (organizationId && can(actor, 'bid:submit', { organizationId }) ? ALLOWED : FORBIDDEN);
  // Bids are taken in the state bidding closes from, until the deadline.
  const open = canTransition(PROJECT_TRANSITIONS, project.status as ProjectStatus, 'close') && project.bidDeadline > now;
  const withdrawal = target.bid ? withdrawalProblem(project, target.bid, now) : 'bid.errors.closed';
  return {
    bid: firstRefusal(forOrg(target.organizationId), open ? ALLOWED : refuse('invalidTransition', 'bid.errors.closed')),
    withdraw: firstRefusal(forOrg(target.organizationId), withdrawal ? refuse('invalidTransition', withdrawal) : ALLOWED),
    declineAward: firstRefusal(
      canTransition(PROJECT_TRANSITIONS, project.status as ProjectStatus, 'decline')
        ? ALLOWED
        : refuse('invalidTransition', 'project.errors.stale', { status: project.status }),
      target.award ? ALLOWED : refuse('invalidTransition', 'award.errors.none'),
      forOrg(target.award?.organizationId),
    ),
  };
}
