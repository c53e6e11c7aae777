import { describe, expect, it } from 'vitest';
import { FILING_ACTIONS, FILING_STATUSES, FILING_TRANSITIONS, filingNumber } from './filing';
import { ORG_STATUS_TRANSITIONS } from './organization-status';
import { actionsFrom, canTransition } from './transitions';

describe('filing transitions (§4.2)', () => {
  it('the committee can only act on a submitted application', () => {
    expect(canTransition(FILING_TRANSITIONS, 'submitted', 'pass')).toBe(true);
    expect(canTransition(FILING_TRANSITIONS, 'submitted', 'return')).toBe(true);
    expect(canTransition(FILING_TRANSITIONS, 'returned', 'pass')).toBe(false);
    expect(canTransition(FILING_TRANSITIONS, 'firstReviewPassed', 'return')).toBe(false);
  });

  it('the station cannot file what the committee has not passed', () => {
    expect(canTransition(FILING_TRANSITIONS, 'submitted', 'file')).toBe(false);
    expect(canTransition(FILING_TRANSITIONS, 'returned', 'file')).toBe(false);
    expect(canTransition(FILING_TRANSITIONS, 'firstReviewPassed', 'file')).toBe(true);
  });

  it('a returned application goes back to the committee only by resubmission', () => {
    expect(actionsFrom(FILING_TRANSITIONS, 'returned')).toEqual(['resubmit', 'withdraw']);
    expect(FILING_TRANSITIONS.resubmit.to).toBe('submitted');
  });

  it('filed, rejected and withdrawn are final', () => {
    for (const s of ['filed', 'rejected', 'withdrawn'] as const) {
      expect(actionsFrom(FILING_TRANSITIONS, s)).toEqual([]);
    }
  });

  it('every status is reachable and every action leads somewhere known', () => {
    const reachable = new Set<string>(['submitted']);
    for (const a of FILING_ACTIONS) reachable.add(FILING_TRANSITIONS[a].to);
    expect([...reachable].sort()).toEqual([...FILING_STATUSES].sort());
  });

  it('filing numbers are unique per street, year and sequence', () => {
    expect(filingNumber('610102001', 2026, 7)).toBe('陕备61010200120260007');
  });
});

describe('organization status', () => {
  it('an exited organization cannot come back', () => {
    expect(actionsFrom(ORG_STATUS_TRANSITIONS, 'exited')).toEqual([]);
    expect(canTransition(ORG_STATUS_TRANSITIONS, 'suspended', 'reinstate')).toBe(true);
    expect(canTransition(ORG_STATUS_TRANSITIONS, 'active', 'reinstate')).toBe(false);
  });
});
