import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import { FILING_ACTIONS, FILING_STATUSES, type FilingAction, type FilingStatus } from './filing';
import { filingActingRole, filingCapabilities, filingCapability, filingReasonGiven, seesMergeSuggestions } from './filing-capabilities';
import type { Actor } from './permissions';

const actor = (userId: string, role?: Actor['assignments'][number]['role'], regionCode: string | null = null): Actor => ({
  userId,
  assignments: role ? [{ role, regionCode, organizationId: null }] : [],
});

const applicant = actor('applicant');
const committee = actor('c', 'committeeStaff', '610113002001');
const neighbourCommittee = actor('c2', 'committeeStaff', '610113002002');
const station = actor('s', 'stationStaff', '610113002');
const bureau = actor('b', 'bureauStaff', '610113');
const admin = actor('a', 'platformAdmin');
const stranger = actor('x');

const filing = (status: FilingStatus) => ({ status, regionCode: '610113002001', applicantUserId: 'applicant' });

/** What each person may do, for every status: the whole role × status table of §4.2. */
const EXPECTED: Record<string, Record<FilingStatus, FilingAction[]>> = {
  applicant: { submitted: ['withdraw'], returned: ['resubmit', 'withdraw'], firstReviewPassed: [], filed: [], rejected: [], withdrawn: [] },
  committee: { submitted: ['return', 'pass'], returned: [], firstReviewPassed: [], filed: [], rejected: [], withdrawn: [] },
  station: { submitted: [], returned: [], firstReviewPassed: ['file', 'reject'], filed: [], rejected: [], withdrawn: [] },
};
const NOTHING = Object.fromEntries(FILING_STATUSES.map((s) => [s, []])) as unknown as Record<FilingStatus, FilingAction[]>;

describe('filing capabilities (§4.2): role × status', () => {
  const people: [string, Actor | null, Record<FilingStatus, FilingAction[]>][] = [
    ['applicant', applicant, EXPECTED.applicant!],
    ['committee', committee, EXPECTED.committee!],
    ['station', station, EXPECTED.station!],
    ['a committee of another community', neighbourCommittee, NOTHING],
    ['the county bureau', bureau, NOTHING],
    ['the platform administrator', admin, NOTHING],
    ['another signed-in person', stranger, NOTHING],
    ['a visitor', null, NOTHING],
  ];
  for (const [who, a, expected] of people) {
    for (const status of FILING_STATUSES) {
      it(`${who}, ${status}: ${expected[status].join(', ') || 'nothing'}`, () => {
        expect(allowedActions(filingCapabilities(a, filing(status)))).toEqual(expected[status]);
      });
    }
  }

  it('who may comes before the state: an outsider is forbidden, the right person is told the state moved on', () => {
    expect(filingCapability(stranger, filing('filed'), 'pass')).toEqual({ allowed: false, code: 'forbidden', reason: 'errors.forbidden' });
    expect(filingCapability(committee, filing('filed'), 'pass')).toEqual({
      allowed: false,
      code: 'invalidTransition',
      reason: 'filing.errors.stale',
      params: { status: 'filed' },
    });
  });

  it('a return and a rejection need a reason; the other actions none', () => {
    for (const a of FILING_ACTIONS) {
      const needs = a === 'return' || a === 'reject';
      expect(filingReasonGiven(a, '  ').allowed).toBe(!needs);
      expect(filingReasonGiven(a, undefined).allowed).toBe(!needs);
      expect(filingReasonGiven(a, 'missing charter').allowed).toBe(true);
    }
    expect(filingReasonGiven('return', '')).toEqual({ allowed: false, code: 'invalidInput', reason: 'filing.errors.reason.required' });
  });

  it('the timeline records the role each side acts in', () => {
    expect(filingActingRole(applicant, filing('returned'), 'resubmit')).toBe('owner');
    expect(filingActingRole(committee, filing('submitted'), 'pass')).toBe('committeeStaff');
    expect(filingActingRole(station, filing('firstReviewPassed'), 'file')).toBe('stationStaff');
    expect(filingActingRole(station, filing('submitted'), 'pass')).toBeNull();
  });

  it('reviewers see merge suggestions until the application is filed or withdrawn; the applicant never', () => {
    for (const reviewer of [committee, station, bureau]) {
      expect(seesMergeSuggestions(reviewer, filing('submitted'))).toBe(true);
      expect(seesMergeSuggestions(reviewer, filing('rejected'))).toBe(true);
      expect(seesMergeSuggestions(reviewer, filing('filed'))).toBe(false);
      expect(seesMergeSuggestions(reviewer, filing('withdrawn'))).toBe(false);
    }
    expect(seesMergeSuggestions(applicant, filing('submitted'))).toBe(false);
    expect(seesMergeSuggestions(neighbourCommittee, filing('submitted'))).toBe(false);
  });
});
