import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Tx } from '#db/client';
import { decide, type Permission } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import type { UseCaseContext } from './context';

export async function lockOrganizationFor(tx: Tx, ctx: UseCaseContext, id: string, permission: Permission) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, id)).for('update');
  if (!org) throw new AppError('notFound');
  const decision = decide(ctx.actor, permission, { regionCode: org.regionCode, organizationId: org.id, legalStatus: org.legalStatus });
  if (!decision.allowed) throw new AppError('forbidden');
  return { org, role: decision.role };
}
