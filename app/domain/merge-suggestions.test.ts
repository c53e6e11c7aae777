import { describe, expect, it } from 'vitest';
import { coreName, mergeSuggestions, nameSimilarity } from './merge-suggestions';

const community = '610113002001';
const filed = [
  { id: 'dance', name: '夕阳红舞蹈队', regionCode: community, serviceCategories: ['culture'] },
  { id: 'elder', name: '幸福里助老志愿服务队', regionCode: community, serviceCategories: ['elderlyCare', 'charity'] },
  { id: 'other-community', name: '夕阳红舞蹈队', regionCode: '610113002002', serviceCategories: ['culture'] },
];

describe('merge suggestions (§4.2)', () => {
  it('strips generic tails and the community name before comparing', () => {
    expect(coreName('幸福里社区助老志愿服务队', '幸福里社区居民委员会')).toBe('助老');
    expect(coreName('夕阳红舞蹈队')).toBe('夕阳红舞蹈');
  });

  it('suggests a filed organization in the same community with a shared category and a similar name', () => {
    const s = mergeSuggestions({ name: '夕阳红广场舞蹈队', regionCode: community, serviceCategories: ['culture', 'sports'] }, filed);
    expect(s.map((x) => x.id)).toEqual(['dance']);
    expect(s[0]!.sharedCategories).toEqual(['culture']);
  });

  it('does not suggest across communities', () => {
    const s = mergeSuggestions({ name: '夕阳红舞蹈队', regionCode: '610113002003', serviceCategories: ['culture'] }, filed);
    expect(s).toEqual([]);
  });

  it('needs a shared category: a similar name with other work is not a duplicate', () => {
    const s = mergeSuggestions({ name: '夕阳红舞蹈队', regionCode: community, serviceCategories: ['mediation'] }, filed);
    expect(s).toEqual([]);
  });

  it('unrelated names are not suggested even with a shared category', () => {
    const s = mergeSuggestions({ name: '邻里调解会', regionCode: community, serviceCategories: ['culture'] }, filed);
    expect(s).toEqual([]);
  });

  it('one inserted word does not hide a near-duplicate', () => {
    expect(nameSimilarity('夕阳红广场舞', '夕阳红舞蹈')).toBeGreaterThanOrEqual(0.5);
    expect(nameSimilarity('书法', '舞蹈')).toBe(0);
  });

  it('bigram similarity is symmetric and 1 for equal names', () => {
    expect(nameSimilarity('助老服务', '服务助老')).toBeCloseTo(nameSimilarity('服务助老', '助老服务'));
    expect(nameSimilarity('助老', '助老')).toBe(1);
  });
});
