import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Db } from '#db/client';
import { INTENTION_TRANSITIONS, intentionYearProblem } from '~/domain/intention';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockIntention } from './intention-common.server';

/** The purchasing unit publishes a draft: from now on it is public and is never deleted, only withdrawn. */
export async function publishIntention(db: Db, ctx: UseCaseContext, intentionId: string) {
  return db.transaction(async (tx) => {
    const { intention, role } = await lockIntention(tx, ctx, intentionId, 'publish');
    // A draft left over from a year now past announces nothing.
    const past = intentionYearProblem(intention.year, todayInChina());
    if (past) throw new AppError('invalidInput', past);
    const to = INTENTION_TRANSITIONS.publish.to;
    const at = now();
    await tx.update(purchaseIntentions).set({ status: to, publishedAt: at, updatedAt: at }).where(eq(purchaseIntentions.id, intention.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'intention.publish',
      subjectType: 'intention',
      subjectId: intention.id,
      summary: { before: { status: intention.status }, after: { status: to, publishedAt: at.toISOString() } },
      requestId: ctx.requestId,
    });
    return { publishedAt: at };
  });
}
