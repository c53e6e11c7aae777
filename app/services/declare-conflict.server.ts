import { and, eq } from 'drizzle-orm';
import { panelMembers, scores } from '#db/schema';
import type { Db } from '#db/client';
import { decide } from '~/domain/permissions';
import { evaluationCapabilities } from '~/domain/evaluation-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { drawReplacement } from './draw-panel.server';
import { lockProject } from './project-common.server';
import { rankIfComplete } from './score-bids.server';

/**
 * An evaluator declares a conflict of interest and is recused; their draft scores are discarded. A
 * replacement is drawn from the same draw's remaining candidates, the recorded seed continuing (ADR 024).
 */
export async function declareConflict(db: Db, ctx: UseCaseContext, projectId: string, reason: string) {
  if (!decide(ctx.actor, 'evaluation:score').allowed) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    const [member] = await tx
      .select()
      .from(panelMembers)
      .where(and(eq(panelMembers.projectId, project.id), eq(panelMembers.evaluatorUserId, ctx.actor.userId)));
    enforce(evaluationCapabilities(ctx.actor, project, member).declareConflict);
    await tx
      .update(panelMembers)
      .set({ status: 'recused', recusalReason: reason })
      .where(and(eq(panelMembers.projectId, project.id), eq(panelMembers.evaluatorUserId, ctx.actor.userId)));
    await tx.delete(scores).where(and(eq(scores.projectId, project.id), eq(scores.evaluatorUserId, ctx.actor.userId)));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: 'evaluator',
      action: 'panel.declareConflict',
      subjectType: 'project',
      subjectId: project.id,
      summary: { before: { status: 'active' }, after: { status: 'recused' }, reason },
      requestId: ctx.requestId,
    });
    await drawReplacement(tx, ctx, project, ctx.actor.userId);
    // The others may all have submitted already: then this recusal completes the evaluation.
    if (project.status === 'evaluating') await rankIfComplete(tx, ctx, project);
  });
}
