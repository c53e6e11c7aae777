import { eq } from 'drizzle-orm';
import { calendarDays } from '#db/schema';
import type { Db } from '#db/client';
import { parseIsoDate } from '~/domain/dates';
import { decide } from '~/domain/permissions';
import { calendarDayProblem } from '~/domain/working-days';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { CALENDAR_PROBLEM_KEY, type CalendarDayInput } from '~/schemas/calendar';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/**
 * The province enters a holiday or a make-up working day, or changes one already entered (the date
 * is the key). Every working-day count reads the calendar afresh, so the change applies to the
 * next window checked; windows already accepted stand.
 */
export async function setCalendarDay(db: Db, ctx: UseCaseContext, input: CalendarDayInput) {
  const decision = decide(ctx.actor, 'calendar:maintain');
  if (!decision.allowed) throw new AppError('forbidden');
  if (!parseIsoDate(input.date)) throw new AppError('invalidInput', 'calendar.errors.date', {}, { date: 'calendar.errors.date' });
  const problem = calendarDayProblem(input.date, input.kind);
  if (problem) {
    const key = CALENDAR_PROBLEM_KEY[problem];
    throw new AppError('invalidInput', key, {}, { [problem === 'year' ? 'date' : 'kind']: key });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, input.date)).for('update');
    const at = now();
    const after = { kind: input.kind, name: input.name };
    await tx
      .insert(calendarDays)
      .values({ date: input.date, ...after, updatedBy: ctx.actor.userId, updatedAt: at })
      .onConflictDoUpdate({ target: calendarDays.date, set: { ...after, updatedBy: ctx.actor.userId, updatedAt: at } });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: decision.role,
      action: 'calendar.set',
      subjectType: 'calendarDay',
      subjectId: input.date,
      summary: { before: before ? { kind: before.kind, name: before.name } : null, after },
      requestId: ctx.requestId,
    });
    return { date: input.date, created: !before };
  });
}
