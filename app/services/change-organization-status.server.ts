import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Db } from '#db/client';
import { ORG_STATUS_TRANSITIONS, type OrgStatusAction } from '~/domain/organization-status';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockOrganizationFor } from './organization-common.server';
import { now } from '~/lib/clock.server';

/** §4.3 sanctions and exit: suspend, reinstate or exit an organization, always with a reason. */
export async function changeOrganizationStatus(db: Db, ctx: UseCaseContext, input: { organizationId: string; action: OrgStatusAction; reason: string }) {
  return db.transaction(async (tx) => {
    const { org, role } = await lockOrganizationFor(tx, ctx, input.organizationId, input.action);
    const to = ORG_STATUS_TRANSITIONS[input.action].to;
    await tx.update(organizations).set({ status: to, statusReason: input.reason, updatedAt: now() }).where(eq(organizations.id, org.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: `organization.${input.action}`,
      subjectType: 'organization',
      subjectId: org.id,
      summary: { before: { status: org.status }, after: { status: to }, reason: input.reason },
      requestId: ctx.requestId,
    });
    return { status: to };
  });
}
