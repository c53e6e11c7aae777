import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { decodeHex } from '@oslojs/encoding';
import type { MessageKey } from '../i18n/catalog';
import { METHOD_RULES, type ProcurementMethod } from './procurement-method';

/**
 * Evaluation panels are drawn at random from the expert pool, not picked (财库〔2016〕198号; 87号令
 * Art 47–48; ADR 024). Everything here is pure, so a recorded draw can be re-run by anyone.
 *
 * The draw (`drawPanel`):
 * 1. The candidates are sorted by id (code-unit order) and duplicates removed.
 * 2. For counter c = start, start+1, …: HMAC-SHA256(key = the seed's bytes (hex), message = c as 8 bytes
 *    big-endian). The digest's first 6 bytes, read as a big-endian integer v < 2⁴⁸, pick index
 *    v mod (remaining candidates) — unless v falls in the last incomplete block of 2⁴⁸ (v ≥ 2⁴⁸ − 2⁴⁸ mod
 *    remaining), then c moves on (rejection, so no index is favoured). The picked candidate leaves the list.
 * 3. Until n are drawn. The counter after the last pick is returned, so a replacement continues the same
 *    sequence on the remaining candidates (`drawPanel(remaining, 1, seed, next)`).
 *
 * By hand: `python3 -c "import hmac,hashlib,sys; print(int.from_bytes(hmac.new(bytes.fromhex(sys.argv[1]), int(sys.argv[2]).to_bytes(8,'big'), hashlib.sha256).digest()[:6],'big'))" SEED C`.
 */
export interface PanelDraw {
  seed: string;
  /** Sorted by id: the order the index counts in. */
  candidates: string[];
  /** In the order drawn. */
  drawn: string[];
  /** The counter to continue from (a replacement's first message). */
  nextCounter: number;
}

const SPACE = 2 ** 48;

export function sortIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function counterBytes(c: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(c));
  return out;
}

export function drawPanel(candidateIds: readonly string[], n: number, seedHex: string, startCounter = 0): PanelDraw {
  const candidates = sortIds(candidateIds);
  if (!/^(?:[0-9a-f]{2})+$/.test(seedHex)) throw new RangeError('the seed is lower-case hex');
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n is a count');
  if (n > candidates.length) throw new RangeError('fewer candidates than seats');
  const key = decodeHex(seedHex);
  const remaining = [...candidates];
  const drawn: string[] = [];
  let counter = startCounter;
  while (drawn.length < n) {
    const digest = hmac(SHA256, key, counterBytes(counter));
    counter += 1;
    const v = digest.slice(0, 6).reduce((acc, b) => acc * 256 + b, 0);
    if (v >= SPACE - (SPACE % remaining.length)) continue;
    drawn.push(remaining.splice(v % remaining.length, 1)[0]!);
  }
  return { seed: seedHex, candidates, drawn, nextCounter: counter };
}

/** Budget (fen) at or above which a panel needs at least 5 members, whatever the method: ¥1,000,000 (ADR 024). */
export const LARGE_BUDGET_FEN = 100_000_000;

/** The smallest panel this project may draw: the method's minimum, and 5 for a large budget. */
export function minimumPanel(method: ProcurementMethod, budgetFen: number, largeBudgetFen = LARGE_BUDGET_FEN): number {
  return Math.max(METHOD_RULES[method].minPanel, budgetFen >= largeBudgetFen ? 5 : 0);
}

/** Why a panel of `n` may not be drawn for this project, or null: odd, and at least the minimum. */
export function drawSizeProblem(
  n: number,
  method: ProcurementMethod,
  budgetFen: number,
  largeBudgetFen = LARGE_BUDGET_FEN,
): { key: MessageKey; params: { n: number } } | null {
  const min = minimumPanel(method, budgetFen, largeBudgetFen);
  if (n < min) return { key: 'panelDraw.errors.tooSmall', params: { n: min } };
  if (n % 2 === 0) return { key: 'panelDraw.errors.even', params: { n } };
  return null;
}

/** Why an expert must not sit on a project's panel (回避). */
export type AvoidanceReason = 'employer' | 'member' | 'community' | 'relation' | 'purchaser';
export const AVOIDANCE_REASONS: readonly AvoidanceReason[] = ['employer', 'member', 'community', 'relation', 'purchaser'];

export interface Expert {
  userId: string;
  active: boolean;
  specialties: readonly string[];
  /** The expert's own region (a community's 12-digit code, or a higher level's). */
  regionCode: string | null;
  employerOrganizationId: string | null;
  /** Organizations the expert declared a relation with. */
  relations: readonly string[];
  /** Organizations the expert administers or belongs to on the platform. */
  memberships: readonly string[];
}

export interface DrawContext {
  categories: readonly string[];
  /** The project's creator: the purchasing unit's person. */
  purchaserUserId: string;
  /** The organizations with a live bid, and their region codes. */
  bidders: readonly { id: string; regionCode: string }[];
}

/** Every reason this expert must avoid this project, in a fixed order; empty when none. */
export function avoidanceOf(expert: Expert, ctx: DrawContext): AvoidanceReason[] {
  const bidderIds = new Set(ctx.bidders.map((b) => b.id));
  const reasons: AvoidanceReason[] = [];
  if (expert.employerOrganizationId && bidderIds.has(expert.employerOrganizationId)) reasons.push('employer');
  if (expert.memberships.some((o) => bidderIds.has(o))) reasons.push('member');
  // Same community: both codes at community level (12 digits) and equal.
  if (expert.regionCode?.length === 12 && ctx.bidders.some((b) => b.regionCode === expert.regionCode)) reasons.push('community');
  if (expert.relations.some((o) => bidderIds.has(o))) reasons.push('relation');
  if (expert.userId === ctx.purchaserUserId) reasons.push('purchaser');
  return reasons;
}

export interface CandidateList {
  /** Sorted by id. */
  candidates: string[];
  /** Avoided experts (sorted by id) and why; inactive experts are not listed. */
  excluded: { userId: string; reasons: AvoidanceReason[] }[];
  /** Too few specialists for the panel: every active, unavoided expert is a candidate. */
  fallback: boolean;
}

/**
 * The candidates for a panel of `n`: active experts whose specialties meet the project's categories and
 * who need not avoid it; when fewer than `n` such specialists exist, every active expert who need not
 * avoid it (recorded as a fallback).
 */
export function candidatesFor(experts: readonly Expert[], ctx: DrawContext, n: number): CandidateList {
  const active = [...experts].filter((e) => e.active).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const excluded: CandidateList['excluded'] = [];
  const free: Expert[] = [];
  for (const e of active) {
    const reasons = avoidanceOf(e, ctx);
    if (reasons.length) excluded.push({ userId: e.userId, reasons });
    else free.push(e);
  }
  const specialists = free.filter((e) => e.specialties.some((s) => ctx.categories.includes(s)));
  const fallback = specialists.length < n;
  return { candidates: (fallback ? free : specialists).map((e) => e.userId), excluded, fallback };
}
