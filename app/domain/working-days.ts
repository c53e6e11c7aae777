/**
 * Working days (工作日) in mainland China: Monday to Friday, except the statutory holidays the State
 * Council announces each year, plus the make-up working days (调休上班) it names, which fall on a
 * Saturday or Sunday. Every "N working days" in the platform (a negotiation's bidding window, a
 * challenge's answer, publishing a contract) counts through this module. Pure: the calendar is data,
 * kept by the province administrator (db: calendar_days) with the official years shipped in
 * db/seed/data/calendar-cn.tsv.
 *
 * Dates are 'YYYY-MM-DD' strings of the China calendar day; periods follow the civil-code rule that
 * the day an act happens is not counted (民法典 §201): "3 working days from Monday" ends on Thursday.
 */
export interface WorkCalendar {
  /** Statutory holidays that fall on what would be a working day (and weekend days inside a holiday). */
  holidays: ReadonlySet<string>;
  /** Weekend days worked to make up for a holiday (调休上班). */
  workdays: ReadonlySet<string>;
  /** The years whose holidays have been entered: outside them only weekends are known. */
  years: ReadonlySet<number>;
}

export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
}

export function workCalendar(days: readonly CalendarDay[]): WorkCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  const years = new Set<number>();
  for (const d of days) {
    (d.kind === 'holiday' ? holidays : workdays).add(d.date);
    years.add(Number(d.date.slice(0, 4)));
  }
  return { holidays, workdays, years };
}

const DAY_MS = 86_400_000;

function utc(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(date: string, n: number): string {
  return iso(utc(date) + n * DAY_MS);
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(utc(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The day on which a period of `n` working days that starts the day after `from` ends. */
export function addWorkingDays(cal: WorkCalendar, from: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`addWorkingDays: n must be a whole number ≥ 0, got ${n}`);
  let day = from;
  for (let left = n; left > 0;) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(cal, day)) left--;
  }
  return day;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (isWorkingDay(cal, day)) n++;
  return n;
}

/** Whether the holidays of every year from `from` to `to` have been entered (else a count may be short of the law). */
export function calendarCovers(cal: WorkCalendar, from: string, to: string): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!cal.years.has(y)) return false;
  return true;
}

/** The instant a China calendar day ends (24:00 Beijing time, 民法典 §203): where a period of days runs out. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY_MS);
}

/** The day of the week, 0 (Sunday) to 6 (Saturday), of a 'YYYY-MM-DD' day. */
export function weekdayOf(date: string): 0 | 1 | 2 | 3 | 4 | 5 | 6 {
  return new Date(utc(date)).getUTCDay() as 0 | 1 | 2 | 3 | 4 | 5 | 6;
}

/** The years the province may enter days for: the calendar is read from 2024 on (the first shipped year). */
export const CALENDAR_YEARS = { first: 2024, last: 2100 } as const;

export type CalendarDayProblem = 'year' | 'workdayNotWeekend';

/**
 * Why a day cannot be entered as this kind, or null when it can. A make-up working day (调休上班)
 * replaces a weekend day, so it must fall on a Saturday or Sunday; a holiday may fall on any day
 * (the weekend days inside a holiday are entered too, so the calendar shows the whole break).
 */
export function calendarDayProblem(date: string, kind: CalendarDay['kind']): CalendarDayProblem | null {
  const year = Number(date.slice(0, 4));
  if (!(year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last)) return 'year';
  if (kind === 'workday') {
    const weekday = weekdayOf(date);
    if (weekday !== 0 && weekday !== 6) return 'workdayNotWeekend';
  }
  return null;
}
