import { describe, expect, it } from 'vitest';
import { bidCapabilities } from './bid-capabilities';
import { allowedActions } from './capabilities';
import type { Actor } from './permissions';
import { PROJECT_TRANSITIONS, type ProjectStatus } from './project';

const now = new Date('2026-06-01T08:00:00Z');
const ahead = new Date('2026-06-10T08:00:00Z');
const past = new Date('2026-05-20T08:00:00Z');
const STATUSES = Object.keys({
  ...Object.fromEntries(Object.values(PROJECT_TRANSITIONS).flatMap((t) => [...t.from, t.to].map((s) => [s, 1]))),
}) as ProjectStatus[];

const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
  userId: 'u',
  assignments: [{ role, regionCode, organizationId }],
});
const bidder = actor('orgAdmin', null, 'o1');
const OTHERS: Record<string, Actor | null> = {
  visitor: null,
  member: actor('orgMember', null, 'o1'),
  otherOrgAdmin: actor('orgAdmin', null, 'o2'),
  purchaser: actor('stationStaff', '610113001'),
  evaluator: actor('evaluator', null),
};

/** The bidder's actions in each state, its live bid submitted, its deadline ahead, never opened, awarded to it when awarded. */
const BIDDER: Record<ProjectStatus, string[]> = {
  draft: [],
  published: ['bid', 'withdraw'],
  biddingClosed: [],
  evaluating: [],
  ranked: [],
  publicNotice: [],
  awarded: ['declineAward'],
  // Cancelled before the opening: the bidder may take back a bid nobody will open.
  cancelled: ['withdraw'],
  failed: [],
};

const target = { organizationId: 'o1', bid: { status: 'submitted' }, award: { organizationId: 'o1' } };
const sealed = (status: ProjectStatus, bidDeadline = ahead) => ({ status, bidDeadline, closedAt: null });

describe('bidCapabilities', () => {
  it('covers every project state', () => expect(new Set(STATUSES)).toEqual(new Set(Object.keys(BIDDER))));
  for (const [status, allowed] of Object.entries(BIDDER) as [ProjectStatus, string[]][]) {
    it(`an organization's administrator on a ${status} project may ${allowed.join(', ') || 'do nothing'}`, () => {
      expect(allowedActions(bidCapabilities(bidder, sealed(status), target, now))).toEqual(allowed);
    });
    for (const [who, a] of Object.entries(OTHERS)) {
      it(`${who} may do nothing for the organization on a ${status} project`, () => {
        expect(allowedActions(bidCapabilities(a, sealed(status), target, now))).toEqual([]);
      });
    }
  }

  it('bidding and withdrawing end at the deadline, whatever the status still says', () => {
    const caps = bidCapabilities(bidder, sealed('published', past), target, now);
    expect(caps.bid).toMatchObject({ allowed: false, code: 'invalidTransition', reason: 'bid.errors.closed' });
    expect(caps.withdraw).toMatchObject({ allowed: false, reason: 'bid.errors.closed' });
  });

  it('a project cancelled after its opening keeps its bids', () => {
    expect(bidCapabilities(bidder, { status: 'cancelled', bidDeadline: past, closedAt: past }, target, now).withdraw.allowed).toBe(false);
  });

  it('nothing to withdraw or decline without a live bid or an award', () => {
    const caps = bidCapabilities(bidder, sealed('awarded'), { organizationId: 'o1', bid: null, award: null }, now);
    expect(caps.withdraw.allowed).toBe(false);
    expect(caps.declineAward).toMatchObject({ allowed: false, reason: 'award.errors.none' });
  });

  it('only the awarded organization declines its award', () => {
    const caps = bidCapabilities(actor('orgAdmin', null, 'o2'), sealed('awarded'), { organizationId: 'o2', award: { organizationId: 'o1' } }, now);
    expect(caps.declineAward).toMatchObject({ allowed: false, code: 'forbidden' });
  });
});
