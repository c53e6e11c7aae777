import { purchaseIntentions } from '#db/schema';
import type { Db } from '#db/client';
import { intentionFundingProblem, intentionYearProblem, purchasingUnitOf } from '~/domain/intention';
import { decide } from '~/domain/permissions';
import type { IntentionInput } from '~/schemas/intention';
import { now, todayInChina } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

export function intentionValues(input: IntentionInput) {
  return {
    title: input.title,
    description: input.description,
    serviceCategories: input.serviceCategories,
    budgetFen: input.budget,
    fundingSource: input.fundingSource,
    year: input.year,
    expectedMonth: input.expectedMonth,
  };
}

/** Checks of an intention's content that depend on who buys and on today (the form's schema checked the rest). */
export function intentionProblem(purchaserRole: Parameters<typeof intentionFundingProblem>[0], input: IntentionInput) {
  const problem = intentionFundingProblem(purchaserRole, input.fundingSource);
  if (problem) throw new AppError('invalidInput', problem, {}, { fundingSource: problem });
  const past = intentionYearProblem(input.year, todayInChina());
  if (past) throw new AppError('invalidInput', past, {}, { year: past });
}

/**
 * A purchasing unit (bureau, station or committee) drafts a purchase intention. The unit is the
 * actor's most local purchasing assignment; the draft is seen by that unit's staff only until published.
 */
export async function createIntention(db: Db, ctx: UseCaseContext, input: IntentionInput) {
  const unit = purchasingUnitOf(ctx.actor);
  if (!unit || !decide(ctx.actor, 'intention:create', { regionCode: unit.regionCode }).allowed) throw new AppError('forbidden');
  intentionProblem(unit.role, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(purchaseIntentions)
      .values({
        ...intentionValues(input),
        purchaserRole: unit.role,
        purchaserRegionCode: unit.regionCode,
        createdBy: ctx.actor.userId,
        createdAt: now(),
        updatedAt: now(),
      })
      .returning({ id: purchaseIntentions.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: unit.role,
      action: 'intention.create',
      subjectType: 'intention',
      subjectId: row!.id,
      summary: { after: { title: input.title, budgetFen: input.budget, year: input.year, expectedMonth: input.expectedMonth, status: 'draft' } },
      requestId: ctx.requestId,
    });
    return { id: row!.id };
  });
}
