import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawLots } from './lots';

describe('drawLots', () => {
  it('draws what anyone recomputes by hand: SHA-256 of the seed as an integer, modulo the candidates sorted by id', () => {
    // Expected indexes computed with Python's hashlib, not with this code.
    expect(drawLots(['b', 'a'], '3f9a1c0e5b7d2468ace013579bdf0246')).toEqual({
      seed: '3f9a1c0e5b7d2468ace013579bdf0246',
      candidates: ['a', 'b'],
      index: 1,
      drawn: 'b',
    });
    expect(drawLots(['c', 'a', 'b'], '3f9a1c0e5b7d2468ace013579bdf0246').drawn).toBe('b');
    expect(drawLots(['e', 'd', 'c', 'b', 'a'], 'seed-1')).toMatchObject({ index: 2, drawn: 'c' });
    expect(drawLots(['w', 'x', 'y', 'z'], '抽签')).toMatchObject({ index: 0, drawn: 'w' });
  });

  it('the order the candidates come in never changes the draw', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 8 }), fc.string({ minLength: 1 }), (ids, seed) => {
        const reversed = ids.slice().reverse();
        expect(drawLots(reversed, seed)).toEqual(drawLots(ids, seed));
        expect(ids).toContain(drawLots(ids, seed).drawn);
      }),
    );
  });

  it('every candidate can be drawn, about equally often over many seeds', () => {
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 3000; i++) counts[drawLots(['a', 'b', 'c'], `seed-${i}`).drawn as 'a' | 'b' | 'c']++;
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(850);
  });

  it('refuses a draw with no candidate or no seed', () => {
    expect(() => drawLots([], 'x')).toThrow(RangeError);
    expect(() => drawLots(['a'], '')).toThrow(RangeError);
  });
});
