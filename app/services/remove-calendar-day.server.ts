import { eq } from 'drizzle-orm';
import { calendarDays } from '#db/schema';
import type { Db } from '#db/client';
import { parseIsoDate } from '~/domain/dates';
import { decide } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/**
 * The province removes a day entered by mistake: the date is then an ordinary day again (a working
 * day from Monday to Friday). The audit row keeps what it was.
 */
export async function removeCalendarDay(db: Db, ctx: UseCaseContext, input: { date: string }) {
  const decision = decide(ctx.actor, 'calendar:maintain');
  if (!decision.allowed) throw new AppError('forbidden');
  if (!parseIsoDate(input.date)) throw new AppError('invalidInput', 'calendar.errors.date', {}, { date: 'calendar.errors.date' });
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, input.date)).for('update');
    if (!before) throw new AppError('invalidInput', 'calendar.errors.notFound', { date: input.date }, { date: 'calendar.errors.notFound' });
    await tx.delete(calendarDays).where(eq(calendarDays.date, input.date));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: decision.role,
      action: 'calendar.remove',
      subjectType: 'calendarDay',
      subjectId: input.date,
      summary: { before: { kind: before.kind, name: before.name }, after: null },
      requestId: ctx.requestId,
    });
  });
}
