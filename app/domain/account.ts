/**
 * Sign-in identifiers: a mainland mobile number (11 digits starting with 1, an optional +86 or 86
 * prefix and spaces/dashes allowed when typed) or an e-mail address (compared lower-cased).
 */
export type Identifier = { kind: 'mobile'; value: string } | { kind: 'email'; value: string };

/** Longer than any e-mail address (RFC 5321: 254) or typed mobile number can be. */
export const IDENTIFIER_MAX = 254;

export function parseIdentifier(raw: string): Identifier | null {
  const s = raw.trim();
  if (s.length > IDENTIFIER_MAX) return null;
  if (s.includes('@')) {
    const email = s.toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { kind: 'email', value: email } : null;
  }
  const digits = s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? { kind: 'mobile', value: digits } : null;
}

/** No password is longer: a longer one typed at sign-in is refused before any hashing. */
export const PASSWORD_MAX = 200;

/** Passwords: at least 10 characters, not only digits (a phone number is not a password). */
export function passwordProblem(password: string): 'tooShort' | 'tooLong' | 'onlyDigits' | null {
  if (password.length < 10) return 'tooShort';
  if (password.length > PASSWORD_MAX) return 'tooLong';
  if (/^\d+$/.test(password)) return 'onlyDigits';
  return null;
}
