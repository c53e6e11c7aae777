import { describe, expect, it } from 'vitest';
import { toChineseCapital } from './chinese-amount';

describe('amounts in Chinese capital numerals (大写)', () => {
  it.each([
    [1_200_000, '壹万贰仟元整'],
    [100, '壹元整'],
    [0, '零元整'],
    [1_005, '壹拾元零伍分'],
    [10_050, '壹佰元零伍角'],
    [123_456_789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
    [10_000_100, '壹拾万零壹元整'],
    [100_000_000_00, '壹亿元整'],
    [100_010_000_00, '壹亿零壹万元整'],
    [35, '叁角伍分'],
    [5, '伍分'],
    [30_000_000, '叁拾万元整'],
    [20_100_000, '贰拾万壹仟元整'],
    [20_010_000, '贰拾万零壹佰元整'],
  ])('%i fen → %s', (fen, text) => {
    expect(toChineseCapital(fen)).toBe(text);
  });

  it('refuses fractions of a fen and negative amounts', () => {
    expect(() => toChineseCapital(1.5)).toThrow();
    expect(() => toChineseCapital(-1)).toThrow();
  });
});
