import type { MessageKey } from '../i18n/catalog';

/**
 * The largest same-conditions tolerance a project may state, in points of a 100-point total (ADR 017):
 * "same conditions" (同等条件) means bids the panel cannot tell apart, not a price preference.
 */
export const MAX_TOLERANCE = 3;

/** Why a tolerance may not be stated (a message key), or null: 0 … MAX_TOLERANCE points, in hundredths. */
export function toleranceProblem(tolerance: number): MessageKey | null {
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > MAX_TOLERANCE) return 'project.errors.tolerance';
  // Whole hundredths; compared with a margin because 2.55 × 100 is 254.99999999999997 in binary.
  if (Math.abs(tolerance * 100 - Math.round(tolerance * 100)) > 1e-6) return 'project.errors.tolerance';
  return null;
}

/**
 * Ranking of bids by 财政部令第87号 Art 65 with the same-conditions preference for community social
 * organizations (policy §3.4: 同等条件下优先向社区社会组织倾斜). Pure: no I/O, deterministic, and the
 * same result whatever the order of the input bids.
 *
 * 1. A `scored` criterion's score is the mean of the points its evaluators gave; with `trimmedMean`
 *    and 5 or more evaluators, one highest and one lowest are dropped first, criterion by criterion;
 *    with `trimmedTotal` and 5 or more evaluators of the bid, the evaluator whose total (the sum of
 *    their points on the bid's scored criteria) is highest and the one whose total is lowest are set
 *    aside for that bid (去掉一个最高分和一个最低分, as documents often state it), and each criterion is
 *    the mean of the others. Equal totals at either end: the evaluator with the smaller id is set
 *    aside, which changes nothing since their totals are equal. Fewer than 5: plain means.
 * 2. The `price` criterion's score is weight × lowest eligible price ÷ this bid's price.
 * 3. Total = sum of criterion scores, rounded half-up to 2 decimals; totals compare after rounding
 *    (held as integer hundredths, so equal totals are exactly equal).
 * 4. Merit order (Art 65): total desc, then price asc. Nothing else orders bids: never the time a bid
 *    was submitted (a replaced bid gets a new time) nor its id.
 * 5. Preference: the first remaining bid by merit leads; its group is every remaining bid whose total
 *    is ≥ leader − tolerance. Community social organizations come first within the group, each part
 *    keeping rule 4's order. Remove the group, repeat. (So A–B and B–C within tolerance but A–C not:
 *    C is in the next group, not A's.) The tolerance is at most `MAX_TOLERANCE` points (ADR 017).
 * 6. Ties (并列): bids still equal after rules 4 and 5 (same total, same price, both or neither a
 *    community social organization) share one rank, standard competition ranking (1, 1, 3), are
 *    marked `tied`, and each says whom it is tied with. The documents resolve a tie by a recorded
 *    drawing of lots at award (`drawLots` in ./lots.ts), never here. Tied bids are listed by id,
 *    which orders the list only, not the rank.
 * 7. `preferred` is true exactly when rule 5 put a bid above a bid that rule 4 ranked before it or
 *    level with it; its explanation names each bid passed, both totals, the tolerance and §3.4.
 * 8. Ineligible bids get rank null, come last (by id), and do not count for the lowest price.
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
  /** A community social organization for the preference (`isCommunitySocialOrg` in ./catalog.ts). */
  isCommunityOrg: boolean;
  eligible: boolean;
  price: number;
  scores: { evaluatorId: string; criterionId: string; points: number }[];
}

/** How evaluators' points become a criterion's score (rule 1). */
export const SCORING_METHODS = ['mean', 'trimmedMean', 'trimmedTotal'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export interface RankingInput {
  method: ScoringMethod;
  tolerance: number;
  criteria: RankingCriterion[];
  bids: RankingBid[];
}

export interface Reason {
  key: MessageKey;
  params: Record<string, string | number>;
}

export interface RankedBid {
  id: string;
  rank: number | null;
  total: number;
  preferred: boolean;
  /** Shares its rank with another bid (rule 6): the award draws lots among them. */
  tied: boolean;
  explanation: string[];
  reasons: Reason[];
}

const EN: Record<string, string> = {
  'ranking.reason.criterion': '{criterion}: {score} (mean of {count} evaluators)',
  'ranking.reason.criterionTrimmed': '{criterion}: {score} (mean of {count} evaluators after dropping the highest {high} and the lowest {low})',
  'ranking.reason.criterionUnscored': '{criterion}: 0 (no evaluator scored it)',
  'ranking.reason.trimmedTotal': 'Of {count} evaluators, the highest total ({high}) and the lowest total ({low}) were set aside before averaging',
  'ranking.reason.price': '{criterion}: {score} = {weight} × lowest price {lowest} fen ÷ this price {price} fen',
  'ranking.reason.total': 'Total {total} (sum of criterion scores, rounded half-up to 2 decimals)',
  'ranking.reason.passed':
    'Ranked above bid {other} (total {otherTotal}) although its own total, {total}, is not higher: both totals are within the tolerance of {tolerance} points of the best total in their band, a gap the documents treat as the same conditions (too small for the scoring to tell apart, not a real difference), and in the same conditions a community social organization comes first (policy §3.4)',
  'ranking.reason.tied':
    'Tied with bid {other}: the same total {total} and the same price {price} fen, so both rank {rank} (财政部令第87号 Art 65); the tie is resolved by a recorded drawing of lots at award',
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

interface Scored {
  hundredths: number;
  /** Per criterion: score, evaluator count kept, and the dropped high/low (NaN when not trimmed). */
  detail: Float64Array;
  /** With `trimmedTotal`: the totals set aside and how many evaluators scored the bid. */
  setAside?: { high: number; low: number; count: number };
}

/**
 * The two evaluators `trimmedTotal` sets aside for a bid (highest and lowest total on the scored
 * criteria), or null with fewer than five evaluators.
 */
function evaluatorsSetAside(bid: RankingBid, scoredIds: ReadonlySet<string>) {
  const totals = new Map<string, number>();
  for (const s of bid.scores) if (scoredIds.has(s.criterionId)) totals.set(s.evaluatorId, (totals.get(s.evaluatorId) ?? 0) + s.points);
  if (totals.size < 5) return null;
  const sorted = [...totals].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const low = sorted[0]!;
  // The highest: at equal totals the smaller id, mirroring the lowest.
  let high = sorted.at(-1)!;
  for (let i = sorted.length - 2; i > 0 && sorted[i]![1] === high[1]; i--) high = sorted[i]!;
  return { ids: new Set([low[0], high[0]]), high: high[1], low: low[1], count: totals.size };
}

export function rankBids(input: RankingInput): RankedBid[] {
  const eligible = input.bids.filter((b) => b.eligible);
  let lowest = Infinity;
  for (const b of eligible) if (b.price < lowest) lowest = b.price;
  const nc = input.criteria.length;
  const criterionIndex = new Map(input.criteria.map((c, i) => [c.id, i]));
  const trimming = input.method === 'trimmedMean';
  const scoredIds = new Set(input.criteria.filter((c) => c.kind === 'scored').map((c) => c.id));

  // One pass over each bid's scores into reused accumulators: linear, and no per-score allocation.
  const sum = new Float64Array(nc);
  const high = new Float64Array(nc);
  const low = new Float64Array(nc);
  const count = new Int32Array(nc);
  const scored = new Map<string, Scored>();
  for (const bid of eligible) {
    sum.fill(0);
    high.fill(-Infinity);
    low.fill(Infinity);
    count.fill(0);
    const aside = input.method === 'trimmedTotal' ? evaluatorsSetAside(bid, scoredIds) : null;
    for (const s of bid.scores) {
      const i = criterionIndex.get(s.criterionId);
      if (i === undefined || aside?.ids.has(s.evaluatorId)) continue;
      sum[i]! += s.points;
      if (s.points > high[i]!) high[i] = s.points;
      if (s.points < low[i]!) low[i] = s.points;
      count[i]!++;
    }
    const detail = new Float64Array(nc * 4);
    let total = 0;
    for (let i = 0; i < nc; i++) {
      const c = input.criteria[i]!;
      let score: number;
      let kept = count[i]!;
      let trimmed = false;
      if (c.kind === 'price') score = bid.price > 0 ? (c.weight * lowest) / bid.price : 0;
      else if (kept === 0) score = 0;
      else if (trimming && kept >= 5) {
        score = (sum[i]! - high[i]! - low[i]!) / (kept - 2);
        kept -= 2;
        trimmed = true;
      } else score = sum[i]! / kept;
      total += score;
      detail[i * 4] = score;
      detail[i * 4 + 1] = kept;
      detail[i * 4 + 2] = trimmed ? high[i]! : NaN;
      detail[i * 4 + 3] = trimmed ? low[i]! : NaN;
    }
    scored.set(bid.id, { hundredths: toHundredths(total), detail, ...(aside ? { setAside: { high: aside.high, low: aside.low, count: aside.count } } : {}) });
  }

  const total = (b: RankingBid) => scored.get(b.id)!.hundredths;
  // Rule 4: > 0 when a ranks after b by merit, 0 when merit cannot tell them apart.
  const merit = (a: RankingBid, b: RankingBid) => total(b) - total(a) || a.price - b.price;
  const byId = (a: RankingBid, b: RankingBid) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  // The id only makes the listing independent of the input order; rule 6 gives equals one rank.
  const byMerit = eligible
    .map((bid) => ({ bid, t: scored.get(bid.id)!.hundredths }))
    .sort((a, b) => b.t - a.t || a.bid.price - b.bid.price || byId(a.bid, b.bid))
    .map((k) => k.bid);

  const toleranceHundredths = Math.round(input.tolerance * 100);
  const ordered: RankingBid[] = [];
  // Only community organizations move, and only within their group, above the others of the group
  // that rule 4 put before them or level with them: those are the bids each one passed.
  const passedBy = new Map<string, RankingBid[]>();
  for (let start = 0; start < byMerit.length;) {
    const floor = total(byMerit[start]!) - toleranceHundredths;
    let end = start;
    while (end < byMerit.length && total(byMerit[end]!) >= floor) end++;
    const group = byMerit.slice(start, end);
    const others = group.filter((b) => !b.isCommunityOrg);
    // Both lists are in merit order, so each community organization passes a prefix of the others.
    let k = 0;
    for (const b of group) {
      if (!b.isCommunityOrg) continue;
      ordered.push(b);
      while (k < others.length && merit(others[k]!, b) <= 0) k++;
      if (k) passedBy.set(b.id, others.slice(0, k));
    }
    for (const b of others) ordered.push(b);
    start = end;
  }

  // Rule 6: equals are adjacent in `ordered` (a group never splits equal totals, and each part of a
  // group keeps merit order), so a tie group is a run of neighbours that merit and rule 5 cannot tell apart.
  const same = (a: RankingBid, b: RankingBid) => merit(a, b) === 0 && a.isCommunityOrg === b.isCommunityOrg;
  const ranks: number[] = [];
  const tiedWith = new Map<string, RankingBid[]>();
  for (let i = 0; i < ordered.length; i++) {
    const b = ordered[i]!;
    ranks.push(i > 0 && same(ordered[i - 1]!, b) ? ranks[i - 1]! : i + 1);
  }
  for (let i = 0; i < ordered.length;) {
    let j = i + 1;
    while (j < ordered.length && ranks[j] === ranks[i]) j++;
    if (j - i > 1) {
      const run = ordered.slice(i, j);
      for (const b of run)
        tiedWith.set(
          b.id,
          run.filter((o) => o !== b),
        );
    }
    i = j;
  }

  const result: RankedBid[] = ordered.map((bid, position) => {
    const { hundredths, detail, setAside } = scored.get(bid.id)!;
    const passed = passedBy.get(bid.id);
    const ties = tiedWith.get(bid.id);
    const rank = ranks[position]!;
    return lazy({ id: bid.id, rank, total: hundredths / 100, preferred: !!passed, tied: !!ties }, () => {
      const reasons: Reason[] = input.criteria.map((c, i): Reason => {
        const score = fmtScore(detail[i * 4]!);
        const kept = detail[i * 4 + 1]!;
        if (c.kind === 'price') return { key: 'ranking.reason.price', params: { criterion: c.id, score, weight: c.weight, lowest, price: bid.price } };
        if (kept === 0) return { key: 'ranking.reason.criterionUnscored', params: { criterion: c.id } };
        if (!Number.isNaN(detail[i * 4 + 2]!)) {
          return { key: 'ranking.reason.criterionTrimmed', params: { criterion: c.id, score, count: kept, high: detail[i * 4 + 2]!, low: detail[i * 4 + 3]! } };
        }
        return { key: 'ranking.reason.criterion', params: { criterion: c.id, score, count: kept } };
      });
      if (setAside)
        reasons.push({ key: 'ranking.reason.trimmedTotal', params: { count: setAside.count, high: fmtScore(setAside.high), low: fmtScore(setAside.low) } });
      reasons.push({ key: 'ranking.reason.total', params: { total: fmt(hundredths) } });
      for (const other of passed ?? []) {
        reasons.push({
          key: 'ranking.reason.passed',
          params: { other: other.id, otherTotal: fmt(total(other)), total: fmt(hundredths), tolerance: input.tolerance },
        });
      }
      for (const other of ties ?? []) {
        reasons.push({ key: 'ranking.reason.tied', params: { other: other.id, total: fmt(hundredths), price: bid.price, rank } });
      }
      return reasons;
    });
  });
  for (const bid of input.bids.filter((b) => !b.eligible).sort(byId)) {
    result.push(lazy({ id: bid.id, rank: null, total: 0, preferred: false, tied: false }, () => [{ key: 'ranking.reason.ineligible', params: {} }]));
  }
  return result;
}

/**
 * `reasons` and their English `explanation` are built when first read: ordering needs only the
 * totals, the service reads reasons once to store them, and pages render them in the reader's
 * language; so ranking 10k bids does not build 100k explanation objects nobody reads.
 */
class LazyRankedBid implements RankedBid {
  #reasons: Reason[] | undefined;
  #explanation: string[] | undefined;
  constructor(
    readonly id: string,
    readonly rank: number | null,
    readonly total: number,
    readonly preferred: boolean,
    readonly tied: boolean,
    private readonly build: () => Reason[],
  ) {}
  get reasons(): Reason[] {
    return (this.#reasons ??= this.build());
  }
  get explanation(): string[] {
    return (this.#explanation ??= this.reasons.map((x) => renderReason(x)));
  }
  toJSON() {
    return {
      id: this.id,
      rank: this.rank,
      total: this.total,
      preferred: this.preferred,
      tied: this.tied,
      explanation: this.explanation,
      reasons: this.reasons,
    };
  }
}

function lazy(r: Omit<RankedBid, 'explanation' | 'reasons'>, build: () => Reason[]): RankedBid {
  return new LazyRankedBid(r.id, r.rank, r.total, r.preferred, r.tied, build);
}
