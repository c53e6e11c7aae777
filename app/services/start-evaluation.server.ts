import type { Db } from '#db/client';
import { AppError } from '~/lib/errors';
import { panelOf } from './evaluation-common.server';
import { panelProblem } from '~/domain/procurement-method';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';
import { now } from '~/lib/clock.server';

/** The purchaser opens scoring once the panel is large enough for the method and odd (app/domain/procurement-method.ts). */
export async function startEvaluation(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'startEvaluation' });
    const active = (await panelOf(tx, project.id)).filter((m) => m.status === 'active');
    const problem = panelProblem(project.procurementMethod, active.length);
    if (problem) throw new AppError('invalidInput', problem.key, problem.params);
    // The panel's scores are due 3 working days from here (app/domain/deadlines.ts): the sweep reminds.
    return moveProject(tx, ctx, project, 'startEvaluation', role, { evaluationStartedAt: now() }, { panel: active.map((m) => m.evaluatorUserId) });
  });
}
