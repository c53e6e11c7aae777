import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { describe, expect, it } from 'vitest';
import { avoidanceOf, candidatesFor, drawPanel, drawSizeProblem, LARGE_BUDGET_FEN, minimumPanel, type DrawContext, type Expert } from './panel-draw';

const SEED = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const ids = Array.from({ length: 9 }, (_, i) => `0000000${i}-0000-4000-8000-000000000000`);

describe('drawPanel', () => {
  it('is deterministic: the same seed and candidates, in any order, draw the same panel', () => {
    const a = drawPanel(ids, 5, SEED);
    const b = drawPanel([...ids].reverse(), 5, SEED);
    expect(b).toEqual(a);
    expect(a.candidates).toEqual(ids);
    expect(drawPanel(ids, 5, SEED.replace(/^00/, '01')).drawn).not.toEqual(a.drawn);
  });

  it('draws without replacement: no duplicates, all from the candidates; all of them when n equals their number', () => {
    for (let k = 0; k < 20; k++) {
      const seed = SEED.slice(0, 62) + k.toString(16).padStart(2, '0');
      const d = drawPanel(ids, 5, seed);
      expect(new Set(d.drawn).size).toBe(5);
      for (const x of d.drawn) expect(ids).toContain(x);
      expect([...drawPanel(ids, 9, seed).drawn].sort()).toEqual(ids);
    }
  });

  it('follows the documented recipe: HMAC-SHA256(seed, counter as 8 bytes), first 6 bytes mod the remaining count', () => {
    const d = drawPanel(ids, 1, SEED);
    const msg = new Uint8Array(8); // counter 0
    const digest = hmac(SHA256, Uint8Array.from(SEED.match(/../g)!.map((h) => parseInt(h, 16))), msg);
    const v = digest.slice(0, 6).reduce((acc, b) => acc * 256 + b, 0);
    expect(d.drawn[0]).toBe(ids[v % ids.length]);
    expect(d.nextCounter).toBe(1);
  });

  it('a replacement continues the counter on the candidates not yet drawn, as one longer draw would', () => {
    const first = drawPanel(ids, 3, SEED);
    const rest = ids.filter((i) => !first.drawn.includes(i));
    const replacement = drawPanel(rest, 1, SEED, first.nextCounter);
    expect(first.drawn).not.toContain(replacement.drawn[0]);
    expect(drawPanel(ids, 4, SEED).drawn).toEqual([...first.drawn, replacement.drawn[0]]);
  });

  it('refuses more seats than candidates and a seed that is not hex', () => {
    expect(() => drawPanel(ids.slice(0, 2), 3, SEED)).toThrow(RangeError);
    expect(() => drawPanel(ids, 1, 'not-hex')).toThrow(RangeError);
  });
});

describe('the size of a panel', () => {
  it('is odd and at least the method’s minimum; 5 at or above the large-budget threshold', () => {
    expect(minimumPanel('competitiveConsultation', 100_000_00)).toBe(3);
    expect(minimumPanel('publicTender', 100_000_00)).toBe(5);
    expect(minimumPanel('inquiry', LARGE_BUDGET_FEN - 1)).toBe(3);
    expect(minimumPanel('inquiry', LARGE_BUDGET_FEN)).toBe(5);
    expect(LARGE_BUDGET_FEN).toBe(1_000_000_00);
    expect(drawSizeProblem(3, 'competitiveConsultation', 100_000_00)).toBeNull();
    expect(drawSizeProblem(4, 'competitiveConsultation', 100_000_00)).toEqual({ key: 'panelDraw.errors.even', params: { n: 4 } });
    expect(drawSizeProblem(1, 'competitiveConsultation', 100_000_00)).toEqual({ key: 'panelDraw.errors.tooSmall', params: { n: 3 } });
    expect(drawSizeProblem(3, 'publicTender', 100_000_00)).toEqual({ key: 'panelDraw.errors.tooSmall', params: { n: 5 } });
    expect(drawSizeProblem(3, 'inquiry', LARGE_BUDGET_FEN)).toEqual({ key: 'panelDraw.errors.tooSmall', params: { n: 5 } });
    expect(drawSizeProblem(5, 'inquiry', LARGE_BUDGET_FEN)).toBeNull();
  });
});

describe('avoidance and candidates', () => {
  const bidderA = 'a0000000-0000-4000-8000-000000000000';
  const bidderB = 'b0000000-0000-4000-8000-000000000000';
  const ctx: DrawContext = {
    categories: ['elderlyCare'],
    purchaserUserId: 'p',
    bidders: [
      { id: bidderA, regionCode: '610113001002' },
      { id: bidderB, regionCode: '610113001' },
    ],
  };
  const expert = (userId: string, over: Partial<Expert> = {}): Expert => ({
    userId,
    active: true,
    specialties: ['elderlyCare'],
    regionCode: '6101',
    employerOrganizationId: null,
    relations: [],
    memberships: [],
    ...over,
  });

  it('names each reason: employer, member, same community, declared relation, purchasing unit', () => {
    expect(avoidanceOf(expert('e'), ctx)).toEqual([]);
    expect(avoidanceOf(expert('e', { employerOrganizationId: bidderB }), ctx)).toEqual(['employer']);
    expect(avoidanceOf(expert('e', { memberships: [bidderA] }), ctx)).toEqual(['member']);
    expect(avoidanceOf(expert('e', { regionCode: '610113001002' }), ctx)).toEqual(['community']);
    expect(avoidanceOf(expert('e', { relations: [bidderB] }), ctx)).toEqual(['relation']);
    expect(avoidanceOf(expert('p'), ctx)).toEqual(['purchaser']);
    // Same street as a street-level bidder is not the same community; a non-bidder's relation does not count.
    expect(avoidanceOf(expert('e', { regionCode: '610113001' }), ctx)).toEqual([]);
    expect(avoidanceOf(expert('e', { relations: ['c0000000-0000-4000-8000-000000000000'], employerOrganizationId: 'x' }), ctx)).toEqual([]);
    expect(avoidanceOf(expert('p', { employerOrganizationId: bidderA, relations: [bidderA] }), ctx)).toEqual(['employer', 'relation', 'purchaser']);
  });

  it('candidates are active specialists not avoided, sorted; too few falls back to every active expert, recorded', () => {
    const pool = [
      expert('e3'),
      expert('e1'),
      expert('e2', { specialties: ['culture'] }),
      expert('e4', { active: false }),
      expert('e5', { relations: [bidderA] }),
    ];
    expect(candidatesFor(pool, ctx, 2)).toEqual({ candidates: ['e1', 'e3'], excluded: [{ userId: 'e5', reasons: ['relation'] }], fallback: false });
    expect(candidatesFor(pool, ctx, 3)).toEqual({ candidates: ['e1', 'e2', 'e3'], excluded: [{ userId: 'e5', reasons: ['relation'] }], fallback: true });
  });
});
