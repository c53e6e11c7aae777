import { asc, gte } from 'drizzle-orm';
import { calendarDays } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { workCalendar, type WorkCalendar } from '~/domain/working-days';
import { earliestDeadlineDay, PROCUREMENT_METHODS, windowCounted, type ProcurementMethod } from '~/domain/procurement-method';

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

/**
 * For the project form: the first day bidding may close under each method if the project were
 * published at `at`, and the first year a working-day window would cross without its holidays entered.
 */
export async function methodWindows(db: Db, at: Date) {
  const cal = await workCalendarOf(db);
  const earliest = Object.fromEntries(PROCUREMENT_METHODS.map((m) => [m, earliestDeadlineDay(m, at, cal)])) as Record<ProcurementMethod, string>;
  const uncovered = PROCUREMENT_METHODS.filter((m) => !windowCounted(m, at, cal)).map((m) => earliest[m].slice(0, 4));
  return { earliest, uncoveredYear: uncovered.length ? Number(uncovered.sort()[0]) : null };
}
export type MethodWindows = Awaited<ReturnType<typeof methodWindows>>;
