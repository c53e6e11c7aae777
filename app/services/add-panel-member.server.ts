import { and, eq } from 'drizzle-orm';
import { panelMembers, roleAssignments } from '#db/schema';
import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { bidderMemberships, liveBids } from './evaluation-common.server';
import type { UseCaseContext } from './context';
import { lockProject } from './project-common.server';

/**
 * The purchaser adds an evaluator from the pool to the panel. An evaluator who belongs to a bidding
 * organization is recorded as recused for this project, with the reason.
 */
export async function addPanelMember(db: Db, ctx: UseCaseContext, projectId: string, evaluatorUserId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'managePanel' });
    const [isEvaluator] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, evaluatorUserId), eq(roleAssignments.role, 'evaluator')));
    if (!isEvaluator) throw new AppError('invalidInput', 'panel.errors.notEvaluator');
    const [already] = await tx
      .select()
      .from(panelMembers)
      .where(and(eq(panelMembers.projectId, project.id), eq(panelMembers.evaluatorUserId, evaluatorUserId)));
    if (already) throw new AppError('conflict', 'panel.errors.already');
    const bidders = (await liveBids(tx, project.id)).map((b) => b.organizationId);
    const conflicts = await bidderMemberships(tx, evaluatorUserId, bidders);
    const recused = conflicts.length > 0;
    await tx.insert(panelMembers).values({
      projectId: project.id,
      evaluatorUserId,
      status: recused ? 'recused' : 'active',
      recusalReason: recused ? 'memberOfBidder' : null,
      addedAt: now(),
    });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: recused ? 'panel.addRecused' : 'panel.add',
      subjectType: 'project',
      subjectId: project.id,
      summary: { after: { evaluatorUserId, status: recused ? 'recused' : 'active', conflicts: conflicts.map((c) => c.organizationId) } },
      requestId: ctx.requestId,
    });
    return { recused };
  });
}
