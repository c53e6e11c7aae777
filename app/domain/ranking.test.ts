import { describe, expect, it } from 'vitest';
import { rankBids, type RankingBid, type RankingInput } from './ranking';

const criteria: RankingInput['criteria'] = [
  { id: 'plan', weight: 50, kind: 'scored' },
  { id: 'team', weight: 20, kind: 'scored' },
  { id: 'price', weight: 30, kind: 'price' },
];

/** A bid whose evaluators all gave the same points per criterion. */
function bid(id: string, opts: { plan: number[]; team?: number[]; price?: number; community?: boolean; eligible?: boolean; at?: string }): RankingBid {
  const scores = [
    ...opts.plan.map((points, i) => ({ evaluatorId: `e${i + 1}`, criterionId: 'plan', points })),
    ...(opts.team ?? opts.plan.map(() => 20)).map((points, i) => ({ evaluatorId: `e${i + 1}`, criterionId: 'team', points })),
  ];
  return {
    id,
    isCommunityOrg: opts.community ?? false,
    eligible: opts.eligible ?? true,
    price: opts.price ?? 100_000_00,
    submittedAt: opts.at ?? '2026-05-01T08:00:00.000Z',
    scores,
  };
}

const rank = (bids: RankingBid[], over: Partial<RankingInput> = {}) => rankBids({ method: 'mean', tolerance: 0, criteria, bids, ...over });

describe('rankBids: totals', () => {
  it('a scored criterion is the mean of its evaluators; price is weight × lowest ÷ own; total rounds half-up to 2 decimals', () => {
    const r = rank([bid('A', { plan: [40, 41, 41], price: 90_000_00 }), bid('B', { plan: [45, 45, 45], price: 120_000_00 })]);
    // A: 40.666… + 20 + 30 = 90.67 ; B: 45 + 20 + 30 × 90000 / 120000 = 22.5 → 87.5
    expect(r.map((x) => [x.id, x.total, x.rank])).toEqual([
      ['A', 90.67, 1],
      ['B', 87.5, 2],
    ]);
    expect(r[1]!.explanation.join('\n')).toContain('22.50 = 30 × lowest price 9000000 fen ÷ this price 12000000 fen');
  });

  it('rounds half-up exactly at .xx5 (no binary noise)', () => {
    // plan mean 40.005 + team 20 + price 30 = 90.005 → 90.01
    const r = rank([bid('A', { plan: [40.005] })]);
    expect(r[0]!.total).toBe(90.01);
  });

  it('trimmed mean drops one highest and one lowest only with 5 or more evaluators', () => {
    const five = rank([bid('A', { plan: [10, 40, 40, 40, 50], team: [20, 20, 20, 20, 20] })], { method: 'trimmedMean' });
    expect(five[0]!.total).toBe(40 + 20 + 30);
    expect(five[0]!.explanation[0]).toContain('after dropping the highest 50 and the lowest 10');
    const four = rank([bid('A', { plan: [10, 40, 40, 50], team: [20, 20, 20, 20] })], { method: 'trimmedMean' });
    expect(four[0]!.total).toBe(35 + 20 + 30);
    expect(four[0]!.explanation[0]).toContain('mean of 4 evaluators');
  });

  it('a recused evaluator who scored nothing does not count toward the mean', () => {
    const b = bid('A', { plan: [30, 40, 50] });
    const r = rankBids({ method: 'mean', tolerance: 0, criteria, bids: [b] });
    expect(r[0]!.total).toBe(40 + 20 + 30);
    expect(r[0]!.explanation[0]).toContain('mean of 3 evaluators');
  });
});

describe('rankBids: order and the same-conditions preference (§3.4)', () => {
  it('ties break by lower price, then earlier submission', () => {
    const r = rank(
      [bid('late', { plan: [40], price: 100_000_00, at: '2026-05-02T00:00:00Z' }), bid('early', { plan: [40], price: 100_000_00, at: '2026-05-01T00:00:00Z' })],
      { criteria: criteria.filter((c) => c.kind === 'scored') },
    );
    expect(r.map((x) => x.id)).toEqual(['early', 'late']);
  });

  it('with tolerance 0, an exact tie goes to the community organization, which is marked preferred', () => {
    const r = rank([bid('agency', { plan: [40], at: '2026-05-01T00:00:00Z' }), bid('community', { plan: [40], community: true, at: '2026-05-02T00:00:00Z' })]);
    expect(r.map((x) => [x.id, x.rank, x.preferred])).toEqual([
      ['community', 1, true],
      ['agency', 2, false],
    ]);
    expect(r[0]!.explanation.at(-1)).toMatch(/Ranked above bid agency \(total 90\.00\).*tolerance of 0 points.*§3\.4/);
  });

  it('within the tolerance the community organization comes first; outside it, merit stands', () => {
    const bids = [bid('agency', { plan: [42] }), bid('community', { plan: [40], community: true })];
    expect(rank(bids, { tolerance: 2 }).map((x) => x.id)).toEqual(['community', 'agency']);
    expect(rank(bids, { tolerance: 1.99 }).map((x) => x.id)).toEqual(['agency', 'community']);
    expect(rank(bids, { tolerance: 1.99 }).every((x) => !x.preferred)).toBe(true);
  });

  it('the tolerance chain: A–B and B–C within tolerance but A–C not; C is not pulled into A’s group', () => {
    // totals A 93, B 91.5, C 90 with tolerance 2: A's group is {A, B}; C leads the next group.
    const bids = [bid('A', { plan: [43] }), bid('B', { plan: [41.5] }), bid('C', { plan: [40], community: true })];
    const r = rank(bids, { tolerance: 2 });
    expect(r.map((x) => x.id)).toEqual(['A', 'B', 'C']);
    expect(r.find((x) => x.id === 'C')!.preferred).toBe(false);
    // With B a community organization instead, B passes A but nobody passes across groups.
    const r2 = rank([bid('A', { plan: [43] }), bid('B', { plan: [41.5], community: true }), bid('C', { plan: [40] })], { tolerance: 2 });
    expect(r2.map((x) => [x.id, x.preferred])).toEqual([
      ['B', true],
      ['A', false],
      ['C', false],
    ]);
  });

  it('community organizations keep their merit order among themselves; preferred names every bid passed', () => {
    const r = rank(
      [bid('X', { plan: [44] }), bid('c1', { plan: [43], community: true }), bid('Y', { plan: [42.5] }), bid('c2', { plan: [42], community: true })],
      { tolerance: 3 },
    );
    expect(r.map((x) => x.id)).toEqual(['c1', 'c2', 'X', 'Y']);
    const c2 = r.find((x) => x.id === 'c2')!;
    expect(c2.preferred).toBe(true);
    expect(c2.reasons.filter((x) => x.key === 'ranking.reason.passed').map((x) => x.params.other)).toEqual(['X', 'Y']);
    expect(
      r
        .find((x) => x.id === 'c1')!
        .reasons.filter((x) => x.key === 'ranking.reason.passed')
        .map((x) => x.params.other),
    ).toEqual(['X']);
  });

  it('an ineligible bid is unranked, last, and its low price does not set the price score', () => {
    const r = rank([
      bid('cheap-but-ineligible', { plan: [50], price: 50_000_00, eligible: false }),
      bid('A', { plan: [40], price: 100_000_00 }),
      bid('B', { plan: [40], price: 200_000_00 }),
    ]);
    expect(r.map((x) => [x.id, x.rank])).toEqual([
      ['A', 1],
      ['B', 2],
      ['cheap-but-ineligible', null],
    ]);
    expect(r[0]!.total).toBe(40 + 20 + 30);
    expect(r[1]!.total).toBe(40 + 20 + 15);
    expect(r[2]!.explanation).toEqual(['Not ranked: the bid is not eligible']);
  });

  it('no bids, or no eligible bids, ranks nothing', () => {
    expect(rank([])).toEqual([]);
    expect(rank([bid('x', { plan: [1], eligible: false })]).map((x) => x.rank)).toEqual([null]);
  });
});
