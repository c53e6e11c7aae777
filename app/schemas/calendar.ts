import { z } from 'zod';
import { CALENDAR_YEARS, calendarDayProblem } from '~/domain/working-days';
import type { MessageKey } from '~/i18n/catalog';
import { dateField, text } from './fields';

/** The message of each reason a day cannot be entered (app/domain/working-days.ts calendarDayProblem). */
export const CALENDAR_PROBLEM_KEY = { year: 'calendar.errors.year', workdayNotWeekend: 'calendar.errors.workdayNotWeekend' } as const satisfies Record<
  string,
  MessageKey
>;

/** Entering or changing one day of the working-day calendar (the date is the key: a second entry changes it). */
export const CalendarDaySchema = z
  .object({
    date: dateField('calendar.errors.date'),
    kind: z.enum(['holiday', 'workday'], 'calendar.errors.kind'),
    name: text({ max: 40, required: 'calendar.errors.name', tooLong: 'calendar.errors.name' }),
  })
  .superRefine((v, ctx) => {
    const problem = calendarDayProblem(v.date, v.kind);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem === 'year' ? 'date' : 'kind'], message: CALENDAR_PROBLEM_KEY[problem] });
  });

export type CalendarDayInput = z.output<typeof CalendarDaySchema>;

export const RemoveCalendarDaySchema = z.object({ date: dateField('calendar.errors.date') });

/** The page's year: one the calendar may hold, else the current one. */
export const CalendarQuery = z.object({
  year: z.coerce.number().int().min(CALENDAR_YEARS.first).max(CALENDAR_YEARS.last).optional().catch(undefined),
});
