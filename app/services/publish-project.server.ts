import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { workCalendarOf } from '~/queries/calendar.server';
import { checkIntention, checkMethod } from './create-project.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';
import { reserveBudget } from './budget.server';
import { sweepAt } from './sweep-deadlines.server';

/**
 * The purchaser publishes a draft to the open library: the deadline must leave the method's bidding
 * window from today, and the purchase intention must have been public 30 days (or the project says
 * why there was none); and its budget is reserved on the unit's appropriation (ADR 023). Bidding
 * closes at the deadline by a job enqueued here (ADR 025).
 */
export async function publishProject(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'publish' });
    if (project.bidDeadline <= now()) throw new AppError('invalidInput', 'project.errors.deadlinePast');
    checkMethod(project.purchaserRole, project, await workCalendarOf(tx));
    if (project.intentionId) await checkIntention(tx, project, project.intentionId, now());
    else if (!project.noIntentionReason) throw new AppError('invalidInput', 'project.errors.intention.required');
    await reserveBudget(tx, project);
    await sweepAt(tx, project.bidDeadline, `deadline:${project.id}`);
    return moveProject(tx, ctx, project, 'publish', role, { publishedAt: now() });
  });
}
