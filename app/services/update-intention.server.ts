import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Db } from '#db/client';
import { INTENTION_FIELDS } from '~/domain/intention';
import type { IntentionInput } from '~/schemas/intention';
import { now } from '~/lib/clock.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { intentionProblem, intentionValues } from './create-intention.server';
import { lockIntention } from './intention-common.server';

/**
 * A draft is edited freely. A published intention may still change (the estimate or the month moves
 * as the year goes on): the change is public at once, counted on the intention, and its audit row
 * names every field changed with its value before and after. Nothing changed writes nothing.
 */
export async function updateIntention(db: Db, ctx: UseCaseContext, intentionId: string, input: IntentionInput) {
  return db.transaction(async (tx) => {
    const { intention, role } = await lockIntention(tx, ctx, intentionId, 'edit');
    intentionProblem(intention.purchaserRole, input);
    const next = intentionValues(input);
    const changed = INTENTION_FIELDS.filter((k) => JSON.stringify(next[k]) !== JSON.stringify(intention[k]));
    if (!changed.length) return { changed: [] as string[], published: intention.status === 'published' };
    const published = intention.status === 'published';
    const at = now();
    await tx
      .update(purchaseIntentions)
      .set({ ...next, updatedAt: at, ...(published ? { revisionCount: intention.revisionCount + 1, revisedAt: at } : {}) })
      .where(eq(purchaseIntentions.id, intention.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: published ? 'intention.revise' : 'intention.edit',
      subjectType: 'intention',
      subjectId: intention.id,
      summary: {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, intention[k]])),
        after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      },
      requestId: ctx.requestId,
    });
    return { changed: changed as string[], published };
  });
}
