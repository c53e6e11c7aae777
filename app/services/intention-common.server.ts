import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Tx } from '#db/client';
import { intentionCapabilities, type IntentionCapability } from '~/domain/intention-capabilities';
import { intentionResource } from '~/domain/intention';
import { decide } from '~/domain/permissions';
import { AppError, enforce } from '~/lib/errors';
import type { UseCaseContext } from './context';

export type IntentionRow = typeof purchaseIntentions.$inferSelect;

/**
 * Locks the intention and refuses unless the purchasing unit may take `capability` now
 * (app/domain/intention-capabilities.ts: the same answer the page shows its buttons from).
 * Returns the row and the role its staff act in, for the audit row.
 */
export async function lockIntention(tx: Tx, ctx: UseCaseContext, id: string, capability: IntentionCapability) {
  const [intention] = await tx.select().from(purchaseIntentions).where(eq(purchaseIntentions.id, id)).for('update');
  if (!intention) throw new AppError('notFound');
  enforce(intentionCapabilities(ctx.actor, intention)[capability]);
  const d = decide(ctx.actor, 'intention:manage', intentionResource(intention));
  return { intention, role: d.allowed ? d.role : 'system' };
}
