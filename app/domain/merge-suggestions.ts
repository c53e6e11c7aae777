/**
 * §4.2: filed organizations in one community with the same or similar form and scope of business
 * should be guided to merge. We suggest (never enforce) when an application's home community already
 * has a filed organization that shares a service category and has a similar name.
 *
 * Name similarity: the generic tails that every group carries (协会, 志愿服务队, 社区 …) and the
 * community's own name say nothing, so they are stripped; then the mean of two Dice coefficients of
 * what is left, over characters and over character bigrams. Chinese names are short and one
 * inserted word (广场) breaks most bigrams, so characters carry half the weight; bigrams keep
 * word order mattering. 0.5 catches 夕阳红舞蹈队 / 夕阳红广场舞队 and leaves 书法协会 / 舞蹈队 apart.
 */
const GENERIC_PARTS = [
  '志愿服务队',
  '志愿者协会',
  '志愿者服务队',
  '服务中心',
  '服务队',
  '服务社',
  '志愿队',
  '协会',
  '促进会',
  '联合会',
  '工作室',
  '俱乐部',
  '小组',
  '团队',
  '队',
  '社',
  '会',
  '社区',
  '村',
  '居委会',
  '村委会',
];

export function coreName(name: string, communityName = ''): string {
  let s = name.replace(/[\s()（）·、,，.。-]/g, '');
  if (communityName) {
    const base = communityName.replace(/(社区居民委员会|居民委员会|村民委员会|居委会|村委会|社区|村)$/, '');
    if (base.length >= 2) s = s.split(base).join('');
  }
  s = s.replace(/^(社区|村)/, '');
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of GENERIC_PARTS) {
      if (s.endsWith(g) && s.length > g.length) {
        s = s.slice(0, -g.length);
        changed = true;
      }
    }
  }
  return s;
}

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export function nameSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return (dice([...a], [...b]) + dice(bigrams(a), bigrams(b))) / 2;
}

function dice(A: string[], B: string[]): number {
  if (!A.length || !B.length) return 0;
  const pool = new Map<string, number>();
  for (const g of B) pool.set(g, (pool.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of A) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      common++;
      pool.set(g, n - 1);
    }
  }
  return (2 * common) / (A.length + B.length);
}

export interface MergeCandidateInput {
  id: string;
  name: string;
  regionCode: string;
  serviceCategories: string[];
}

export interface MergeSuggestion {
  id: string;
  name: string;
  similarity: number;
  sharedCategories: string[];
}

export const NAME_SIMILARITY_THRESHOLD = 0.5;

export function mergeSuggestions(
  application: { name: string; regionCode: string; serviceCategories: string[] },
  filedInCommunity: MergeCandidateInput[],
  communityName = '',
): MergeSuggestion[] {
  const mine = coreName(application.name, communityName);
  return filedInCommunity
    .filter((o) => o.regionCode === application.regionCode)
    .map((o) => {
      const theirs = coreName(o.name, communityName);
      const contained = mine.length >= 2 && theirs.length >= 2 && (mine.includes(theirs) || theirs.includes(mine));
      return {
        id: o.id,
        name: o.name,
        similarity: contained ? Math.max(0.8, nameSimilarity(mine, theirs)) : nameSimilarity(mine, theirs),
        sharedCategories: o.serviceCategories.filter((c) => application.serviceCategories.includes(c)),
      };
    })
    .filter((s) => s.sharedCategories.length > 0 && s.similarity >= NAME_SIMILARITY_THRESHOLD)
    .sort((a, b) => b.similarity - a.similarity);
}
