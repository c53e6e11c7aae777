import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/** The purchaser publishes a draft to the open library; the deadline must still be ahead. */
export async function publishProject(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'publish' });
    if (project.bidDeadline <= now()) throw new AppError('invalidInput', 'project.errors.deadlinePast');
    return moveProject(tx, ctx, project, 'publish', role, { publishedAt: now() });
  });
}
