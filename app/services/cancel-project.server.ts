import type { Db } from '#db/client';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/** The purchaser cancels, with a reason shown publicly, at any point before the award. */
export async function cancelProject(db: Db, ctx: UseCaseContext, projectId: string, reason: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'cancel' });
    return moveProject(tx, ctx, project, 'cancel', role, { statusReason: reason }, { reason });
  });
}
