/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
 * alphabet (digits and capitals without I, O, Z, S, V); the 18th is a check character computed
 * from the first 17 with weights 3^(i) mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error('need the first 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`character ${first17[i]} is not allowed`);
    sum += value * WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check]!;
}

export type UsccProblem = 'length' | 'characters' | 'checkCharacter';

/** Validates a code; returns null when valid, otherwise what is wrong. Input is trimmed and upper-cased. */
export function usccProblem(raw: string): UsccProblem | null {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'characters';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'checkCharacter';
}

export function isValidUscc(raw: string): boolean {
  return usccProblem(raw) === null;
}

/**
 * Builds a valid code for a social organization registered by civil affairs (5), category (1 社会团体,
 * 2 民办非企业单位), in the 6-digit county, with a 9-character organization code. For seeds and tests.
 */
export function makeUscc(category: '1' | '2' | '9', county6: string, orgCode9: string): string {
  const first17 = `5${category}${county6}${orgCode9}`;
  return first17 + usccCheckCharacter(first17);
}
