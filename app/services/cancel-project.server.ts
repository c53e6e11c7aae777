import type { Db } from '#db/client';
import { closeBiddingIfDue } from './close-bidding.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/**
 * The purchaser cancels, with a reason shown publicly, at any point before the award. Past the
 * deadline, bidding closes first if the sweep has not come yet: the bids were due to be opened at the
 * deadline, and a cancellation after it must not seal them for good (app/domain/bid.ts).
 */
export async function cancelProject(db: Db, ctx: UseCaseContext, projectId: string, reason: string) {
  await closeBiddingIfDue(db, projectId);
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'cancel' });
    return moveProject(tx, ctx, project, 'cancel', role, { statusReason: reason }, { reason });
  });
}
