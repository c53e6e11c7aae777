import { describe, expect, it } from 'vitest';
import { actionsFrom, canTransition } from './transitions';
import {
  earliestProjectDay,
  INTENTION_STATUSES,
  INTENTION_TRANSITIONS,
  intentionFundingProblem,
  intentionLeadOk,
  intentionYearProblem,
  projectIntentionProblem,
  purchasingUnitOf,
} from './intention';

const at = (iso: string) => new Date(iso);

describe('intentionLeadOk: published at least 30 calendar days before the project (财库〔2020〕10号)', () => {
  it('30 days later is enough, 29 is not', () => {
    expect(intentionLeadOk(at('2027-03-01T10:00:00+08:00'), at('2027-03-31T10:00:00+08:00'))).toBe(true);
    expect(intentionLeadOk(at('2027-03-01T10:00:00+08:00'), at('2027-03-30T23:59:00+08:00'))).toBe(false);
  });

  it('counts calendar days in China, not 24-hour periods', () => {
    // Published late on 1 March, the project early on 31 March: under 30 × 24 hours, yet 30 days apart.
    expect(intentionLeadOk(at('2027-03-01T23:30:00+08:00'), at('2027-03-31T08:00:00+08:00'))).toBe(true);
    // 1 March 00:30 in China is still 28 February in UTC; the day that counts is China's.
    expect(intentionLeadOk(at('2027-02-28T16:30:00Z'), at('2027-03-30T15:59:00Z'))).toBe(false);
    expect(intentionLeadOk(at('2027-02-28T16:30:00Z'), at('2027-03-30T16:00:00Z'))).toBe(true);
    expect(intentionLeadOk(at('2027-02-28T16:30:00Z'), at('2027-03-30T16:00:00+08:00'))).toBe(false);
    expect(intentionLeadOk(at('2027-02-28T16:30:00Z'), at('2027-03-31T00:10:00+08:00'))).toBe(true);
  });

  it('across a month end and a leap day', () => {
    expect(intentionLeadOk(at('2028-02-01T09:00:00+08:00'), at('2028-03-02T09:00:00+08:00'))).toBe(true);
    expect(intentionLeadOk(at('2028-02-01T09:00:00+08:00'), at('2028-03-01T09:00:00+08:00'))).toBe(false);
  });

  it('an intention published after the project, or the same day, never counts', () => {
    expect(intentionLeadOk(at('2027-05-01T09:00:00+08:00'), at('2027-04-01T09:00:00+08:00'))).toBe(false);
    expect(intentionLeadOk(at('2027-05-01T09:00:00+08:00'), at('2027-05-01T18:00:00+08:00'))).toBe(false);
  });

  it('earliestProjectDay is the first day intentionLeadOk allows', () => {
    const published = at('2027-03-01T23:30:00+08:00');
    expect(earliestProjectDay(published)).toBe('2027-03-31');
    expect(intentionLeadOk(published, at('2027-03-31T00:00:00+08:00'))).toBe(true);
    expect(intentionLeadOk(published, at('2027-03-30T23:59:59+08:00'))).toBe(false);
  });
});

describe('the intention transition table', () => {
  it('draft → published → withdrawn, and nothing else', () => {
    expect(Object.fromEntries(INTENTION_STATUSES.map((s) => [s, actionsFrom(INTENTION_TRANSITIONS, s)]))).toEqual({
      draft: ['publish'],
      published: ['withdraw'],
      withdrawn: [],
    });
    expect(canTransition(INTENTION_TRANSITIONS, 'withdrawn', 'publish')).toBe(false);
  });
});

describe('intention rules', () => {
  it('community funds are the committee’s to spend', () => {
    expect(intentionFundingProblem('committeeStaff', 'communityFunds')).toBeNull();
    expect(intentionFundingProblem('bureauStaff', 'communityFunds')).toBe('project.errors.communityFunds');
    expect(intentionFundingProblem('stationStaff', 'communityFunds')).toBe('project.errors.communityFunds');
    expect(intentionFundingProblem('stationStaff', 'publicFinance')).toBeNull();
  });

  it('the year is this year or later', () => {
    expect(intentionYearProblem(2026, '2026-12-31')).toBeNull();
    expect(intentionYearProblem(2027, '2026-12-31')).toBeNull();
    expect(intentionYearProblem(2025, '2026-01-01')).toBe('intention.errors.yearPast');
  });
});

describe('purchasingUnitOf', () => {
  const a = (role: 'bureauStaff' | 'stationStaff' | 'evaluator', regionCode: string | null) => ({ role, regionCode });
  it('is the most local bureau, station or committee assignment', () => {
    expect(purchasingUnitOf({ assignments: [a('bureauStaff', '610113'), a('stationStaff', '610113001')] })).toEqual({
      role: 'stationStaff',
      regionCode: '610113001',
    });
  });
  it('is nobody for a visitor or someone who buys nothing', () => {
    expect(purchasingUnitOf(null)).toBeNull();
    expect(purchasingUnitOf({ assignments: [a('evaluator', null)] })).toBeNull();
  });
});

describe('a project names its intention', () => {
  const unit = { purchaserRole: 'bureauStaff', purchaserRegionCode: '610113' };
  const published = { status: 'published', ...unit, publishedAt: new Date('2027-03-01T02:00:00Z') };

  it('only a published intention of the same purchasing unit', () => {
    expect(projectIntentionProblem(published, unit)).toBeNull();
    expect(projectIntentionProblem(undefined, unit)?.key).toBe('project.errors.intention.notOurs');
    expect(projectIntentionProblem({ ...published, purchaserRegionCode: '610102' }, unit)?.key).toBe('project.errors.intention.notOurs');
    expect(projectIntentionProblem({ ...published, purchaserRole: 'stationStaff' }, unit)?.key).toBe('project.errors.intention.notOurs');
    expect(projectIntentionProblem({ ...published, status: 'withdrawn' }, unit)?.key).toBe('project.errors.intention.notPublished');
    expect(projectIntentionProblem({ ...published, status: 'draft', publishedAt: null }, unit)?.key).toBe('project.errors.intention.notPublished');
  });

  it('published 30 days after it, in China days: 1 March allows 31 March, not 30 March', () => {
    expect(projectIntentionProblem(published, unit, new Date('2027-03-30T15:59:00Z'))).toEqual({
      key: 'project.errors.intention.tooRecent',
      params: { earliest: '2027-03-31' },
    });
    expect(projectIntentionProblem(published, unit, new Date('2027-03-30T16:00:00Z'))).toBeNull();
  });
});
