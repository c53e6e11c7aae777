import { describe, expect, it } from 'vitest';
import {
  advanceProblem,
  performanceScoreProblem,
  serviceStarted,
  SUBCONTRACT_CEILING_PERCENT,
  subcontractLimitFen,
  subcontractRemainingFen,
  subcontractTermsProblem,
} from './contract-execution';

describe('the share that may be subcontracted (政府采购法 §48)', () => {
  it('is floor(amount × percent / 100), exact to the fen', () => {
    // ¥100,000.01 at 70%: ¥70,000.007 → ¥70,000.00.
    expect(subcontractLimitFen(10_000_001, 70)).toBe(7_000_000);
    expect(subcontractLimitFen(10_000_099, 70)).toBe(7_000_069);
    expect(subcontractLimitFen(10_000_001, 0)).toBe(0);
    expect(subcontractLimitFen(1, 70)).toBe(0);
    expect(subcontractLimitFen(100, 30)).toBe(30);
  });
  it('stays exact where amount × percent would leave the safe integers', () => {
    const amount = Number.MAX_SAFE_INTEGER;
    expect(subcontractLimitFen(amount, 70)).toBe(Number((BigInt(amount) * 70n) / 100n));
  });
  it('never passes on the whole contract: ¥100,000.00 of ¥100,000.01 is over any share the ceiling allows', () => {
    expect(SUBCONTRACT_CEILING_PERCENT).toBeLessThan(100);
    expect(subcontractRemainingFen(10_000_001, SUBCONTRACT_CEILING_PERCENT, 0)).toBeLessThan(10_000_000);
    expect(() => subcontractLimitFen(10_000_001, 100)).toThrow();
    expect(() => subcontractLimitFen(10_000_001, 71)).toThrow();
  });
  it('what is left is the limit less the live subcontracts, down to 0 at the boundary and never below', () => {
    expect(subcontractRemainingFen(10_000_001, 70, 6_999_999)).toBe(1);
    expect(subcontractRemainingFen(10_000_001, 70, 7_000_000)).toBe(0);
    expect(subcontractRemainingFen(10_000_001, 70, 7_000_001)).toBe(0);
  });
  it('the purchaser states a whole percent within the ceiling, and the main work kept when any share is allowed', () => {
    expect(subcontractTermsProblem(0, null)).toBeNull();
    expect(subcontractTermsProblem(70, '个案服务与项目统筹')).toBeNull();
    expect(subcontractTermsProblem(71, '个案服务与项目统筹')).toBe('execution.errors.sharePercent');
    expect(subcontractTermsProblem(100, '个案服务与项目统筹')).toBe('execution.errors.sharePercent');
    expect(subcontractTermsProblem(-1, null)).toBe('execution.errors.sharePercent');
    expect(subcontractTermsProblem(12.5, '个案服务与项目统筹')).toBe('execution.errors.sharePercent');
    expect(subcontractTermsProblem(30, '')).toBe('execution.errors.excludedWork');
    expect(subcontractTermsProblem(30, '  统筹 ')).toBe('execution.errors.excludedWork');
  });
});

describe('delivery within the service period', () => {
  it('starts on the start date (China time), not the day before', () => {
    expect(serviceStarted('2027-01-01', '2026-12-31')).toBe(false);
    expect(serviceStarted('2027-01-01', '2027-01-01')).toBe(true);
    expect(serviceStarted('2027-01-01', '2027-01-02')).toBe(true);
  });
  it('an advance is the first tranche, unlocked at signing, and no other', () => {
    expect(advanceProblem([{ advance: true, milestoneIndex: null }, { milestoneIndex: 0 }])).toBeNull();
    expect(advanceProblem([{ milestoneIndex: null }, { milestoneIndex: 0 }])).toBeNull();
    expect(advanceProblem([{ advance: true, milestoneIndex: 0 }])).toBe('execution.errors.advance');
    expect(advanceProblem([{ milestoneIndex: null }, { advance: true, milestoneIndex: null }])).toBe('execution.errors.advance');
  });
  it('a performance score is a whole number 0–100, or none', () => {
    expect(performanceScoreProblem(null)).toBeNull();
    expect(performanceScoreProblem(0)).toBeNull();
    expect(performanceScoreProblem(100)).toBeNull();
    expect(performanceScoreProblem(101)).toBe('execution.errors.score');
    expect(performanceScoreProblem(-1)).toBe('execution.errors.score');
    expect(performanceScoreProblem(88.5)).toBe('execution.errors.score');
  });
});
