import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanInput, parseYuanToFen } from './money';

describe('yuan as typed → integer fen', () => {
  it('reads what people type', () => {
    expect(parseYuanToFen('12,000')).toBe(1_200_000);
    expect(parseYuanToFen('¥12,000.5')).toBe(1_200_050);
    expect(parseYuanToFen(' 0.07 ')).toBe(7);
    expect(parseYuanToFen('100000000')).toBe(10_000_000_000);
  });
  it('reads what a Chinese keyboard types: full-width digits, commas and yen sign, spaces, 元', () => {
    expect(parseYuanToFen('１８６,０００')).toBe(18_600_000);
    expect(parseYuanToFen('１８６，０００')).toBe(18_600_000);
    expect(parseYuanToFen('186，000.50')).toBe(18_600_050);
    expect(parseYuanToFen('￥186,000')).toBe(18_600_000);
    expect(parseYuanToFen('￥ 186,000.5 元')).toBe(18_600_050);
    expect(parseYuanToFen('186 000 元')).toBe(18_600_000);
    expect(parseYuanToFen('186\u3000000元')).toBe(18_600_000);
    expect(parseYuanToFen('1,234,567.89')).toBe(123_456_789);
    expect(parseYuanToFen('１２．５')).toBe(1_250);
  });
  it('refuses what is not an amount of money, including fractions of a fen', () => {
    expect(parseYuanToFen('12.345')).toBeNull();
    expect(parseYuanToFen('-5')).toBeNull();
    expect(parseYuanToFen('－５')).toBeNull();
    expect(parseYuanToFen('1e5')).toBeNull();
    expect(parseYuanToFen('')).toBeNull();
    expect(parseYuanToFen('元')).toBeNull();
    expect(parseYuanToFen('¥')).toBeNull();
    expect(parseYuanToFen('1'.repeat(1_000_000))).toBeNull();
  });
  it('refuses what could be read two ways: separators not in threes, mixed, or European decimals', () => {
    for (const ambiguous of [
      '186,00',
      '1,0000',
      '18,6000',
      '1,000 000',
      '1 000,000',
      '1.000,50',
      '1,000.000',
      '12..5',
      '1,,000',
      ',186',
      '186,',
      '1.2.3',
      '１８６,００',
    ]) {
      expect(parseYuanToFen(ambiguous), ambiguous).toBeNull();
    }
  });
  it('round-trips through the form', () => {
    // Up to 13 digits of yuan: the most a form takes (parseYuanToFen refuses more).
    expect(parseYuanToFen(fenToYuanInput(1_234_567))).toBe(1_234_567);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (fen) => {
        expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
      }),
    );
  });
  it('reads the same amount written with thousands separators, in half- or full-width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), fc.constantFrom(',', '，', ' '), fc.boolean(), (yuan, sep, wide) => {
        let s = yuan.toLocaleString('en-US').replace(/,/g, sep);
        if (wide) s = s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
        expect(parseYuanToFen(s)).toBe(yuan * 100);
      }),
    );
  });
});
