import type { ProjectStatus } from './project';
import type { TransitionTable } from './transitions';
import type { MessageKey } from '../i18n/catalog';

/**
 * A bid and its seal (policy §3.4; 政府采购法 and 87号令: nothing of a bid, not even that it exists, is
 * disclosed before the opening).
 *
 *   submitted ─replace (a new version before the deadline)─▶ replaced
 *   submitted ─withdraw (before the deadline, or after a cancellation that came before opening)─▶ withdrawn
 *
 * Bids are opened when bidding closes at a deadline that has passed (the project's `closedAt`). Only the
 * live (submitted) bids are opened then: withdrawn and replaced versions stay sealed for good, like
 * envelopes handed back unopened. A project cancelled before its deadline is never opened: its bids
 * stay sealed for good, whatever happens to the project afterwards.
 */
export type BidStatus = 'submitted' | 'withdrawn' | 'replaced';
export type BidAction = 'replace' | 'withdraw';

export const BID_TRANSITIONS: TransitionTable<BidStatus, BidAction> = {
  replace: { from: ['submitted'], to: 'replaced' },
  withdraw: { from: ['submitted'], to: 'withdrawn' },
};

export interface SealedProject {
  status: ProjectStatus | string;
  bidDeadline: Date;
  /** Set when bidding closed at its deadline: the opening. */
  closedAt: Date | null;
}

/** The bids of this project have been opened (bidding closed at a deadline that had passed). */
export function bidsOpened(project: Pick<SealedProject, 'closedAt'>): boolean {
  return project.closedAt !== null;
}

/**
 * The deadline has passed but bidding has not been closed yet (the deadlines sweep closes it within a
 * minute, ADR 025): no bid is taken, and nothing is opened either, since the opening is the close.
 * Pages show the project as closed, awaiting the opening.
 */
export function awaitingOpening(project: Pick<SealedProject, 'status' | 'bidDeadline' | 'closedAt'>, now: Date): boolean {
  return project.status === 'published' && project.bidDeadline <= now && !bidsOpened(project);
}

/** Whether anyone but the bidder may see this bid at all (its content, its price, that it exists). */
export function bidOpenToOthers(project: Pick<SealedProject, 'closedAt'>, bid: { status: BidStatus | string }): boolean {
  return bidsOpened(project) && bid.status === 'submitted';
}

/** A project cancelled before opening: its bidders may take their bids back, which nobody will ever open. */
export function cancelledBeforeOpening(project: Pick<SealedProject, 'status' | 'closedAt'>): boolean {
  return project.status === 'cancelled' && !bidsOpened(project);
}

/** Why the bidder may not withdraw this bid now (a message key), or null when it may. */
export function withdrawalProblem(project: SealedProject, bid: { status: BidStatus | string }, now: Date): MessageKey | null {
  if (bid.status !== 'submitted') return 'bid.errors.closed';
  if (project.status === 'published' && project.bidDeadline > now) return null;
  if (cancelledBeforeOpening(project)) return null;
  return 'bid.errors.closed';
}

/** One of the organizations a person administers, as the bid form weighs it. */
export interface BidderOption {
  id: string;
  serviceCategories: readonly string[];
  /** `ineligibility()` found nothing against it for this project. */
  eligible: boolean;
  /** It has a live bid on this project already. */
  bidding: boolean;
}

/**
 * The organization the bid form opens on for a person who administers several (the picker's
 * default, unless the address names one): the one already bidding on the project, so its bid is in
 * front of them; else one that does some of the project's services and may bid; else the one that
 * does most of them, even if it may not bid (the form then says why, rather than opening on an
 * organization that does other work); else one that may bid. Equal on all of these, the order given
 * (the person's role assignments) decides, so the choice never changes between two visits.
 */
export function defaultBidder(projectCategories: readonly string[], options: readonly BidderOption[]): string | undefined {
  const fit = (o: BidderOption) => o.serviceCategories.filter((c) => projectCategories.includes(c)).length;
  const weights = (o: BidderOption) => [o.bidding ? 1 : 0, o.eligible && fit(o) > 0 ? 1 : 0, fit(o), o.eligible ? 1 : 0];
  let best: { id: string; w: number[] } | undefined;
  for (const o of options) {
    const w = weights(o);
    // The first weight that differs decides; all equal keeps the earlier one.
    const k = best ? w.findIndex((x, i) => x !== best!.w[i]) : -1;
    if (!best || (k >= 0 && w[k]! > best.w[k]!)) best = { id: o.id, w };
  }
  return best?.id;
}
