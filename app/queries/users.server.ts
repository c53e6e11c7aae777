import { and, asc, eq, inArray } from 'drizzle-orm';
import { organizations, regions, roleAssignments, users } from '#db/schema';
import type { Executor } from '#db/client';
import { parseIdentifier } from '~/domain/account';

export async function findUserByIdentifier(db: Executor, raw: string) {
  const id = parseIdentifier(raw);
  if (!id) return null;
  const [user] = await db
    .select({ id: users.id, displayName: users.displayName, email: users.email, mobile: users.mobile })
    .from(users)
    .where(id.kind === 'email' ? eq(users.email, id.value) : eq(users.mobile, id.value));
  return user ?? null;
}

/** A user's role assignments with the region or organization named. */
export async function assignmentsOf(db: Executor, userId: string) {
  const rows = await db.select().from(roleAssignments).where(eq(roleAssignments.userId, userId)).orderBy(asc(roleAssignments.createdAt));
  const codes = rows.map((r) => r.regionCode).filter((c): c is string => !!c);
  const orgIds = rows.map((r) => r.organizationId).filter((c): c is string => !!c);
  const [rs, os] = await Promise.all([
    codes.length ? db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : [],
    orgIds.length ? db.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, orgIds)) : [],
  ]);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    regionCode: r.regionCode,
    regionName: rs.find((x) => x.code === r.regionCode)?.name ?? null,
    organizationId: r.organizationId,
    organizationName: os.find((x) => x.id === r.organizationId)?.name ?? null,
  }));
}

export async function organizationMembers(db: Executor, organizationId: string) {
  return db
    .select({
      assignmentId: roleAssignments.id,
      role: roleAssignments.role,
      userId: users.id,
      displayName: users.displayName,
      email: users.email,
      mobile: users.mobile,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(and(eq(roleAssignments.organizationId, organizationId), inArray(roleAssignments.role, ['orgAdmin', 'orgMember'])))
    .orderBy(asc(roleAssignments.role), asc(users.displayName));
}
