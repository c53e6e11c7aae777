import { eq } from 'drizzle-orm';
import { contracts, milestones } from '#db/schema';
import type { Db } from '#db/client';
import { contractCapabilities } from '~/domain/contract-capabilities';
import { performanceScoreProblem } from '~/domain/contract-execution';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import { withdrawOpenAmendments } from './amend-contract.server';

/** What the payer records at final acceptance. */
export interface FinalAcceptance {
  /** 1–5, with its comment: what later assessments read. */
  rating: number;
  comment: string;
  /** The written acceptance opinion (验收意见), required. */
  opinion: string;
  /** The performance evaluation (绩效评价), 0–100, optional: kept with the contract and shown in the payee's record. */
  performanceScore: number | null;
}

/** Final acceptance (验收): every milestone accepted; a written opinion, a rating, optionally a performance score. */
export async function completeContract(db: Db, ctx: UseCaseContext, contractId: string, input: FinalAcceptance) {
  const { rating, comment, performanceScore } = input;
  const opinion = input.opinion.trim();
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new AppError('invalidInput', 'contract.errors.rating');
  if (opinion.length < 4 || opinion.length > 2000) throw new AppError('invalidInput', 'execution.errors.opinion');
  const scoreProblem = performanceScoreProblem(performanceScore);
  if (scoreProblem) throw new AppError('invalidInput', scoreProblem);
  return db.transaction(async (tx) => {
    const { contract: c, side, role } = await lockContract(tx, ctx.actor, contractId, 'either');
    const ms = await tx.select().from(milestones).where(eq(milestones.contractId, c.id));
    const facts = { milestones: ms, tranches: [], amendmentOpen: false };
    enforce(contractCapabilities(side, { status: c.status, confirmedBySide: true }, facts).complete);
    await tx
      .update(contracts)
      .set({ status: 'completed', rating, ratingComment: comment, acceptanceOpinion: opinion, performanceScore, completedAt: now() })
      .where(eq(contracts.id, c.id));
    await withdrawOpenAmendments(tx, c.id, 'contract completed');
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'contract.complete',
      subjectType: 'contract',
      subjectId: c.id,
      summary: { before: { status: 'signed' }, after: { status: 'completed' }, rating, performanceScore, opinion },
      requestId: ctx.requestId,
    });
  });
}
