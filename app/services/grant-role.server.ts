import { and, eq, sql } from 'drizzle-orm';
import { regions, roleAssignments, users } from '#db/schema';
import type { Db } from '#db/client';
import type { Role } from '~/domain/catalog';
import { canGrant } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/** Gives a staff role, scoped to a region where the role needs one (§4.1: roles scoped to regions). */
export async function grantRole(db: Db, ctx: UseCaseContext, input: { userId: string; role: Role; regionCode: string | null }) {
  if (!canGrant(ctx.actor, input.role, input.regionCode)) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new AppError('notFound');
    if (input.regionCode) {
      const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode));
      if (!region) throw new AppError('invalidInput', 'staff.errors.region');
    }
    const [existing] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.userId, input.userId),
          eq(roleAssignments.role, input.role),
          input.regionCode ? eq(roleAssignments.regionCode, input.regionCode) : sql`${roleAssignments.regionCode} IS NULL`,
        ),
      );
    if (existing) throw new AppError('conflict', 'staff.errors.already');
    const [row] = await tx
      .insert(roleAssignments)
      .values({ userId: input.userId, role: input.role, regionCode: input.regionCode })
      .returning({ id: roleAssignments.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: ctx.actor.assignments.some((a) => a.role === 'platformAdmin') ? 'platformAdmin' : 'bureauStaff',
      action: 'role.grant',
      subjectType: 'user',
      subjectId: input.userId,
      summary: { after: { role: input.role, regionCode: input.regionCode, assignmentId: row!.id } },
      requestId: ctx.requestId,
    });
    return { id: row!.id };
  });
}

/** Takes a staff role back; the same people who may give it. Nobody removes their own administrator role. */
export async function revokeRole(db: Db, ctx: UseCaseContext, assignmentId: string) {
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(roleAssignments).where(eq(roleAssignments.id, assignmentId)).for('update');
    if (!a) throw new AppError('notFound');
    if (!canGrant(ctx.actor, a.role, a.regionCode)) throw new AppError('forbidden');
    if (a.userId === ctx.actor.userId && a.role === 'platformAdmin') throw new AppError('invalidInput', 'staff.errors.self');
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, a.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: ctx.actor.assignments.some((x) => x.role === 'platformAdmin') ? 'platformAdmin' : 'bureauStaff',
      action: 'role.revoke',
      subjectType: 'user',
      subjectId: a.userId,
      summary: { before: { role: a.role, regionCode: a.regionCode, assignmentId: a.id } },
      requestId: ctx.requestId,
    });
  });
}
