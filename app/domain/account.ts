/**
 * Sign-in identifiers: a mainland mobile number (11 digits starting with 1, an optional +86 or 86
 * prefix and spaces/dashes allowed when typed) or an e-mail address (compared lower-cased).
 */
export type Identifier = { kind: 'mobile'; value: string } | { kind: 'email'; value: string };

export function parseIdentifier(raw: string): Identifier | null {
  const s = raw.trim();
  if (s.includes('@')) {
    const email = s.toLowerCase();
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { kind: 'email', value: email } : null;
  }
  const digits = s.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? { kind: 'mobile', value: digits } : null;
}

/** Passwords: at least 10 characters, not only digits (a phone number is not a password). */
export function passwordProblem(password: string): 'tooShort' | 'tooLong' | 'onlyDigits' | null {
  if (password.length < 10) return 'tooShort';
  if (password.length > 200) return 'tooLong';
  if (/^\d+$/.test(password)) return 'onlyDigits';
  return null;
}

/** Throttling: refuse the attempt after this many failures in the window, per account and per IP. */
export const THROTTLE = { maxFailures: 10, windowMs: 15 * 60_000 } as const;

export function isThrottled(failuresInWindow: number): boolean {
  return failuresInWindow >= THROTTLE.maxFailures;
}
