/**
 * Dates and times as people type them in `date` and `datetime-local` fields, parsed strictly: a
 * month 13, a 30 February or 25:61 is refused here, before it can become an Invalid Date or a
 * PostgreSQL datetime error. Calendar dates are proleptic Gregorian, years 1000–9999 (four digits,
 * what the browser's date field sends).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "2026-02-28" → the same string; anything that is not a real calendar day in that exact form → null. */
export function parseIsoDate(raw: string): string | null {
  const m = DATE.exec(raw);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return raw;
}

export interface LocalDateTime {
  date: string;
  hour: number;
  minute: number;
  second: number;
}

/** "2026-12-01T17:00" or "2026-12-01T17:00:30" (a datetime-local value) → its parts; else null. */
export function parseLocalDateTime(raw: string): LocalDateTime | null {
  const m = DATE_TIME.exec(raw);
  if (!m || !parseIsoDate(m[1]!)) return null;
  const [hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4] ?? '0')];
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { date: m[1]!, hour, minute, second };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A datetime-local value read as Beijing time (UTC+8, no daylight saving) → the instant; null when invalid. */
export function beijingInstant(raw: string): Date | null {
  const t = parseLocalDateTime(raw);
  if (!t) return null;
  return new Date(`${t.date}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}+08:00`);
}
