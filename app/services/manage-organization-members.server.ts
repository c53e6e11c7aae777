import { and, eq, inArray, sql } from 'drizzle-orm';
import { organizations, roleAssignments } from '#db/schema';
import type { Db } from '#db/client';
import { organizationCapability } from '~/domain/organization-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

async function authorizeFor(tx: Parameters<Parameters<Db['transaction']>[0]>[0], ctx: UseCaseContext, organizationId: string) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, organizationId)).for('update');
  if (!org) throw new AppError('notFound');
  enforce(organizationCapability(ctx.actor, org, 'manageMembers'));
  return org;
}

/** An organization's administrator adds a person (by account) as member or administrator. */
export async function addOrganizationMember(db: Db, ctx: UseCaseContext, input: { organizationId: string; userId: string; role: 'orgAdmin' | 'orgMember' }) {
  return db.transaction(async (tx) => {
    const org = await authorizeFor(tx, ctx, input.organizationId);
    const existing = await tx
      .select()
      .from(roleAssignments)
      .where(
        and(eq(roleAssignments.organizationId, org.id), eq(roleAssignments.userId, input.userId), inArray(roleAssignments.role, ['orgAdmin', 'orgMember'])),
      );
    if (existing.some((e) => e.role === input.role)) throw new AppError('conflict', 'members.errors.already');
    if (existing.length)
      await tx.delete(roleAssignments).where(
        inArray(
          roleAssignments.id,
          existing.map((e) => e.id),
        ),
      );
    await tx.insert(roleAssignments).values({ userId: input.userId, role: input.role, organizationId: org.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: 'orgAdmin',
      action: 'organization.addMember',
      subjectType: 'organization',
      subjectId: org.id,
      summary: { before: existing.map((e) => ({ userId: e.userId, role: e.role })), after: { userId: input.userId, role: input.role } },
      requestId: ctx.requestId,
    });
  });
}

/** Removes a member; the last administrator cannot be removed (the organization would be orphaned). */
export async function removeOrganizationMember(db: Db, ctx: UseCaseContext, input: { organizationId: string; assignmentId: string }) {
  return db.transaction(async (tx) => {
    const org = await authorizeFor(tx, ctx, input.organizationId);
    const [a] = await tx
      .select()
      .from(roleAssignments)
      .where(and(eq(roleAssignments.id, input.assignmentId), eq(roleAssignments.organizationId, org.id)));
    if (!a) throw new AppError('notFound');
    if (a.role === 'orgAdmin') {
      const [admins] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.organizationId, org.id), eq(roleAssignments.role, 'orgAdmin')));
      if ((admins?.n ?? 0) <= 1) throw new AppError('invalidInput', 'members.errors.lastAdmin');
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, a.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: 'orgAdmin',
      action: 'organization.removeMember',
      subjectType: 'organization',
      subjectId: org.id,
      summary: { before: { userId: a.userId, role: a.role } },
      requestId: ctx.requestId,
    });
  });
}
