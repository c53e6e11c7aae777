import { eq } from 'drizzle-orm';
import { contracts, milestones } from '#db/schema';
import type { Db } from '#db/client';
import { contractCapabilities } from '~/domain/contract-capabilities';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { withdrawOpenAmendments } from './amend-contract.server';

/** Final acceptance (验收): every milestone accepted; a rating 1–5 that later assessments read. */
export async function completeContract(db: Db, ctx: UseCaseContext, contractId: string, rating: number, comment: string) {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('invalidInput', 'contract.errors.rating');
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    const ms = await tx.select().from(milestones).where(eq(milestones.contractId, c.id));
    const facts = { milestones: ms, tranches: [], amendmentOpen: false };
    enforce(contractCapabilities(side, { status: c.status, confirmedBySide: true }, facts).complete);
    await tx.update(contracts).set({ status: 'completed', rating, ratingComment: comment, completedAt: now() }).where(eq(contracts.id, c.id));
    await withdrawOpenAmendments(tx, c.id, 'contract completed');
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.complete',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { before: { status: 'signed' }, after: { status: 'completed' }, rating },
      requestId: ctx.requestId,
    });
  });
}
