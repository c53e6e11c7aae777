import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TOLERANCE, rankBids, toleranceProblem, type RankingBid, type RankingInput } from './ranking';

const criteria: RankingInput['criteria'] = [
  { id: 'plan', weight: 50, kind: 'scored' },
  { id: 'team', weight: 20, kind: 'scored' },
  { id: 'price', weight: 30, kind: 'price' },
];

/** A bid whose evaluators all gave the same points per criterion. */
function bid(id: string, opts: { plan: number[]; team?: number[]; price?: number; community?: boolean; eligible?: boolean }): RankingBid {
  const scores = [
    ...opts.plan.map((points, i) => ({ evaluatorId: `e${i + 1}`, criterionId: 'plan', points })),
    ...(opts.team ?? opts.plan.map(() => 20)).map((points, i) => ({ evaluatorId: `e${i + 1}`, criterionId: 'team', points })),
  ];
  return {
    id,
    isCommunityOrg: opts.community ?? false,
    eligible: opts.eligible ?? true,
    price: opts.price ?? 100_000_00,
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

  it('trimmed total sets aside the evaluators with the highest and the lowest total, whole, with 5 or more', () => {
    // Totals on the scored criteria: e1 30+25=55, e2 40+10=50, e3 40+20=60, e4 44+20=64, e5 35+30=65.
    // Per criterion trimming would drop plan 30/44 and team 10/30; by total, e5 (65) and e2 (50) go.
    const b = bid('A', { plan: [30, 40, 40, 44, 35], team: [25, 10, 20, 20, 30] });
    const [byTotal] = rank([b], { method: 'trimmedTotal' });
    // Kept: e1, e3, e4 → plan (30+40+44)/3 = 38, team (25+20+20)/3 = 21.67; + price 30.
    expect(byTotal!.total).toBe(89.67);
    expect(byTotal!.explanation).toContain('Of 5 evaluators, the highest total (65.00) and the lowest total (50.00) were set aside before averaging');
    expect(byTotal!.explanation[0]).toContain('mean of 3 evaluators');
    const [perCriterion] = rank([b], { method: 'trimmedMean' });
    // plan (40+40+35)/3 = 38.33, team (25+20+20)/3 = 21.67 → 90.00: the two rules differ.
    expect(perCriterion!.total).toBe(90);
  });

  it('trimmed total with fewer than 5 evaluators is the plain mean, and says nothing was set aside', () => {
    const b = bid('A', { plan: [30, 40, 50, 40], team: [20, 20, 20, 20] });
    const [r] = rank([b], { method: 'trimmedTotal' });
    expect(r!.total).toBe(40 + 20 + 30);
    expect(r!.explanation.join('\n')).not.toContain('set aside');
  });

  it('trimmed total: equal totals at the top set aside one evaluator only, whichever, with the same result', () => {
    const b = bid('A', { plan: [50, 50, 40, 30, 20], team: [20, 20, 20, 20, 20] });
    const swapped = { ...b, scores: [...b.scores].reverse() };
    const [r1] = rank([b], { method: 'trimmedTotal' });
    const [r2] = rank([swapped], { method: 'trimmedTotal' });
    // Kept: one of the 70s, 60, 50 → plan (50+40+30)/3 = 40.
    expect(r1!.total).toBe(40 + 20 + 30);
    expect(r2!.total).toBe(r1!.total);
  });

  it('a recused evaluator who scored nothing does not count toward the mean', () => {
    const b = bid('A', { plan: [30, 40, 50] });
    const r = rankBids({ method: 'mean', tolerance: 0, criteria, bids: [b] });
    expect(r[0]!.total).toBe(40 + 20 + 30);
    expect(r[0]!.explanation[0]).toContain('mean of 3 evaluators');
  });
});

describe('rankBids: order and the same-conditions preference (§3.4)', () => {
  it('an equal total goes to the lower price (财政部令第87号 Art 65), whatever the input order', () => {
    const scoredOnly = { criteria: criteria.filter((c) => c.kind === 'scored') };
    const bids = [bid('dear', { plan: [40], price: 100_000_00 }), bid('cheap', { plan: [40], price: 99_999_99 })];
    for (const order of [bids, bids.slice().reverse()]) {
      expect(rank(order, scoredOnly).map((x) => [x.id, x.rank, x.tied])).toEqual([
        ['cheap', 1, false],
        ['dear', 2, false],
      ]);
    }
  });

  it('equal total and equal price: tied (并列), one shared rank, the next rank skipped (1, 1, 3), each naming the other', () => {
    const scoredOnly = { criteria: criteria.filter((c) => c.kind === 'scored') };
    const r = rank([bid('b', { plan: [40] }), bid('third', { plan: [39] }), bid('a', { plan: [40] })], scoredOnly);
    expect(r.map((x) => [x.id, x.rank, x.tied])).toEqual([
      ['a', 1, true],
      ['b', 1, true],
      ['third', 3, false],
    ]);
    expect(r[0]!.reasons.filter((x) => x.key === 'ranking.reason.tied').map((x) => x.params)).toEqual([
      { other: 'b', total: '60.00', price: 100_000_00, rank: 1 },
    ]);
    expect(r[1]!.explanation.at(-1)).toMatch(/^Tied with bid a: the same total 60\.00 and the same price 10000000 fen, so both rank 1.*lots/);
    expect(r[2]!.reasons.some((x) => x.key === 'ranking.reason.tied')).toBe(false);
  });

  it('submission time plays no part: a bid replaced later is not ranked after an equal one', () => {
    // RankingBid has no time at all; the same two bids in either order rank the same.
    const one = rank([bid('x', { plan: [40] }), bid('y', { plan: [40] })]);
    const two = rank([bid('y', { plan: [40] }), bid('x', { plan: [40] })]);
    expect(two.map((x) => [x.id, x.rank])).toEqual(one.map((x) => [x.id, x.rank]));
    expect(one.map((x) => x.rank)).toEqual([1, 1]);
  });

  it('with tolerance 0, an exact tie goes to the community organization, which is marked preferred', () => {
    const r = rank([bid('agency', { plan: [40] }), bid('community', { plan: [40], community: true })]);
    expect(r.map((x) => [x.id, x.rank, x.preferred, x.tied])).toEqual([
      ['community', 1, true, false],
      ['agency', 2, false, false],
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

  it('after the preference, community organizations still equal in total and price are tied, and each passed the others', () => {
    const r = rank([bid('agency', { plan: [41] }), bid('c2', { plan: [40], community: true }), bid('c1', { plan: [40], community: true })], { tolerance: 1 });
    expect(r.map((x) => [x.id, x.rank, x.tied, x.preferred])).toEqual([
      ['c1', 1, true, true],
      ['c2', 1, true, true],
      ['agency', 3, false, false],
    ]);
  });

  it('within a group, community organizations with equal totals are ordered by price, not tied', () => {
    const r = rank([bid('c-dear', { plan: [40], community: true, price: 100_000_00 }), bid('c-cheap', { plan: [40], community: true, price: 90_000_00 })], {
      criteria: criteria.filter((c) => c.kind === 'scored'),
    });
    expect(r.map((x) => [x.id, x.rank, x.tied])).toEqual([
      ['c-cheap', 1, false],
      ['c-dear', 2, false],
    ]);
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

describe('rankBids: properties over generated bids', () => {
  const scoredOnly = criteria.filter((c) => c.kind === 'scored');
  // Few distinct values, so equal totals and prices (ties) are common.
  const arbBids = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-h][0-9]$/),
      plan: fc.constantFrom(39, 40, 40.5, 41),
      price: fc.constantFrom(90_000_00, 100_000_00),
      community: fc.boolean(),
      eligible: fc.constantFrom(true, true, true, false),
    }),
    { selector: (b) => b.id, maxLength: 9 },
  );
  const arbInput = fc.record({ bids: arbBids, tolerance: fc.constantFrom(0, 0.5, 1, MAX_TOLERANCE), withPrice: fc.boolean() });
  const build = (g: { bids: { id: string; plan: number; price: number; community: boolean; eligible: boolean }[]; tolerance: number; withPrice: boolean }) =>
    ({
      method: 'mean',
      tolerance: g.tolerance,
      criteria: g.withPrice ? criteria : scoredOnly,
      bids: g.bids.map((b) => bid(b.id, { plan: [b.plan, b.plan + 1], price: b.price, community: b.community, eligible: b.eligible })),
    }) satisfies RankingInput;
  const view = (r: ReturnType<typeof rankBids>) =>
    r.map((x) => ({ id: x.id, rank: x.rank, total: x.total, tied: x.tied, preferred: x.preferred, reasons: x.reasons }));

  it('the order of the input never changes the result', () => {
    fc.assert(
      fc.property(
        arbInput.chain((g) => fc.tuple(fc.constant(g), fc.shuffledSubarray(g.bids, { minLength: g.bids.length, maxLength: g.bids.length }))),
        ([g, shuffled]) => {
          expect(view(rankBids(build({ ...g, bids: shuffled })))).toEqual(view(rankBids(build(g))));
        },
      ),
    );
  });

  it('ranks are standard competition ranks; tied exactly when a rank is shared, and only between equals', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const input = build(g);
        const r = rankBids(input).filter((x) => x.rank !== null);
        const of = new Map(input.bids.map((b) => [b.id, b]));
        for (const x of r) {
          expect(x.rank).toBe(1 + r.filter((y) => y.rank! < x.rank!).length);
          const peers = r.filter((y) => y !== x && y.rank === x.rank);
          expect(x.tied).toBe(peers.length > 0);
          for (const y of peers) {
            expect([y.total, of.get(y.id)!.price, of.get(y.id)!.isCommunityOrg]).toEqual([x.total, of.get(x.id)!.price, of.get(x.id)!.isCommunityOrg]);
          }
        }
      }),
    );
  });

  it('between bids that are both or neither community organizations, a higher total, or an equal total and lower price, ranks ahead', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const input = build(g);
        const r = rankBids(input).filter((x) => x.rank !== null);
        const of = new Map(input.bids.map((b) => [b.id, b]));
        for (const x of r) {
          for (const y of r) {
            const [bx, by] = [of.get(x.id)!, of.get(y.id)!];
            if (bx.isCommunityOrg !== by.isCommunityOrg) continue;
            if (x.total > y.total || (x.total === y.total && bx.price < by.price)) expect(x.rank!).toBeLessThan(y.rank!);
          }
        }
      }),
    );
  });

  it('with tolerance 0 the preference only orders equal totals: a higher total always ranks ahead', () => {
    fc.assert(
      fc.property(arbInput, (g) => {
        const r = rankBids(build({ ...g, tolerance: 0 })).filter((x) => x.rank !== null);
        for (const x of r) for (const y of r) if (x.total > y.total) expect(x.rank!).toBeLessThan(y.rank!);
      }),
    );
  });
});

describe('the tolerance cap (ADR 017)', () => {
  it('is 0 … MAX_TOLERANCE points in whole hundredths', () => {
    expect(MAX_TOLERANCE).toBe(3);
    for (const ok of [0, 0.29, 1, 2.55, 3]) expect(toleranceProblem(ok), String(ok)).toBeNull();
    for (const bad of [3.01, 20, -0.01, 0.001, Number.NaN, Infinity]) expect(toleranceProblem(bad), String(bad)).toBe('project.errors.tolerance');
  });
});
