import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitTranches, tranchesProblem } from './tranches';

describe('tranche split to the fen', () => {
  it('50/30/20 of ¥10,000.01: the remainder fen goes to the last tranche', () => {
    expect(splitTranches(1_000_001, [50, 30, 20])).toEqual([500_000, 300_000, 200_001]);
  });
  it('thirds of ¥100.00', () => {
    expect(splitTranches(10_000, [33, 33, 34])).toEqual([3_300, 3_300, 3_400]);
    expect(splitTranches(10_001, [34, 33, 33])).toEqual([3_400, 3_300, 3_301]);
  });
  it('any split sums to the amount exactly, every part within a fen of its share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        fc
          .array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 8 })
          .map((ws) => {
            // Turn arbitrary weights into whole percentages summing to 100.
            const total = ws.reduce((s, w) => s + w, 0);
            const ps = ws.map((w) => Math.max(1, Math.floor((w * 100) / total)));
            ps[ps.length - 1]! += 100 - ps.reduce((s, p) => s + p, 0);
            return ps;
          })
          .filter((ps) => ps.every((p) => p > 0)),
        (amount, percents) => {
          const parts = splitTranches(amount, percents);
          expect(parts.reduce((s, x) => s + x, 0)).toBe(amount);
          parts.slice(0, -1).forEach((x, i) => expect(x).toBe(Math.floor((amount * percents[i]!) / 100)));
          expect(parts.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
        },
      ),
      { seed: 20261127, numRuns: 300 },
    );
  });
  it('refuses splits that do not add up', () => {
    expect(tranchesProblem([50, 30])).toBe('contract.errors.tranches.sum');
    expect(tranchesProblem([50, 50.5, -0.5])).toBe('contract.errors.tranches.percent');
    expect(() => splitTranches(100, [60, 30])).toThrow();
  });
  it('refuses a schedule with a tranche of 0 fen, which nothing could pay', () => {
    expect(splitTranches(1, [50, 50])).toEqual([0, 1]);
    expect(tranchesProblem([50, 50], 1)).toBe('contract.errors.tranches.zero');
    expect(tranchesProblem([1, 99], 99)).toBe('contract.errors.tranches.zero');
    expect(tranchesProblem([1, 99], 100)).toBeNull();
    expect(tranchesProblem([50, 50])).toBeNull();
  });
});
