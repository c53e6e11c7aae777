/**
 * Statistical division codes (国家统计局 统计用区划代码). A full code has 12 digits in five groups
 * of 2, 2, 2, 3, 3: province, city (地级), county (县级), street/township (乡级), community/village
 * (村级). Trailing all-zero groups mean "this level is not used", so 610100000000 is 西安市.
 *
 * This project stores the SHORT significant code: the full code with its trailing zero groups cut
 * off, i.e. 2 digits for a province, 4 for a city, 6 for a county, 9 for a street/township and 12
 * for a community/village. A region's parent is then simply a prefix of its code, and a subtree is
 * every code starting with the region's code. In real data the last group of a short code is never
 * all zeros (county 01–99, township 001–599, village 001–599), which is what makes the two forms
 * convertible both ways.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'street' | 'community';

/** Short-code length of each level, in tree order. */
export const LEVEL_CODE_LENGTHS: Readonly<Record<RegionLevel, number>> = {
  province: 2,
  city: 4,
  county: 6,
  street: 9,
  community: 12,
};

const BOUNDARIES = [2, 4, 6, 9, 12] as const;
const LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'street', 'community'];

function assertDigits(code: string): void {
  if (!/^\d+$/.test(code)) throw new Error(`region code must be digits only, got "${code}"`);
}

/** Digits of a length some level uses (2/4/6/9/12): short codes, and full 12-digit codes. */
export function isRegionCode(code: unknown): code is string {
  return typeof code === 'string' && /^\d+$/.test(code) && (BOUNDARIES as readonly number[]).includes(code.length);
}

/** Level of a short code, by its length (2/4/6/9/12). Throws on anything else. */
export function levelOfCode(code: string): RegionLevel {
  assertDigits(code);
  const index = BOUNDARIES.indexOf(code.length as (typeof BOUNDARIES)[number]);
  const level = LEVELS[index];
  if (index < 0 || level === undefined) {
    throw new Error(`region code "${code}" has ${code.length} digits; expected 2, 4, 6, 9 or 12`);
  }
  return level;
}

/** Parent's short code (the code minus its last group), or null for a province. */
export function parentCode(code: string): string | null {
  const level = levelOfCode(code);
  const index = LEVELS.indexOf(level);
  if (index === 0) return null;
  return code.slice(0, BOUNDARIES[index - 1]);
}

/** Short code → 12-digit code, padding with zeros on the right: '6101' → '610100000000'. */
export function toFullCode(code: string): string {
  levelOfCode(code);
  return code.padEnd(12, '0');
}

/**
 * 12-digit code → short code, cutting trailing all-zero groups (2,2,2,3,3): '610100000000' → '6101'.
 * An already-short code is accepted too and comes back unchanged (or, if its own last group is
 * zeros, e.g. '610100', normalised the same way to '6101').
 */
export function toShortCode(full: string): string {
  levelOfCode(full);
  let end = full.length;
  for (let i = BOUNDARIES.indexOf(end as (typeof BOUNDARIES)[number]); i > 0; i--) {
    const start = BOUNDARIES[i - 1]!;
    if (!/^0+$/.test(full.slice(start, end))) break;
    end = start;
  }
  const short = full.slice(0, end);
  if (/^0+$/.test(short)) throw new Error(`"${full}" is all zeros, not a region code`);
  return short;
}

/**
 * What the NBS numbering says about a township-level (9-digit) code, from its last 3 digits:
 * 001–099 街道, 100–199 镇, 200–399 乡, 400–599 units like a township (开发区, 林场, 农场 …).
 */
export type TownshipCodeKind = 'subdistrict' | 'town' | 'township' | 'special';

export function townshipCodeKind(code: string): TownshipCodeKind {
  if (levelOfCode(code) !== 'street') throw new Error(`"${code}" is not a street/township code`);
  const n = Number(code.slice(6));
  if (n >= 1 && n <= 99) return 'subdistrict';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  if (n >= 400 && n <= 599) return 'special';
  throw new Error(`"${code}": township sequence ${n} is outside 001–599`);
}

/**
 * What the NBS numbering says about a village-level (12-digit) code, from its last 3 digits:
 * 001–199 居民委员会 (residents' committee), 200–399 村民委员会 (villagers' committee),
 * 400–499 units like a residents' committee (虚拟社区), 500–599 units like a villagers'
 * committee (虚拟生活区 of forest farms, reservoirs …).
 */
export type CommitteeCodeKind = 'residents' | 'villagers' | 'virtual-residents' | 'virtual-villagers';

export function committeeCodeKind(code: string): CommitteeCodeKind {
  if (levelOfCode(code) !== 'community') throw new Error(`"${code}" is not a community/village code`);
  const n = Number(code.slice(9));
  if (n >= 1 && n <= 199) return 'residents';
  if (n >= 200 && n <= 399) return 'villagers';
  if (n >= 400 && n <= 499) return 'virtual-residents';
  if (n >= 500 && n <= 599) return 'virtual-villagers';
  throw new Error(`"${code}": village sequence ${n} is outside 001–599`);
}

/**
 * The half-open range [code, end) of every code in a region's subtree: `end` is the code with its
 * last digit raised by one ("6101" → "6102", "61019" → "6101:", ':' sorting right after '9' byte-wise).
 * A query can then bound a `text_pattern_ops` index with two parameters (~>=~ / ~<~) instead of a
 * LIKE pattern, which PostgreSQL can only turn into index bounds when planning with the value.
 */
export function subtreeRange(code: string): { start: string; end: string } {
  assertDigits(code);
  return { start: code, end: code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1) };
}
