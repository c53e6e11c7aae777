import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beijingInstant, daysInMonth, parseIsoDate, parseLocalDateTime } from './dates';

describe('calendar dates as typed in a date field', () => {
  it('accepts real days, leap days included', () => {
    expect(parseIsoDate('2026-12-01')).toBe('2026-12-01');
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29');
    expect(parseIsoDate('1949-10-01')).toBe('1949-10-01');
  });

  it('refuses days that do not exist and any other spelling', () => {
    for (const bad of [
      '2026-13-01',
      '2026-00-10',
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-04-31',
      '2026-01-00',
      '2026-1-01',
      '26-01-01',
      '2026/01/01',
      ' 2026-01-01',
      '2026-01-01T00:00',
      '0999-01-01',
      '２０２６-０１-０１',
      '',
    ]) {
      expect(parseIsoDate(bad), bad).toBeNull();
    }
  });

  it('agrees with the JavaScript calendar on every day of 1600–2400', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1600, max: 2400 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        expect(parseIsoDate(s) !== null).toBe(real);
        expect(d <= daysInMonth(y, m)).toBe(real);
      }),
    );
  });
});

describe('datetime-local values', () => {
  it('reads minutes and optional seconds', () => {
    expect(parseLocalDateTime('2026-12-01T17:00')).toEqual({ date: '2026-12-01', hour: 17, minute: 0, second: 0 });
    expect(parseLocalDateTime('2026-12-01T23:59:59')).toEqual({ date: '2026-12-01', hour: 23, minute: 59, second: 59 });
  });

  it('refuses impossible hours, minutes, seconds and days', () => {
    for (const bad of [
      '2026-13-01T25:61',
      '2026-12-01T25:00',
      '2026-12-01T24:00',
      '2026-12-01T12:60',
      '2026-12-01T12:00:60',
      '2026-02-30T10:00',
      '2026-12-01 17:00',
      '2026-12-01T17',
      '2026-12-01T17:00Z',
      '2026-12-01T17:00+08:00',
    ]) {
      expect(parseLocalDateTime(bad), bad).toBeNull();
      expect(beijingInstant(bad), bad).toBeNull();
    }
  });

  it('means Beijing time', () => {
    expect(beijingInstant('2026-12-01T17:00')!.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(beijingInstant('2026-01-01T03:30:15')!.toISOString()).toBe('2025-12-31T19:30:15.000Z');
  });
});
