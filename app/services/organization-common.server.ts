import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Tx } from '#db/client';
import { organizationActingRole, organizationCapability, type OrganizationAction } from '~/domain/organization-capabilities';
import { AppError, enforce } from '~/lib/errors';
import type { UseCaseContext } from './context';

/** Locks the organization row and refuses unless the actor may take this action on it now (organization-capabilities.ts). */
export async function lockOrganizationFor(tx: Tx, ctx: UseCaseContext, id: string, action: OrganizationAction) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, id)).for('update');
  if (!org) throw new AppError('notFound');
  enforce(organizationCapability(ctx.actor, org, action));
  return { org, role: organizationActingRole(ctx.actor, org, action)! };
}
