import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Db } from '#db/client';
import { INTENTION_TRANSITIONS } from '~/domain/intention';
import { now } from '~/lib/clock.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockIntention } from './intention-common.server';

/** The purchasing unit withdraws a published intention, with a reason that stays public beside it. */
export async function withdrawIntention(db: Db, ctx: UseCaseContext, intentionId: string, reason: string) {
  return db.transaction(async (tx) => {
    const { intention, role } = await lockIntention(tx, ctx, intentionId, 'withdraw');
    const to = INTENTION_TRANSITIONS.withdraw.to;
    const at = now();
    await tx
      .update(purchaseIntentions)
      .set({ status: to, statusReason: reason, withdrawnAt: at, updatedAt: at })
      .where(eq(purchaseIntentions.id, intention.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'intention.withdraw',
      subjectType: 'intention',
      subjectId: intention.id,
      summary: { before: { status: intention.status }, after: { status: to }, reason },
      requestId: ctx.requestId,
    });
    return to;
  });
}
