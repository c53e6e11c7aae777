import { workCalendar } from './working-days';
import { OFFICIAL_CALENDAR } from './calendar-cn';
import { amendmentFloor } from './procurement-method';
import { describe, expect, it } from 'vitest';
import { actionsFrom, canTransition } from './transitions';
import {
  amendedDeadline,
  filedMayContract,
  fundingProblem,
  criteriaProblem,
  deadlineProblem,
  ineligibility,
  isMaterialAmendment,
  legalStatusProblem,
  noticeEndsAt,
  periodProblem,
  PROJECT_TRANSITIONS,
  reissueProblem,
} from './project';

const cal = workCalendar(OFFICIAL_CALENDAR);

describe('project transitions', () => {
  it('follows the library’s path and nothing skips a step', () => {
    expect(canTransition(PROJECT_TRANSITIONS, 'draft', 'publish')).toBe(true);
    expect(canTransition(PROJECT_TRANSITIONS, 'published', 'startEvaluation')).toBe(false);
    expect(canTransition(PROJECT_TRANSITIONS, 'ranked', 'award')).toBe(false);
    expect(canTransition(PROJECT_TRANSITIONS, 'publicNotice', 'award')).toBe(true);
  });
  it('can be cancelled from any state before the award, never after', () => {
    for (const s of ['draft', 'published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice'] as const) {
      expect(canTransition(PROJECT_TRANSITIONS, s, 'cancel')).toBe(true);
    }
    expect(actionsFrom(PROJECT_TRANSITIONS, 'awarded')).toEqual(['decline']);
    expect(actionsFrom(PROJECT_TRANSITIONS, 'cancelled')).toEqual([]);
    expect(actionsFrom(PROJECT_TRANSITIONS, 'failed')).toEqual([]);
  });
});

describe('project rules', () => {
  it('criteria weights are whole points summing to 100 with at most one price criterion', () => {
    expect(
      criteriaProblem([
        { name: '方案', weight: 70, kind: 'scored' },
        { name: '报价', weight: 30, kind: 'price' },
      ]),
    ).toBeNull();
    expect(
      criteriaProblem([
        { name: '方案', weight: 70, kind: 'scored' },
        { name: '报价', weight: 20, kind: 'price' },
      ]),
    ).toBe('project.errors.criteria.sum');
    expect(
      criteriaProblem([
        { name: 'a', weight: 40, kind: 'scored' },
        { name: 'b', weight: 30, kind: 'price' },
        { name: 'c', weight: 30, kind: 'price' },
      ]),
    ).toBe('project.errors.criteria.price');
    expect(criteriaProblem([{ name: 'p', weight: 100, kind: 'price' }])).toBe('project.errors.criteria.scored');
    expect(
      criteriaProblem([
        { name: 'a', weight: 99.5, kind: 'scored' },
        { name: 'b', weight: 0.5, kind: 'scored' },
      ]),
    ).toBe('project.errors.criteria.weight');
  });
  it('the service period is at most three years', () => {
    const why = '三年期社区矫正帮扶，预算已分年度安排';
    expect(periodProblem('2026-01-01', '2028-12-31', why)).toBeNull();
    expect(periodProblem('2026-01-01', '2029-01-01', why)).toBeNull();
    expect(periodProblem('2026-01-01', '2029-01-02', why)).toBe('project.errors.period.tooLong');
  });
  it('one year as a rule: longer needs a stated reason', () => {
    expect(periodProblem('2027-01-01', '2027-12-31')).toBeNull();
    expect(periodProblem('2027-03-15', '2028-03-14')).toBeNull();
    expect(periodProblem('2027-03-15', '2028-03-15')).toBe('project.errors.period.needsReason');
    expect(periodProblem('2027-01-01', '2028-06-30', '  ')).toBe('project.errors.period.needsReason');
    expect(periodProblem('2027-01-01', '2028-06-30', '跨年度服务，预算已安排')).toBeNull();
    expect(periodProblem('2026-02-01', '2026-01-01')).toBe('project.errors.period.order');
  });
  it('a material amendment of a consultation leaves bidders at least five days; a minor one leaves the deadline alone', () => {
    const at = new Date('2026-05-10T00:00:00Z');
    const floor = amendmentFloor('competitiveConsultation', at, cal);
    expect(amendedDeadline(new Date('2026-05-12T00:00:00Z'), true, floor).toISOString()).toBe('2026-05-15T00:00:00.000Z');
    expect(amendedDeadline(new Date('2026-05-30T00:00:00Z'), true, floor).toISOString()).toBe('2026-05-30T00:00:00.000Z');
    expect(amendedDeadline(new Date('2026-05-12T00:00:00Z'), false, floor).toISOString()).toBe('2026-05-12T00:00:00.000Z');
    // On the next whole minute, so the form (which shows minutes) can save it again unchanged.
    const late = amendmentFloor('competitiveConsultation', new Date('2026-05-10T00:00:01.5Z'), cal);
    expect(amendedDeadline(new Date('2026-05-12T00:00:00Z'), true, late).toISOString()).toBe('2026-05-15T00:01:00.000Z');
  });
  it('a tender amended keeps 15 days; a negotiation amended before 劳动节 keeps 3 working days after it', () => {
    expect(amendmentFloor('publicTender', new Date('2026-05-10T00:00:00Z'), cal).toISOString()).toBe('2026-05-25T00:00:00.000Z');
    // Thu 30 Apr 10:00 in Xi'an; 1–5 May holiday; Wed 6 (1), Thu 7 (2), Fri 8 (3), at the same time of day.
    expect(amendmentFloor('competitiveNegotiation', new Date('2026-04-30T02:00:00Z'), cal).toISOString()).toBe('2026-05-08T02:00:00.000Z');
  });
  it('after publication the deadline only moves later; a draft may move it anywhere', () => {
    const d = new Date('2026-05-20T09:00:00Z');
    expect(deadlineProblem('published', d, new Date('2026-05-20T08:59:00Z'))).toBe('project.errors.deadlineEarlier');
    expect(deadlineProblem('published', d, d)).toBeNull();
    expect(deadlineProblem('published', d, new Date('2026-05-21T09:00:00Z'))).toBeNull();
    expect(deadlineProblem('draft', d, new Date('2026-05-01T09:00:00Z'))).toBeNull();
  });
  it('every change but a corrected title is material, including fields added later', () => {
    expect(isMaterialAmendment(['title'])).toBe(false);
    for (const f of [
      'bidDeadline',
      'criteria',
      'scoringMethod',
      'toleranceHundredths',
      'allowedKinds',
      'allowedLegalStatuses',
      'regionRestricted',
      'fundingSource',
      'noticeDays',
      'budgetFen',
      'singleSourceOrganizationId',
      'singleSourceJustification',
    ]) {
      expect(isMaterialAmendment(['title', f]), f).toBe(true);
    }
    expect(isMaterialAmendment(['someFutureField'])).toBe(true);
  });
  it('only a cancelled or failed project is put out again, and once', () => {
    expect(reissueProblem('cancelled', false)).toBeNull();
    expect(reissueProblem('failed', false)).toBeNull();
    expect(reissueProblem('cancelled', true)).toBe('project.errors.alreadyReissued');
    for (const s of ['draft', 'published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice', 'awarded'] as const)
      expect(reissueProblem(s, false)).toBe('project.errors.notReissuable');
  });
  it('the notice lasts its working days, ending at 24:00 Beijing time of the last one', () => {
    // From Monday 2026-05-11 (16:00 Beijing): Tue…Fri are 4 working days, the next Monday the 5th.
    expect(noticeEndsAt(cal, new Date('2026-05-11T08:00:00Z'), 5).toISOString()).toBe('2026-05-18T16:00:00.000Z');
  });
  it('the notice skips the May Day holiday and counts its make-up Saturday', () => {
    // Started Thursday 2026-04-30: 1–5 May are the holiday; Wed 6, Thu 7, Fri 8, Sat 9 (调休上班), Mon 11.
    expect(noticeEndsAt(cal, new Date('2026-04-30T02:00:00Z'), 5).toISOString()).toBe('2026-05-11T16:00:00.000Z');
    // A start late in the evening Beijing time is already the next China day (1 May, inside the holiday).
    expect(noticeEndsAt(cal, new Date('2026-04-30T17:00:00Z'), 1).toISOString()).toBe('2026-05-06T16:00:00.000Z');
  });
});

describe('bid eligibility', () => {
  const project = {
    purchaserRole: 'bureauStaff',
    fundingSource: 'publicFinance',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'hub'],
    regionRestricted: true,
    regionCode: '610113',
  };
  const org = { status: 'active', legalStatus: 'registered', kind: 'communityOrg', regionCode: '610113001002' };
  it('an active, allowed organization of the region may bid', () => {
    expect(ineligibility(project, org, null, '2026-05-01')).toBeNull();
  });
  it('says why not', () => {
    expect(ineligibility(project, { ...org, status: 'suspended' }, null, '2026-05-01')).toBe('bid.ineligible.notActive');
    expect(ineligibility(project, org, '2026-06-01', '2026-05-01')).toBe('bid.ineligible.banned');
    expect(ineligibility(project, org, '2026-04-30', '2026-05-01')).toBeNull();
    expect(ineligibility(project, { ...org, legalStatus: 'filed' }, null, '2026-05-01')).toBe('bid.ineligible.legalStatus');
    expect(ineligibility(project, { ...org, kind: 'socialWorkAgency' }, null, '2026-05-01')).toBe('bid.ineligible.kind');
    expect(ineligibility(project, { ...org, regionCode: '610112001001' }, null, '2026-05-01')).toBe('bid.ineligible.region');
    expect(ineligibility({ ...project, regionRestricted: false }, { ...org, regionCode: '610112001001' }, null, '2026-05-01')).toBeNull();
  });
  it('a county organization is in the region of a project for one of its communities', () => {
    expect(
      ineligibility(
        { ...project, regionCode: '610113001002', allowedKinds: ['countyServiceOrg'] },
        { ...org, kind: 'countyServiceOrg', regionCode: '610113' },
        null,
        '2026-05-01',
      ),
    ).toBeNull();
  });
});

describe('who may contract: civil liability (政府采购法 §22, 102号令 §6)', () => {
  const project = {
    purchaserRole: 'committeeStaff',
    fundingSource: 'communityFunds',
    allowedLegalStatuses: ['registered', 'filed'],
    allowedKinds: ['communityOrg'],
    regionRestricted: false,
    regionCode: '610113001002',
  };
  const filed = { status: 'active', legalStatus: 'filed', kind: 'communityOrg', regionCode: '610113001002' };
  it('a committee spending community funds, donations or other own money may pay a filed group', () => {
    for (const source of ['communityFunds', 'socialDonations', 'other']) {
      expect(filedMayContract('committeeStaff', source)).toBe(true);
      expect(ineligibility({ ...project, fundingSource: source }, filed, null, '2026-05-01')).toBeNull();
    }
  });
  it('budget or lottery money, or a bureau or station buying, contracts only with registered organizations', () => {
    for (const source of ['publicFinance', 'welfareLottery']) expect(filedMayContract('committeeStaff', source)).toBe(false);
    for (const role of ['bureauStaff', 'stationStaff'])
      for (const source of ['publicFinance', 'welfareLottery', 'socialDonations', 'other']) expect(filedMayContract(role, source)).toBe(false);
    expect(legalStatusProblem('bureauStaff', 'publicFinance', ['registered', 'filed'])).toBe('project.errors.filedNotAllowed');
    expect(legalStatusProblem('committeeStaff', 'publicFinance', ['filed'])).toBe('project.errors.filedNotAllowed');
    expect(legalStatusProblem('bureauStaff', 'publicFinance', ['registered'])).toBeNull();
    expect(legalStatusProblem('committeeStaff', 'communityFunds', ['registered', 'filed'])).toBeNull();
  });
  it('a project that still lists filed groups does not let one contract for budget money', () => {
    expect(ineligibility({ ...project, fundingSource: 'publicFinance' }, filed, null, '2026-05-01')).toBe('bid.ineligible.civilLiability');
    expect(ineligibility({ ...project, purchaserRole: 'stationStaff', fundingSource: 'socialDonations' }, filed, null, '2026-05-01')).toBe(
      'bid.ineligible.civilLiability',
    );
    expect(ineligibility({ ...project, fundingSource: 'publicFinance' }, { ...filed, legalStatus: 'registered' }, null, '2026-05-01')).toBeNull();
  });
});

describe('single source (政府采购法 §31)', () => {
  const single = {
    purchaserRole: 'bureauStaff',
    fundingSource: 'publicFinance',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg'],
    regionRestricted: false,
    regionCode: '610113',
  };
  const named = { id: 'a', status: 'active', legalStatus: 'registered', kind: 'communityOrg', regionCode: '610113001002' };
  it('only the named supplier may bid', () => {
    expect(ineligibility({ ...single, singleSourceOrganizationId: 'a' }, named, null, '2026-05-01')).toBeNull();
    expect(ineligibility({ ...single, singleSourceOrganizationId: 'a' }, { ...named, id: 'b' }, null, '2026-05-01')).toBe('bid.ineligible.notNamedSupplier');
    expect(ineligibility({ ...single, singleSourceOrganizationId: null }, { ...named, id: 'b' }, null, '2026-05-01')).toBeNull();
  });
});

describe('who spends which money (policy §5.2)', () => {
  it('community funds are the committee’s, the welfare lottery fund the bureau’s, the rest anyone’s', () => {
    expect(fundingProblem('committeeStaff', 'communityFunds')).toBeNull();
    expect(fundingProblem('stationStaff', 'communityFunds')).toBe('project.errors.communityFunds');
    expect(fundingProblem('bureauStaff', 'communityFunds')).toBe('project.errors.communityFunds');
    expect(fundingProblem('bureauStaff', 'welfareLottery')).toBeNull();
    expect(fundingProblem('committeeStaff', 'welfareLottery')).toBe('project.errors.welfareLottery');
    for (const role of ['bureauStaff', 'stationStaff', 'committeeStaff']) {
      for (const source of ['publicFinance', 'socialDonations', 'other'] as const) expect(fundingProblem(role, source)).toBeNull();
    }
  });
});
