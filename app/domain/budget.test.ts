import { describe, expect, it } from 'vitest';
import {
  appropriationAccountRef,
  appropriationProblem,
  budgetViolations,
  budgetYearOf,
  fundingAccountRef,
  holdProblem,
  remainingFen,
  type HoldFacts,
} from './budget';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe('remaining budget', () => {
  it('is appropriated less reserved less committed, in fen', () => {
    expect(remainingFen({ amountFen: 100_000_00, reservedFen: 30_000_00, committedFen: 45_000_01 })).toBe(24_999_99);
    expect(remainingFen({ amountFen: 0, reservedFen: 0, committedFen: 0 })).toBe(0);
  });
  it('draws on the year the service starts', () => {
    expect(budgetYearOf('2027-01-01')).toBe(2027);
    expect(budgetYearOf('2026-12-31')).toBe(2026);
  });
  it('names the accounts as contracts do, a line adding its year', () => {
    expect(fundingAccountRef('publicFinance', 'bureauStaff', '610113')).toBe('publicFinance:bureauStaff:610113');
    expect(appropriationAccountRef({ fundingSource: 'publicFinance', purchaserRole: 'bureauStaff', purchaserRegionCode: '610113', year: 2027 })).toBe(
      'publicFinance:bureauStaff:610113:2027',
    );
  });
});

describe('a hold on a line', () => {
  const line = { amountFen: 100_000_00, reservedFen: 40_000_00, committedFen: 50_000_00 };
  it('fits when it takes at most what remains, to the fen', () => {
    expect(holdProblem(line, 10_000_00, yuan)).toBeNull();
    expect(holdProblem(line, 10_000_01, yuan)).toEqual({ key: 'budget.errors.exceeds', params: { remaining: '¥10000.00', need: '¥10000.01' } });
  });
  it('is refused without an appropriation, and names nothing left as zero rather than a negative', () => {
    expect(holdProblem(null, 1, yuan)).toEqual({ key: 'budget.errors.noAppropriation', params: {} });
    expect(holdProblem({ amountFen: 10, reservedFen: 20, committedFen: 0 }, 1, yuan)!.params.remaining).toBe('¥0.00');
  });
});

describe('changing an appropriation', () => {
  it('may lower it to what is held, not below', () => {
    const used = { reservedFen: 30_000_00, committedFen: 20_000_00 };
    expect(appropriationProblem(50_000_00, used, yuan)).toBeNull();
    expect(appropriationProblem(49_999_99, used, yuan)).toEqual({ key: 'budget.errors.belowUse', params: { used: '¥50000.00' } });
  });
  it('refuses a negative or fractional amount', () => {
    const none = { reservedFen: 0, committedFen: 0 };
    expect(appropriationProblem(0, none, yuan)).toBeNull();
    expect(appropriationProblem(-1, none, yuan)!.key).toBe('budget.errors.amount');
    expect(appropriationProblem(1.5, none, yuan)!.key).toBe('budget.errors.amount');
  });
});

describe('budget invariants', () => {
  const hold = { reservedFen: 0, committedFen: 0, awardFen: null, paidFen: 0, liveUnpaidFen: 0, terminatedContracts: 0 };
  const clean: HoldFacts = {
    appropriations: [{ id: 'a', amountFen: 100, reservedFen: 40, committedFen: 60 }],
    holds: [
      { ...hold, projectId: 'p1', projectStatus: 'published', reservedFen: 40 },
      { ...hold, projectId: 'p2', projectStatus: 'awarded', committedFen: 60, awardFen: 80, paidFen: 10, liveUnpaidFen: 50, terminatedContracts: 1 },
      { ...hold, projectId: 'p3', projectStatus: 'cancelled' },
    ],
    unheldProjects: [],
  };
  it('a consistent budget has no violations', () => {
    expect(budgetViolations(clean).flatMap((r) => r.violations)).toEqual([]);
  });
  it('names a line over its appropriation and each hold that does not match its project', () => {
    const r = budgetViolations({
      appropriations: [{ id: 'a', amountFen: 100, reservedFen: 41, committedFen: 60 }],
      holds: [
        { ...hold, projectId: 'p1', projectStatus: 'publicNotice', reservedFen: 41, committedFen: 1 },
        { ...hold, projectId: 'p2', projectStatus: 'awarded', committedFen: 60, awardFen: 80 },
        { ...hold, projectId: 'p5', projectStatus: 'awarded', committedFen: 40, awardFen: 80, paidFen: 30, liveUnpaidFen: 50, terminatedContracts: 1 },
        { ...hold, projectId: 'p3', projectStatus: 'failed', reservedFen: 5 },
      ],
      unheldProjects: [{ projectId: 'p4', status: 'published' }],
    });
    expect(Object.fromEntries(r.map((i) => [i.name, i.violations.length]))).toEqual({
      'reserved + committed ≤ appropriated': 1,
      'budget holds match their projects': 5,
    });
  });
});
