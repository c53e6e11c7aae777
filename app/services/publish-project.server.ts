import { eq } from 'drizzle-orm';
import { purchaseIntentions } from '#db/schema';
import type { Db } from '#db/client';
import { projectIntentionProblem } from '~/domain/intention';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { methodProblem, windowProblem } from '~/domain/procurement-method';
import { workCalendarOf } from '~/queries/calendar.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/**
 * The purchaser publishes a draft to the open library: the deadline must leave the method's bidding
 * window from today, and the purchase intention must have been public 30 days (or the project says
 * why there was none).
 */
export async function publishProject(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'publish' });
    if (project.bidDeadline <= now()) throw new AppError('invalidInput', 'project.errors.deadlinePast');
    const method = methodProblem(project.procurementMethod, project.purchaserRole, project.fundingSource);
    if (method) throw new AppError('invalidInput', method);
    const window = windowProblem(project.procurementMethod, now(), project.bidDeadline, await workCalendarOf(tx));
    if (window) throw new AppError('invalidInput', window.key, window.params);
    if (project.intentionId) {
      const [intention] = await tx.select().from(purchaseIntentions).where(eq(purchaseIntentions.id, project.intentionId));
      const problem = projectIntentionProblem(intention, project, now());
      if (problem) throw new AppError('invalidInput', problem.key, problem.params);
    } else if (!project.noIntentionReason) throw new AppError('invalidInput', 'project.errors.intention.required');
    return moveProject(tx, ctx, project, 'publish', role, { publishedAt: now() });
  });
}
