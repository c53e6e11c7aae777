import { describe, expect, it } from 'vitest';
import { awaitingOpening, BID_TRANSITIONS, bidOpenToOthers, bidsOpened, cancelledBeforeOpening, defaultBidder, withdrawalProblem } from './bid';
import { bidCapabilities } from './bid-capabilities';
import { actionsFrom } from './transitions';

const now = new Date('2026-06-01T08:00:00Z');
const later = new Date('2026-06-10T08:00:00Z');
const earlier = new Date('2026-05-20T08:00:00Z');

describe('the seal', () => {
  it('opens only when bidding closed at its deadline, whatever the status says', () => {
    expect(bidsOpened({ closedAt: null })).toBe(false);
    expect(bidsOpened({ closedAt: earlier })).toBe(true);
  });
  it('opens the live bids only: withdrawn and replaced versions stay sealed after the opening', () => {
    expect(bidOpenToOthers({ closedAt: earlier }, { status: 'submitted' })).toBe(true);
    expect(bidOpenToOthers({ closedAt: earlier }, { status: 'withdrawn' })).toBe(false);
    expect(bidOpenToOthers({ closedAt: earlier }, { status: 'replaced' })).toBe(false);
    expect(bidOpenToOthers({ closedAt: null }, { status: 'submitted' })).toBe(false);
  });
  it('a project cancelled before opening is never opened; one cancelled after opening was', () => {
    expect(cancelledBeforeOpening({ status: 'cancelled', closedAt: null })).toBe(true);
    expect(cancelledBeforeOpening({ status: 'cancelled', closedAt: earlier })).toBe(false);
    expect(cancelledBeforeOpening({ status: 'published', closedAt: null })).toBe(false);
  });
});

describe('between the deadline and the close (the sweep not yet run)', () => {
  const open = { status: 'published', bidDeadline: earlier, closedAt: null };
  it('is awaiting the opening: past its deadline, still published, nothing opened', () => {
    expect(awaitingOpening(open, now)).toBe(true);
    expect(bidsOpened(open)).toBe(false);
    expect(bidOpenToOthers(open, { status: 'submitted' })).toBe(false);
  });
  it('is not, before the deadline, once closed, or when cancelled', () => {
    expect(awaitingOpening({ ...open, bidDeadline: later }, now)).toBe(false);
    expect(awaitingOpening({ ...open, status: 'biddingClosed', closedAt: earlier }, now)).toBe(false);
    expect(awaitingOpening({ ...open, status: 'cancelled' }, now)).toBe(false);
  });
  it('refuses a new bid and a withdrawal already', () => {
    const orgAdmin = { userId: 'u', assignments: [{ role: 'orgAdmin' as const, regionCode: null, organizationId: 'o' }] };
    expect(bidCapabilities(orgAdmin, { ...open, bidDeadline: later }, { organizationId: 'o' }, now).bid.allowed).toBe(true);
    expect(bidCapabilities(orgAdmin, open, { organizationId: 'o' }, now).bid.allowed).toBe(false);
    expect(withdrawalProblem(open, { status: 'submitted' }, now)).toBe('bid.errors.closed');
  });
});

describe('withdrawing a bid', () => {
  const open = { status: 'published', bidDeadline: later, closedAt: null };
  it('is allowed before the deadline, and after a cancellation that came before the opening', () => {
    expect(withdrawalProblem(open, { status: 'submitted' }, now)).toBeNull();
    expect(withdrawalProblem({ ...open, status: 'cancelled' }, { status: 'submitted' }, now)).toBeNull();
    expect(withdrawalProblem({ ...open, status: 'cancelled', bidDeadline: earlier }, { status: 'submitted' }, now)).toBeNull();
  });
  it('is refused once the deadline passed, after the opening, and for a bid no longer live', () => {
    expect(withdrawalProblem({ ...open, bidDeadline: earlier }, { status: 'submitted' }, now)).toBe('bid.errors.closed');
    expect(withdrawalProblem({ ...open, status: 'cancelled', closedAt: earlier }, { status: 'submitted' }, now)).toBe('bid.errors.closed');
    expect(withdrawalProblem({ ...open, status: 'evaluating', closedAt: earlier }, { status: 'submitted' }, now)).toBe('bid.errors.closed');
    expect(withdrawalProblem(open, { status: 'withdrawn' }, now)).toBe('bid.errors.closed');
    expect(withdrawalProblem(open, { status: 'replaced' }, now)).toBe('bid.errors.closed');
  });
  it('withdrawn and replaced are final', () => {
    expect(actionsFrom(BID_TRANSITIONS, 'withdrawn')).toEqual([]);
    expect(actionsFrom(BID_TRANSITIONS, 'replaced')).toEqual([]);
    expect(actionsFrom(BID_TRANSITIONS, 'submitted')).toEqual(['replace', 'withdraw']);
  });
});

describe('the organization a bid form opens on', () => {
  const option = (id: string, serviceCategories: string[], o: { eligible?: boolean; bidding?: boolean } = {}) => ({
    id,
    serviceCategories,
    eligible: o.eligible ?? true,
    bidding: o.bidding ?? false,
  });
  // 张秀兰 of the demo leads a dance team, a mediation team, an elderly-care team and an after-school class.
  const dance = option('dance', ['culture', 'sports']);
  const mediation = option('mediation', ['mediation']);
  const elderly = option('elderly', ['elderlyCare', 'charity']);

  it('is the one whose service categories fit the project, not the first one listed', () => {
    expect(defaultBidder(['elderlyCare'], [dance, mediation, elderly])).toBe('elderly');
    expect(defaultBidder(['culture'], [elderly, mediation, dance])).toBe('dance');
  });
  it('is the one with the most of the project’s categories when several fit', () => {
    const both = option('both', ['culture', 'elderlyCare']);
    expect(defaultBidder(['culture', 'elderlyCare'], [dance, elderly, both])).toBe('both');
  });
  it('prefers one that fits and may bid to one that fits better but may not', () => {
    const fitsButBarred = option('barred', ['elderlyCare', 'charity'], { eligible: false });
    expect(defaultBidder(['elderlyCare', 'charity'], [fitsButBarred, option('ok', ['charity'])])).toBe('ok');
  });
  it('opens on the one that does the work even if it may not bid, rather than on one that does other work', () => {
    // A filed dance team and a registered elderly-care team, for a bureau's culture project (registered only).
    const filedDance = option('dance', ['culture', 'sports'], { eligible: false });
    expect(defaultBidder(['culture'], [elderly, filedDance])).toBe('dance');
    // Nothing fits: one that may bid.
    expect(defaultBidder(['education'], [filedDance, elderly])).toBe('elderly');
  });
  it('is the one already bidding on the project, whatever fits better', () => {
    expect(defaultBidder(['culture'], [dance, option('bidder', ['elderlyCare'], { bidding: true })])).toBe('bidder');
  });
  it('keeps the order given when nothing tells them apart, and is nothing without organizations', () => {
    expect(defaultBidder(['education'], [mediation, dance])).toBe('mediation');
    expect(defaultBidder(['culture'], [option('a', ['culture']), option('b', ['culture'])])).toBe('a');
    expect(defaultBidder(['culture'], [])).toBeUndefined();
  });
});
