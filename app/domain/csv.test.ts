import { describe, expect, it } from 'vitest';
import { fenAsYuan, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes what needs quoting, with CRLF lines and a BOM for Excel', () => {
    expect(
      toCsv([
        ['合同', '金额'],
        ['小寨路街道, "助老"', 12],
        ['两行\n说明', null],
      ]),
    ).toBe('\uFEFF合同,金额\r\n"小寨路街道, ""助老""",12\r\n"两行\n说明",\r\n');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv([['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', 'ok']])).toBe(`\uFEFF"'=HYPERLINK(""http://x"")",'+1,'-2,'@SUM(A1),ok\r\n`);
    // Numbers are written as numbers, negative ones included.
    expect(toCsv([[-5]])).toBe('\uFEFF-5\r\n');
  });

  it('writes fen as yuan to the fen, without grouping', () => {
    expect(fenAsYuan(12_000_000)).toBe('120000.00');
    expect(fenAsYuan(5)).toBe('0.05');
    expect(fenAsYuan(-1234)).toBe('-12.34');
    expect(() => fenAsYuan(1.5)).toThrow();
  });
});
