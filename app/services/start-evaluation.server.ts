import type { Db } from '#db/client';
import { AppError } from '~/lib/errors';
import { MIN_PANEL, panelOf } from './evaluation-common.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/** The purchaser opens scoring once the panel has at least three active evaluators. */
export async function startEvaluation(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'startEvaluation' });
    const active = (await panelOf(tx, project.id)).filter((m) => m.status === 'active');
    if (active.length < MIN_PANEL) throw new AppError('invalidInput', 'panel.errors.tooSmall', { n: MIN_PANEL });
    return moveProject(tx, ctx, project, 'startEvaluation', role, {}, { panel: active.map((m) => m.evaluatorUserId) });
  });
}
