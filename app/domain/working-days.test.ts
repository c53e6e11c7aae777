import { describe, expect, it } from 'vitest';
import { OFFICIAL_CALENDAR } from './calendar-cn';
import { addWorkingDays, calendarCovers, calendarDayProblem, isWorkingDay, weekdayOf, workCalendar, workingDaysBetween } from './working-days';

const cal = workCalendar(OFFICIAL_CALENDAR);
const weekendsOnly = workCalendar([]);

describe('working days on the official calendar', () => {
  it('a make-up Saturday is worked and a weekday inside a holiday is not', () => {
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); // Saturday, 春节 make-up
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false); // Monday, 春节
    expect(isWorkingDay(cal, '2026-02-21')).toBe(false); // Saturday, inside 春节
    expect(isWorkingDay(cal, '2026-03-07')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay(cal, '2026-03-09')).toBe(true); // an ordinary Monday
  });

  it('3 working days from the Friday before 春节 2026 end on the Wednesday after it, counting the make-up Saturday', () => {
    // Fri 13 Feb → Sat 14 (make-up, 1), 15–23 holiday, Tue 24 (2), Wed 25 (3).
    expect(addWorkingDays(cal, '2026-02-13', 3)).toBe('2026-02-25');
    expect(workingDaysBetween(cal, '2026-02-13', '2026-02-25')).toBe(3);
    // On weekends alone the same count would end on Wednesday the 18th, inside the holiday.
    expect(addWorkingDays(weekendsOnly, '2026-02-13', 3)).toBe('2026-02-18');
  });

  it('across 国庆节 2026 the make-up Saturday after it is the third working day', () => {
    // Wed 30 Sep → 1–7 Oct holiday, Thu 8 (1), Fri 9 (2), Sat 10 make-up (3).
    expect(addWorkingDays(cal, '2026-09-30', 3)).toBe('2026-10-10');
  });

  it('the day of the act is not counted, and 0 working days is the day itself', () => {
    expect(addWorkingDays(cal, '2026-03-09', 1)).toBe('2026-03-10');
    expect(addWorkingDays(cal, '2026-03-09', 0)).toBe('2026-03-09');
    expect(workingDaysBetween(cal, '2026-03-09', '2026-03-09')).toBe(0);
    expect(() => addWorkingDays(cal, '2026-03-09', -1)).toThrow(RangeError);
  });

  it('counting forward and counting between agree on every start day of 2024–2026', () => {
    for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2026, 11, 20); d += 86_400_000 * 3) {
      const from = new Date(d).toISOString().slice(0, 10);
      for (const n of [1, 3, 5, 7]) expect(workingDaysBetween(cal, from, addWorkingDays(cal, from, n))).toBe(n);
    }
  });

  it('knows which years it holds: 2027 is not entered yet', () => {
    expect(calendarCovers(cal, '2026-12-01', '2026-12-31')).toBe(true);
    expect(calendarCovers(cal, '2026-12-28', '2027-01-05')).toBe(false);
  });

  it('every shipped day is one kind only, and each make-up day falls on a weekend', () => {
    const dates = OFFICIAL_CALENDAR.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const d of OFFICIAL_CALENDAR.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
  });
});

describe('what the province may enter', () => {
  it('a make-up working day falls on a Saturday or Sunday', () => {
    expect(calendarDayProblem('2026-02-14', 'workday')).toBeNull(); // Saturday
    expect(calendarDayProblem('2026-02-15', 'workday')).toBeNull(); // Sunday
    expect(calendarDayProblem('2026-02-13', 'workday')).toBe('workdayNotWeekend'); // Friday
    expect(calendarDayProblem('2026-02-16', 'workday')).toBe('workdayNotWeekend'); // Monday
  });

  it('a holiday may fall on any day, weekends inside a break included', () => {
    for (const date of ['2026-02-16', '2026-02-20', '2026-02-21', '2026-02-22']) expect(calendarDayProblem(date, 'holiday')).toBeNull();
  });

  it('only the years the calendar is read for', () => {
    expect(calendarDayProblem('2023-10-01', 'holiday')).toBe('year');
    expect(calendarDayProblem('2101-01-01', 'holiday')).toBe('year');
    expect(calendarDayProblem('2100-01-01', 'holiday')).toBeNull();
  });

  it('every official make-up day is on a weekend', () => {
    for (const d of OFFICIAL_CALENDAR) expect(calendarDayProblem(d.date, d.kind), d.date).toBeNull();
  });

  it('knows the day of the week', () => {
    expect(weekdayOf('2026-12-01')).toBe(2); // Tuesday
    expect(weekdayOf('2027-01-03')).toBe(0); // Sunday
  });
});
