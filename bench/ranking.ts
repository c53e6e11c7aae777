// `npx tsx bench/ranking.ts`: times rankBids on 1k and 10k bids × 7 evaluators × 10 criteria.
// Goals (issue 3): ≤ 50 ms for 10k bids; 10× the bids ≤ 12× the time. Prints the median of runs.
import { rankBids, type RankingInput } from '../app/domain/ranking';

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function input(bids: number, seed = 42): RankingInput {
  const rnd = mulberry32(seed);
  const criteria = Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, weight: i === 9 ? 19 : 9, kind: i === 9 ? ('price' as const) : ('scored' as const) }));
  return {
    method: 'trimmedMean',
    tolerance: 0,
    criteria,
    bids: Array.from({ length: bids }, (_, b) => ({
      id: `b${b}`,
      isCommunityOrg: rnd() < 0.4,
      eligible: rnd() < 0.97,
      price: 50_000_00 + Math.floor(rnd() * 50_000_00),
      scores: criteria
        .filter((c) => c.kind === 'scored')
        .flatMap((c) => Array.from({ length: 7 }, (_, e) => ({ evaluatorId: `e${e}`, criterionId: c.id, points: Math.round(rnd() * c.weight * 100) / 100 }))),
    })),
  };
}

function time(bids: number, runs: number, readExplanations = false) {
  const data = input(bids);
  rankBids(data); // warm up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const ranked = rankBids(data);
    if (readExplanations) for (const r of ranked) void r.explanation.length;
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const small = time(1_000, 21);
const large = time(10_000, 11);
const ratio = large / small;
console.log('rankBids, 7 evaluators × 10 criteria (9 scored + price), trimmed mean, median of runs');
console.log(`  1,000 bids: ${small.toFixed(1)} ms`);
console.log(` 10,000 bids: ${large.toFixed(1)} ms   goal ≤ 50 ms: ${large <= 50 ? 'met' : 'NOT met'}`);
console.log(` 10× bids → ${ratio.toFixed(2)}× time   goal ≤ 12×: ${ratio <= 12 ? 'met' : 'NOT met'}`);
// Explanations are built on first read; this is the cost when a caller reads every one in English.
console.log(` 10,000 bids with every explanation rendered: ${time(10_000, 5, true).toFixed(1)} ms (for information)`);
