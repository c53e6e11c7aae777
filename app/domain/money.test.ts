import { describe, expect, it } from 'vitest';
import { fenToYuanInput, parseYuanToFen } from './money';

describe('yuan as typed → integer fen', () => {
  it('reads what people type', () => {
    expect(parseYuanToFen('12,000')).toBe(1_200_000);
    expect(parseYuanToFen('¥12,000.5')).toBe(1_200_050);
    expect(parseYuanToFen(' 0.07 ')).toBe(7);
    expect(parseYuanToFen('100000000')).toBe(10_000_000_000);
  });
  it('refuses what is not an amount of money, including fractions of a fen', () => {
    expect(parseYuanToFen('12.345')).toBeNull();
    expect(parseYuanToFen('-5')).toBeNull();
    expect(parseYuanToFen('1e5')).toBeNull();
    expect(parseYuanToFen('')).toBeNull();
  });
  it('round-trips through the form', () => {
    expect(parseYuanToFen(fenToYuanInput(1_234_567))).toBe(1_234_567);
  });
});
