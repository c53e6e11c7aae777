import { describe, expect, it } from 'vitest';
import { parseIdentifier, passwordProblem } from './account';

describe('sign-in identifiers', () => {
  it('accepts mobile numbers as people type them', () => {
    expect(parseIdentifier('138 0000 1234')).toEqual({ kind: 'mobile', value: '13800001234' });
    expect(parseIdentifier('+86 13800001234')).toEqual({ kind: 'mobile', value: '13800001234' });
  });
  it('lower-cases e-mail and refuses malformed input', () => {
    expect(parseIdentifier(' Li.Ming@Example.CN ')).toEqual({ kind: 'email', value: 'li.ming@example.cn' });
    expect(parseIdentifier('12345')).toBeNull();
    expect(parseIdentifier('23800001234')).toBeNull();
    expect(parseIdentifier('a@b')).toBeNull();
    expect(parseIdentifier(`${'a'.repeat(250)}@b.cn`)).toBeNull();
  });
});

describe('passwords', () => {
  it('refuses short and digit-only passwords', () => {
    expect(passwordProblem('short')).toBe('tooShort');
    expect(passwordProblem('13800001234')).toBe('onlyDigits');
    expect(passwordProblem('correct horse')).toBeNull();
  });
});
