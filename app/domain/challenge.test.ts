import { describe, expect, it } from 'vitest';
import { CHALLENGE_MATTERS as STORED_MATTERS, CHALLENGE_OUTCOMES as STORED_OUTCOMES } from '#db/schema';
import { allowedActions } from './capabilities';
import { OFFICIAL_CALENDAR } from './calendar-cn';
import {
  answerOverdue,
  CHALLENGE_MATTERS,
  CHALLENGE_OUTCOMES,
  challengeAnswerDue,
  challengeCapabilities,
  challengeHold,
  challengeMatterProblem,
  challengeRemedyProblem,
  challengeTextProblem,
  challengeWindowClosesAt,
} from './challenge';
import type { Actor } from './permissions';
import { noticeEndsAt } from './project';
import { workCalendar } from './working-days';

const cal = workCalendar(OFFICIAL_CALENDAR);

describe('the challenge window (94号令 §10)', () => {
  // The notice starts on Thursday 30 April 2026 at 10:00 Beijing time, the eve of the May Day holiday (1–5 May),
  // whose make-up working day is Saturday 9 May.
  const start = new Date('2026-04-30T02:00:00Z');
  it('runs 7 working days from the start of a shorter notice, skipping the holiday and counting the make-up Saturday', () => {
    const ends = noticeEndsAt(cal, start, 5); // Mon 11 May
    // Wed 6, Thu 7, Fri 8, Sat 9 (调休上班), Mon 11, Tue 12, Wed 13 May: ends at 24:00 Beijing time on the 13th.
    expect(challengeWindowClosesAt(cal, start, ends)?.toISOString()).toBe('2026-05-13T16:00:00.000Z');
  });
  it('lasts as long as the notice when the notice is longer', () => {
    const ends = noticeEndsAt(cal, start, 10); // Mon 18 May
    expect(ends.toISOString()).toBe('2026-05-18T16:00:00.000Z');
    expect(challengeWindowClosesAt(cal, start, ends)).toEqual(ends);
  });
  it('a 7-day notice and the window end together', () => {
    const ends = noticeEndsAt(cal, start, 7);
    expect(challengeWindowClosesAt(cal, start, ends)).toEqual(ends);
  });
  it('there is no window before a notice; a notice without a recorded start closes with the notice', () => {
    expect(challengeWindowClosesAt(cal, null, null)).toBeNull();
    const ends = new Date('2026-05-11T16:00:00Z');
    expect(challengeWindowClosesAt(cal, null, ends)).toEqual(ends);
  });
  it('the answer is due at the end of the 7th working day after receipt (94号令 §13)', () => {
    // Filed on Friday 25 September 2026, in the Mid-Autumn holiday (25–27 Sep); National Day is 1–7 October:
    // Mon 28, Tue 29, Wed 30 Sep, Thu 8, Fri 9, Sat 10 Oct (调休上班), Mon 12 Oct.
    expect(challengeAnswerDue(cal, new Date('2026-09-25T03:00:00Z')).toISOString()).toBe('2026-10-12T16:00:00.000Z');
    const due = new Date('2026-10-12T16:00:00Z');
    expect(answerOverdue({ status: 'open', answerDueAt: due }, new Date('2026-10-12T15:59:59Z'))).toBe(false);
    expect(answerOverdue({ status: 'open', answerDueAt: due }, new Date('2026-10-12T16:00:01Z'))).toBe(true);
    expect(answerOverdue({ status: 'answered', answerDueAt: due }, new Date('2026-11-01T00:00:00Z'))).toBe(false);
  });
});

describe('the award waits for challenges', () => {
  const closes = new Date('2026-05-13T16:00:00Z');
  it('while the window is open, saying until when', () => {
    expect(challengeHold(closes, 0, new Date('2026-05-13T15:59:00Z'))).toEqual({
      key: 'challenge.errors.windowRunning',
      params: { until: closes.toISOString() },
    });
  });
  it('while a challenge is unanswered, saying how many', () => {
    expect(challengeHold(closes, 2, new Date('2026-05-14T00:00:00Z'))).toEqual({ key: 'challenge.errors.unanswered', params: { n: 2 } });
  });
  it('not after the window with every challenge answered', () => {
    expect(challengeHold(closes, 0, closes)).toBeNull();
    expect(challengeHold(null, 0, closes)).toBeNull();
  });
});

describe('challenge capabilities', () => {
  const now = new Date('2026-05-12T02:00:00Z');
  const closes = new Date('2026-05-13T16:00:00Z');
  const actor = (role: Actor['assignments'][number]['role'], regionCode: string | null, organizationId: string | null = null): Actor => ({
    userId: 'u',
    assignments: [{ role, regionCode, organizationId }],
  });
  const project = (status = 'publicNotice') => ({ status, regionCode: '610113001001', purchaserRole: 'stationStaff', purchaserRegionCode: '610113001' });
  const filer = { organizationId: 'o1', bidder: true, hasOpen: false };
  const ACTORS: Record<string, Actor | null> = {
    visitor: null,
    bidderAdmin: actor('orgAdmin', null, 'o1'),
    member: actor('orgMember', null, 'o1'),
    otherOrgAdmin: actor('orgAdmin', null, 'o2'),
    purchaser: actor('stationStaff', '610113001'),
    otherStation: actor('stationStaff', '610113002'),
    evaluator: actor('evaluator', null),
  };
  const EXPECTED: Record<string, string[]> = {
    visitor: [],
    bidderAdmin: ['fileChallenge'],
    member: [],
    otherOrgAdmin: [],
    purchaser: ['answerChallenge'],
    otherStation: [],
    evaluator: [],
  };
  it.each(Object.keys(ACTORS))('%s during the notice, o1 a bidder filing', (who) => {
    expect(allowedActions(challengeCapabilities(ACTORS[who]!, project(), { closesAt: closes, filer, challenge: { status: 'open' } }, now))).toEqual(
      EXPECTED[who],
    );
  });
  it('an organization that did not bid is refused with its reason', () => {
    expect(challengeCapabilities(ACTORS.bidderAdmin!, project(), { closesAt: closes, filer: { ...filer, bidder: false } }, now).fileChallenge).toMatchObject({
      allowed: false,
      code: 'forbidden',
      reason: 'challenge.errors.notBidder',
    });
  });
  it('not after the window, nor outside the notice (ranked, awarded, cancelled)', () => {
    const after = challengeCapabilities(ACTORS.bidderAdmin!, project(), { closesAt: closes, filer }, closes).fileChallenge;
    expect(after).toMatchObject({ allowed: false, code: 'invalidTransition', reason: 'challenge.errors.windowClosed' });
    for (const s of ['ranked', 'awarded', 'cancelled'])
      expect(challengeCapabilities(ACTORS.bidderAdmin!, project(s), { closesAt: closes, filer }, now).fileChallenge.allowed).toBe(false);
    expect(challengeCapabilities(ACTORS.bidderAdmin!, project(), { closesAt: null, filer }, now).fileChallenge.allowed).toBe(false);
  });
  it('one open challenge per organization', () => {
    expect(challengeCapabilities(ACTORS.bidderAdmin!, project(), { closesAt: closes, filer: { ...filer, hasOpen: true } }, now).fileChallenge).toMatchObject({
      code: 'conflict',
      reason: 'challenge.errors.alreadyOpen',
    });
  });
  it('an answered challenge is not answered again (open → answered)', () => {
    expect(
      challengeCapabilities(ACTORS.purchaser!, project(), { closesAt: closes, filer, challenge: { status: 'answered' } }, now).answerChallenge,
    ).toMatchObject({
      code: 'conflict',
      reason: 'challenge.errors.answered',
    });
  });
});

describe('challenge texts', () => {
  it('the stored enums are the domain’s', () => {
    expect([...STORED_MATTERS]).toEqual([...CHALLENGE_MATTERS]);
    expect([...STORED_OUTCOMES]).toEqual([...CHALLENGE_OUTCOMES]);
  });
  it('reasons and evidence say something', () => {
    expect(challengeTextProblem('  ab ')).toBe('challenge.errors.tooShort');
    expect(challengeTextProblem('评分有误，请复核')).toBeNull();
    expect(challengeTextProblem('字'.repeat(4001))).toBe('challenge.errors.tooLong');
  });
  it('a ranking challenge names a bid; the others name none', () => {
    expect(challengeMatterProblem('ranking', null)).toBe('challenge.errors.bidRequired');
    expect(challengeMatterProblem('ranking', 'b1')).toBeNull();
    expect(challengeMatterProblem('result', 'b1')).toBe('challenge.errors.bidNotAllowed');
    expect(challengeMatterProblem('process', undefined)).toBeNull();
  });
  it('an upheld challenge states its remedy', () => {
    expect(challengeRemedyProblem('upheld', ' ')).toBe('challenge.errors.remedyRequired');
    expect(challengeRemedyProblem('upheld', '重新组织评审')).toBeNull();
    expect(challengeRemedyProblem('dismissed', null)).toBeNull();
  });
});
