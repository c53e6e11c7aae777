import { describe, expect, it } from 'vitest';
import { committeeCodeKind, isRegionCode, levelOfCode, parentCode, subtreeRange, toFullCode, toShortCode, townshipCodeKind } from './region-code';

// Real Shaanxi codes from the NBS 2023 edition (db/seed/data/regions-61.tsv).
const SAMPLES = [
  { short: '61', full: '610000000000', level: 'province', parent: null }, // 陕西省
  { short: '6101', full: '610100000000', level: 'city', parent: '61' }, // 西安市
  { short: '610102', full: '610102000000', level: 'county', parent: '6101' }, // 新城区
  { short: '610102001', full: '610102001000', level: 'street', parent: '610102' }, // 西一路街道
  { short: '610102001001', full: '610102001001', level: 'community', parent: '610102001' }, // 民乐社区居委会
  { short: '611026110216', full: '611026110216', level: 'community', parent: '611026110' }, // 金台村委会
  { short: '610582400', full: '610582400000', level: 'street', parent: '610582' }, // 国营陕西华山企业公司
] as const;

describe('levelOfCode', () => {
  it('reads the level from the short-code length', () => {
    for (const s of SAMPLES) expect(levelOfCode(s.short)).toBe(s.level);
  });

  it('throws on lengths that are not 2/4/6/9/12 and on non-digits', () => {
    for (const bad of ['', '6', '610', '61010', '6101020', '61010200100', '6101020010010', '61a1', ' 6101']) {
      expect(() => levelOfCode(bad), bad).toThrow();
    }
  });
});

describe('parentCode', () => {
  it('is the code without its last group', () => {
    for (const s of SAMPLES) expect(parentCode(s.short)).toBe(s.parent);
  });

  it('walks a village up to the province', () => {
    const chain: string[] = [];
    for (let c: string | null = '610929100213'; c !== null; c = parentCode(c)) chain.push(c);
    expect(chain).toEqual(['610929100213', '610929100', '610929', '6109', '61']);
  });
});

describe('toFullCode / toShortCode', () => {
  it('pads a short code with zeros to 12 digits', () => {
    expect(toFullCode('6101')).toBe('610100000000');
    for (const s of SAMPLES) expect(toFullCode(s.short)).toBe(s.full);
  });

  it('cuts trailing zero groups (2,2,2,3,3) from a full code', () => {
    for (const s of SAMPLES) expect(toShortCode(s.full)).toBe(s.short);
  });

  it('only cuts whole zero groups, never zeros inside a group', () => {
    // 610100000000 is 西安市; 610110… would be a county 10 — a trailing 0 inside a group stays
    expect(toShortCode('611000000000')).toBe('6110'); // 商洛市
    expect(toShortCode('610130000000')).toBe('610130');
    expect(toShortCode('610102010000')).toBe('610102010');
    expect(toShortCode('610102001100')).toBe('610102001100');
  });

  it('accepts an already-short code', () => {
    for (const s of SAMPLES) expect(toShortCode(s.short)).toBe(s.short);
    expect(toShortCode('610100')).toBe('6101'); // a 6-digit form with a zero county group
  });

  it('round-trips both ways', () => {
    for (const s of SAMPLES) {
      expect(toShortCode(toFullCode(s.short))).toBe(s.short);
      expect(toFullCode(toShortCode(s.full))).toBe(s.full);
    }
  });

  it('rejects codes that are all zeros or have a bad length', () => {
    expect(() => toShortCode('000000000000')).toThrow();
    expect(() => toShortCode('6101000000')).toThrow();
    expect(() => toFullCode('610')).toThrow();
  });
});

describe('NBS numbering kinds', () => {
  it('township: 001–099 街道, 100–199 镇, 200–399 乡, 400–599 special units', () => {
    expect(townshipCodeKind('610102001')).toBe('subdistrict'); // 西一路街道
    expect(townshipCodeKind('610923111')).toBe('town'); // 梅子镇
    expect(townshipCodeKind('610602202')).toBe('township'); // 冯庄乡
    expect(townshipCodeKind('610582400')).toBe('special'); // 国营陕西华山企业公司
    expect(() => townshipCodeKind('610102')).toThrow();
  });

  it('village: 001–199 居委会, 200–399 村委会, 4xx like 居委会, 5xx like 村委会', () => {
    expect(committeeCodeKind('610102001001')).toBe('residents'); // 民乐社区居委会
    expect(committeeCodeKind('611026110216')).toBe('villagers'); // 金台村委会
    expect(committeeCodeKind('610326400498')).toBe('virtual-residents'); // 太白山旅游区虚拟社区
    expect(committeeCodeKind('610330400598')).toBe('virtual-villagers'); // 马头滩虚拟生活区
    expect(() => committeeCodeKind('610102001')).toThrow();
    expect(() => committeeCodeKind('610102001600')).toThrow();
  });
});

describe('subtreeRange', () => {
  it('bounds exactly the codes that start with the region code, byte-wise', () => {
    const { start, end } = subtreeRange('6101');
    expect({ start, end }).toEqual({ start: '6101', end: '6102' });
    expect(subtreeRange('610119')).toEqual({ start: '610119', end: '61011:' });
    const inside = (c: string, r: { start: string; end: string }) =>
      Buffer.compare(Buffer.from(c), Buffer.from(r.start)) >= 0 && Buffer.compare(Buffer.from(c), Buffer.from(r.end)) < 0;
    for (const [code, region, want] of [
      ['610113001002', '6101', true],
      ['6101', '6101', true],
      ['610199999999', '6101', true],
      ['6102', '6101', false],
      ['6100', '6101', false],
      ['610119001', '610119', true],
      ['61012', '610119', false],
      ['610120', '610119', false],
    ] as const)
      expect(inside(code, subtreeRange(region)), `${code} in ${region}`).toBe(want);
    expect(() => subtreeRange('61a')).toThrow();
  });
});

describe('isRegionCode', () => {
  it('accepts digits of a level length only', () => {
    for (const ok of ['61', '6101', '610113', '610113001', '610113001002', '610100000000']) expect(isRegionCode(ok), ok).toBe(true);
    for (const bad of ['6', '611', '61011300', '6101130010021', '61a1', '６１', '', ' 61', '61\n', undefined, 61])
      expect(isRegionCode(bad), String(bad)).toBe(false);
  });
});
