import { asc, gte } from 'drizzle-orm';
import { calendarDays } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { workCalendar, type WorkCalendar } from '~/domain/working-days';

/**
 * The working-day calendar as the province keeps it (holidays and make-up days from `since` on: a
 * window never looks back). A few dozen rows a year; read per use, inside the caller's transaction.
 */
export async function workCalendarOf(db: Db | Tx, since = '2024-01-01'): Promise<WorkCalendar> {
  const rows = await db
    .select({ date: calendarDays.date, kind: calendarDays.kind })
    .from(calendarDays)
    .where(gte(calendarDays.date, since))
    .orderBy(asc(calendarDays.date));
  return workCalendar(rows);
}

/** Every entered day of a year, for the administrator's page and the public calendar. */
export async function calendarYear(db: Db, year: number) {
  const rows = await db
    .select()
    .from(calendarDays)
    .where(gte(calendarDays.date, `${year}-01-01`))
    .orderBy(asc(calendarDays.date));
  return rows.filter((r) => r.date < `${year + 1}-01-01`);
}
