import { and, eq, inArray } from 'drizzle-orm';
import { bids, panelMembers, roleAssignments } from '#db/schema';
import type { Tx } from '#db/client';

/** Live bids (the ones evaluated); eligible ones are scored and ranked. */
export async function liveBids(tx: Tx, projectId: string) {
  return tx
    .select()
    .from(bids)
    .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')));
}

export async function panelOf(tx: Tx, projectId: string) {
  return tx.select().from(panelMembers).where(eq(panelMembers.projectId, projectId));
}

/** Conflict of interest: the evaluator belongs to (administers or is a member of) a bidding organization. */
export async function bidderMemberships(tx: Tx, userId: string, organizationIds: string[]) {
  if (!organizationIds.length) return [];
  return tx
    .select({ organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.organizationId, organizationIds)));
}
