import { describe, expect, it } from 'vitest';
import { BID_TRANSITIONS, bidOpenToOthers, bidsOpened, cancelledBeforeOpening, withdrawalProblem } from './bid';
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
