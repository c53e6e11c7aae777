import { and, asc, count, eq, gte, lt, sql } from 'drizzle-orm';
import { calendarDays, users } from '#db/schema';
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

/** Every entered day of a year with who last changed it (null for the shipped official days). */
export async function calendarYear(db: Db, year: number) {
  return db
    .select({
      date: calendarDays.date,
      kind: calendarDays.kind,
      name: calendarDays.name,
      updatedAt: calendarDays.updatedAt,
      updatedBy: users.displayName,
    })
    .from(calendarDays)
    .leftJoin(users, eq(users.id, calendarDays.updatedBy))
    .where(and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`)))
    .orderBy(asc(calendarDays.date));
}

/** The years with entered days, and how many each, in order. */
export async function calendarYears(db: Db) {
  const year = sql<number>`extract(year from ${calendarDays.date})::int`;
  const rows = await db.select({ year, days: count() }).from(calendarDays).groupBy(year).orderBy(year);
  return rows.map((r) => ({ year: Number(r.year), days: Number(r.days) }));
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
