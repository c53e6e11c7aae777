import { describe, expect, it } from 'vitest';
import { accountVerdict, addressKey, addressVerdict, combine, retentionMs, verdictOf, type Attempt } from './throttle';

const T0 = new Date('2026-04-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const limit = { max: 3, windowMs: 60_000 };

describe('a sliding window of counted attempts', () => {
  it('allows max − 1 counted attempts and refuses at max', () => {
    expect(verdictOf([at(1), at(2)], limit, at(3))).toEqual({ allowed: true });
    expect(verdictOf([at(1), at(2), at(3)], limit, at(4)).allowed).toBe(false);
  });

  it('says when to try again: when the max-th newest attempt leaves the window', () => {
    const v = verdictOf([at(50), at(20), at(10), at(5)], limit, at(55));
    // Newest three: 50, 20, 10 → a slot frees when the one at 10 s is 60 s old.
    expect(v).toEqual({ allowed: false, retryAt: at(70), retryAfterSeconds: 15, minutes: 1 });
    expect(verdictOf([at(50), at(20), at(10), at(5)], limit, at(70))).toEqual({ allowed: true });
  });

  it('rounds the wait up to whole seconds and minutes, never to zero', () => {
    const long = { max: 1, windowMs: 15 * 60_000 };
    expect(verdictOf([T0], long, new Date(T0.getTime() + 60_500))).toMatchObject({ retryAfterSeconds: 840, minutes: 14 });
    expect(verdictOf([T0], long, new Date(T0.getTime() + 15 * 60_000 - 1))).toMatchObject({ retryAfterSeconds: 1, minutes: 1 });
  });

  it('ignores attempts outside the window and accepts them in any order', () => {
    expect(verdictOf([at(-120), at(-61), at(10), at(5)], limit, at(0 + 30))).toEqual({ allowed: true });
    expect(verdictOf([at(5), at(10), at(1)], limit, at(30)).allowed).toBe(false);
  });
});

describe('per account: failures since the last success', () => {
  const fail = (s: number): Attempt => ({ at: at(s), succeeded: false });
  const ok = (s: number): Attempt => ({ at: at(s), succeeded: true });

  it('a success forgives the failures before it', () => {
    expect(accountVerdict([fail(10), fail(9), fail(8)], limit, at(11)).allowed).toBe(false);
    expect(accountVerdict([fail(10), fail(9), ok(8), fail(7), fail(6)], limit, at(11))).toEqual({ allowed: true });
    expect(accountVerdict([fail(10), fail(9), fail(8), ok(7)], limit, at(11)).allowed).toBe(false);
  });
});

describe('per address: every attempt counts', () => {
  it('successes count too (they cost a hash and write rows as much as failures)', () => {
    expect(addressVerdict([at(1), at(2), at(3)], limit, at(4)).allowed).toBe(false);
  });
});

describe('two limits at once', () => {
  it('refuses when either refuses and waits for the later of the two', () => {
    const a = verdictOf([at(1), at(2), at(3)], limit, at(4));
    const b = verdictOf([at(30), at(31), at(32)], limit, at(33));
    expect(combine({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
    expect(combine(a, { allowed: true })).toBe(a);
    expect(combine({ allowed: true }, b)).toBe(b);
    expect(combine(a, b)).toBe(b);
    expect(combine(b, a)).toBe(b);
  });

  it('keeps rows as long as the longer window', () => {
    expect(retentionMs({ account: { max: 10, windowMs: 900_000 }, address: { max: 300, windowMs: 3_600_000 } })).toBe(3_600_000);
  });
});

describe('the address an attempt is charged to', () => {
  it('IPv4 as is, IPv4-mapped IPv6 as its IPv4', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('IPv6 by its /64, however it is written', () => {
    const key = '2001:0db8:0001:0002::/64';
    expect(addressKey('2001:db8:1:2::1')).toBe(key);
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:DB8:1:2:0:0:0:9')).toBe(key);
    expect(addressKey('2001:db8:1:2::1%eth0')).toBe(key);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
  });

  it('anything else goes to a bounded key', () => {
    expect(addressKey('unknown')).toBe('other:unknown');
    expect(addressKey('1:2:3')).toBe('other:1:2:3');
    expect(addressKey('x'.repeat(10_000)).length).toBeLessThanOrEqual(70);
  });
});
