import type { Db } from '#db/client';
import { closeBiddingIfDue } from './close-bidding.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';
import { notify } from './notify.server';
import { biddingOrganizations, orgAdmins } from './recipients.server';

/**
 * The purchaser cancels, with a reason shown publicly, at any point before the award. Past the
 * deadline, bidding closes first if the sweep has not come yet: the bids were due to be opened at the
 * deadline, and a cancellation after it must not seal them for good (app/domain/bid.ts).
 */
export async function cancelProject(db: Db, ctx: UseCaseContext, projectId: string, reason: string) {
  await closeBiddingIfDue(db, projectId);
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'cancel' });
    const to = await moveProject(tx, ctx, project, 'cancel', role, { statusReason: reason }, { reason });
    // Bidders are told (a sealed bid stays sealed: each learns only of the project it bid for).
    await notify(tx, {
      recipients: await orgAdmins(tx, await biddingOrganizations(tx, project.id)),
      kind: 'project.cancelled',
      params: { title: project.title, reason },
      href: `/projects/${project.id}`,
      dedupeKey: `project.cancelled:${project.id}`,
    });
    return to;
  });
}
