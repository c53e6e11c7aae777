/**
 * Ranking of bids with the same-conditions preference for community social organizations
 * (policy §3.4: 同等条件下优先向社区社会组织倾斜). Pure: no I/O, deterministic.
 *
 * 1. A `scored` criterion's score is the mean of the points its evaluators gave; with `trimmedMean`
 *    and 5 or more evaluators, one highest and one lowest are dropped first.
 * 2. The `price` criterion's score is weight × lowest eligible price ÷ this bid's price.
 * 3. Total = sum of criterion scores, rounded half-up to 2 decimals; totals compare after rounding
 *    (held as integer hundredths, so equal totals are exactly equal).
 * 4. Eligible bids sort by total desc, then price asc, then submittedAt asc.
 * 5. Preference: the first remaining bid leads; its group is every remaining bid whose total is
 *    ≥ leader − tolerance. Community social organizations come first within the group, each part
 *    keeping rule 4's order. Remove the group, repeat. (So A–B and B–C within tolerance but A–C not:
 *    C is in the next group, not A's.)
 * 6. `preferred` is true exactly when rule 5 moved a bid above a bid ranked before it by rule 4; its
 *    explanation names each bid passed, both totals, the tolerance and §3.4.
 * 7. Ineligible bids get rank null, come last, and do not count for the lowest price.
 *
 * Each explanation line exists twice: `reasons` (a message key and parameters, rendered in the
 * reader's language by the page) and `explanation` (the same in English, for logs and the contract).
 */
export interface RankingCriterion {
  id: string;
  weight: number;
  kind: 'scored' | 'price';
}

export interface RankingBid {
  id: string;
  isCommunityOrg: boolean;
  eligible: boolean;
  price: number;
  submittedAt: string;
  scores: { evaluatorId: string; criterionId: string; points: number }[];
}

export interface RankingInput {
  method: 'mean' | 'trimmedMean';
  tolerance: number;
  criteria: RankingCriterion[];
  bids: RankingBid[];
}

export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

export interface RankedBid {
  id: string;
  rank: number | null;
  total: number;
  preferred: boolean;
  explanation: string[];
  reasons: Reason[];
}

const EN: Record<string, string> = {
  'ranking.reason.criterion': '{criterion}: {score} (mean of {count} evaluators)',
  'ranking.reason.criterionTrimmed': '{criterion}: {score} (mean of {count} evaluators after dropping the highest {high} and the lowest {low})',
  'ranking.reason.criterionUnscored': '{criterion}: 0 (no evaluator scored it)',
  'ranking.reason.price': '{criterion}: {score} = {weight} × lowest price {lowest} fen ÷ this price {price} fen',
  'ranking.reason.total': 'Total {total} (sum of criterion scores, rounded half-up to 2 decimals)',
  'ranking.reason.passed':
    'Ranked above bid {other} (total {otherTotal}) although its own total is {total}: within the tolerance of {tolerance} points of the group leader, a community social organization comes first (policy §3.4, same-conditions preference)',
  'ranking.reason.ineligible': 'Not ranked: the bid is not eligible',
};

export function renderReason(r: Reason, templates: Record<string, string> = EN): string {
  const template = templates[r.key] ?? r.key;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in r.params ? String(r.params[k]) : m));
}

/** Half-up to hundredths, as an integer number of hundredths; the epsilon absorbs binary noise (1.005). */
function toHundredths(x: number): number {
  return Math.sign(x) * Math.floor(Math.abs(x) * 100 + 0.5 + 1e-7);
}

const fmt = (hundredths: number) => (hundredths / 100).toFixed(2);
const fmtScore = (x: number) => fmt(toHundredths(x));

function criterionScore(method: RankingInput['method'], points: number[]) {
  if (!points.length) return { score: 0, count: 0, trimmed: null as null | { high: number; low: number } };
  if (method === 'trimmedMean' && points.length >= 5) {
    const sorted = [...points].sort((a, b) => a - b);
    const kept = sorted.slice(1, -1);
    return { score: kept.reduce((s, p) => s + p, 0) / kept.length, count: kept.length, trimmed: { high: sorted.at(-1)!, low: sorted[0]! } };
  }
  return { score: points.reduce((s, p) => s + p, 0) / points.length, count: points.length, trimmed: null };
}

export function rankBids(input: RankingInput): RankedBid[] {
  const eligible = input.bids.filter((b) => b.eligible);
  const lowest = eligible.length ? Math.min(...eligible.map((b) => b.price)) : 0;

  // Index scores once: bid → criterion → points (10k bids × 7 × 10 stays linear).
  const totals = new Map<string, { hundredths: number; reasons: Reason[] }>();
  for (const bid of input.bids) {
    const reasons: Reason[] = [];
    if (!bid.eligible) {
      reasons.push({ key: 'ranking.reason.ineligible', params: {} });
      totals.set(bid.id, { hundredths: 0, reasons });
      continue;
    }
    const byCriterion = new Map<string, number[]>();
    for (const s of bid.scores) {
      let list = byCriterion.get(s.criterionId);
      if (!list) byCriterion.set(s.criterionId, (list = []));
      list.push(s.points);
    }
    let sum = 0;
    for (const c of input.criteria) {
      if (c.kind === 'price') {
        const score = bid.price > 0 ? (c.weight * lowest) / bid.price : 0;
        sum += score;
        reasons.push({ key: 'ranking.reason.price', params: { criterion: c.id, score: fmtScore(score), weight: c.weight, lowest, price: bid.price } });
      } else {
        const { score, count, trimmed } = criterionScore(input.method, byCriterion.get(c.id) ?? []);
        sum += score;
        reasons.push(
          count === 0
            ? { key: 'ranking.reason.criterionUnscored', params: { criterion: c.id } }
            : trimmed
              ? { key: 'ranking.reason.criterionTrimmed', params: { criterion: c.id, score: fmtScore(score), count, high: trimmed.high, low: trimmed.low } }
              : { key: 'ranking.reason.criterion', params: { criterion: c.id, score: fmtScore(score), count } },
        );
      }
    }
    const hundredths = toHundredths(sum);
    reasons.push({ key: 'ranking.reason.total', params: { total: fmt(hundredths) } });
    totals.set(bid.id, { hundredths, reasons });
  }

  const total = (b: RankingBid) => totals.get(b.id)!.hundredths;
  const byMerit = [...eligible].sort(
    (a, b) => total(b) - total(a) || a.price - b.price || (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0),
  );

  const toleranceHundredths = Math.round(input.tolerance * 100);
  const ordered: RankingBid[] = [];
  // Only community organizations move, and only within their group, above the others of the group
  // that rule 4 put before them: those are the bids each one passed.
  const passedBy = new Map<string, RankingBid[]>();
  for (let start = 0; start < byMerit.length; ) {
    const floor = total(byMerit[start]!) - toleranceHundredths;
    let end = start;
    while (end < byMerit.length && total(byMerit[end]!) >= floor) end++;
    const group = byMerit.slice(start, end);
    const others: RankingBid[] = [];
    for (const b of group) {
      if (b.isCommunityOrg) {
        if (others.length) passedBy.set(b.id, [...others]);
      } else others.push(b);
    }
    ordered.push(...group.filter((b) => b.isCommunityOrg), ...others);
    start = end;
  }

  const result: RankedBid[] = ordered.map((bid, position) => {
    const { hundredths, reasons } = totals.get(bid.id)!;
    const passed = passedBy.get(bid.id) ?? [];
    const all = [
      ...reasons,
      ...passed.map((other) => ({
        key: 'ranking.reason.passed',
        params: { other: other.id, otherTotal: fmt(total(other)), total: fmt(hundredths), tolerance: input.tolerance },
      })),
    ];
    return { id: bid.id, rank: position + 1, total: hundredths / 100, preferred: passed.length > 0, reasons: all, explanation: all.map((r) => renderReason(r)) };
  });
  for (const bid of input.bids) {
    if (bid.eligible) continue;
    const { reasons } = totals.get(bid.id)!;
    result.push({ id: bid.id, rank: null, total: 0, preferred: false, reasons, explanation: reasons.map((r) => renderReason(r)) });
  }
  return result;
}
