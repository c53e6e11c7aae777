import { describe, expect, it } from 'vitest';
import { isValidUscc, makeUscc, usccCheckCharacter, usccProblem } from './uscc';

describe('USCC check character (GB 32100-2015)', () => {
  it('accepts published real codes', () => {
    // the worked example used across GB 32100-2015 explanations
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('computes the check character from the first 17', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
  });

  it('rejects a code whose last character was changed', () => {
    expect(usccProblem('91350100M000100Y44')).toBe('checkCharacter');
  });

  it('rejects letters outside the alphabet (I, O, Z, S, V) and wrong lengths', () => {
    expect(usccProblem('91350100M000100O43')).toBe('characters');
    expect(usccProblem('91350100M000100Y4')).toBe('length');
    expect(usccProblem('')).toBe('length');
  });

  it('trims and upper-cases what a person typed', () => {
    expect(usccProblem(' 91350100m000100y43 ')).toBeNull();
  });

  it('makes valid codes for seeds', () => {
    const code = makeUscc('2', '610102', 'MA6TX0001');
    expect(code).toHaveLength(18);
    expect(code.startsWith('52610102')).toBe(true);
    expect(isValidUscc(code)).toBe(true);
  });

  it('a single transposition is caught', () => {
    const code = makeUscc('1', '610113', '123456789');
    const swapped = code.slice(0, 10) + code[11] + code[10] + code.slice(12);
    expect(swapped).not.toBe(code);
    expect(isValidUscc(swapped)).toBe(false);
  });
});
