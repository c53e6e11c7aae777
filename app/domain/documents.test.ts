import { describe, expect, it } from 'vitest';
import { bidDocumentCapability, filingDocumentCapability, missingFilingDocuments } from './documents';
import { FILING_STATUSES, type FilingStatus } from './filing';
import type { Actor } from './permissions';

const now = new Date('2026-06-01T08:00:00Z');
const ahead = new Date('2026-06-10T08:00:00Z');
const past = new Date('2026-05-20T08:00:00Z');
const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null, userId = 'u'): Actor => ({
  userId,
  assignments: [{ role, regionCode, organizationId }],
});
const bidder = actor('orgAdmin', null, 'o1');
const live = { organizationId: 'o1', status: 'submitted' };

describe('bidDocumentCapability', () => {
  it('the bidding organization adds documents to its live bid before the deadline', () => {
    expect(bidDocumentCapability(bidder, { status: 'published', bidDeadline: ahead, closedAt: null }, live, now).allowed).toBe(true);
  });
  it('not after the deadline, nor once bidding closed', () => {
    expect(bidDocumentCapability(bidder, { status: 'published', bidDeadline: past, closedAt: null }, live, now)).toMatchObject({
      allowed: false,
      reason: 'bid.errors.closed',
    });
    expect(bidDocumentCapability(bidder, { status: 'biddingClosed', bidDeadline: past, closedAt: past }, live, now).allowed).toBe(false);
  });
  it('not to a withdrawn or replaced version', () => {
    for (const status of ['withdrawn', 'replaced'])
      expect(bidDocumentCapability(bidder, { status: 'published', bidDeadline: ahead, closedAt: null }, { organizationId: 'o1', status }, now).allowed).toBe(
        false,
      );
  });
  it('nobody else: another organization, a member, staff, a visitor', () => {
    for (const a of [actor('orgAdmin', null, 'o2'), actor('orgMember', null, 'o1'), actor('stationStaff', '610113001'), null])
      expect(bidDocumentCapability(a, { status: 'published', bidDeadline: ahead, closedAt: null }, live, now)).toMatchObject({
        allowed: false,
        code: 'forbidden',
      });
  });
});

describe('filingDocumentCapability', () => {
  const applicant: Actor = { userId: 'applicant', assignments: [] };
  const filing = (status: FilingStatus) => ({ status, regionCode: '610113001001', applicantUserId: 'applicant' });
  const OPEN: FilingStatus[] = ['submitted', 'returned'];
  for (const status of FILING_STATUSES) {
    it(`the applicant ${OPEN.includes(status) ? 'may' : 'may not'} change documents of a ${status} application`, () => {
      expect(filingDocumentCapability(applicant, filing(status)).allowed).toBe(OPEN.includes(status));
    });
  }
  it('reviewers read the documents but do not change them', () => {
    for (const a of [actor('committeeStaff', '610113001001'), actor('stationStaff', '610113001'), { userId: 'someone', assignments: [] }])
      expect(filingDocumentCapability(a, filing('submitted'))).toMatchObject({ allowed: false, code: 'forbidden' });
  });
});

describe('missingFilingDocuments', () => {
  it('names the expected kinds not handed in: the charter and the member list', () => {
    expect(missingFilingDocuments([])).toEqual(['charter', 'memberList']);
    expect(missingFilingDocuments(['charter', 'other'])).toEqual(['memberList']);
    expect(missingFilingDocuments(['memberList', 'charter'])).toEqual([]);
  });
});
