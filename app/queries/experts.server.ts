import { and, asc, eq, inArray, or } from 'drizzle-orm';
import { expertProfiles, expertRelations, organizations, roleAssignments, users } from '#db/schema';
import type { Executor } from '#db/client';

/** The pool as its keepers read it: every account with the evaluator role, listed or not, by name. */
export async function expertPool(db: Executor) {
  const rows = await db
    .selectDistinct({
      userId: users.id,
      name: users.displayName,
      listed: expertProfiles.userId,
      specialties: expertProfiles.specialties,
      regionCode: expertProfiles.regionCode,
      employerName: expertProfiles.employerName,
      employerOrg: organizations.name,
      active: expertProfiles.active,
    })
    .from(users)
    .innerJoin(roleAssignments, and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, 'evaluator')))
    .leftJoin(expertProfiles, eq(expertProfiles.userId, users.id))
    .leftJoin(organizations, eq(organizations.id, expertProfiles.employerOrganizationId))
    .orderBy(asc(users.displayName));
  const relations = rows.length
    ? await db
        .select({ userId: expertRelations.expertUserId, orgName: organizations.name })
        .from(expertRelations)
        .innerJoin(organizations, eq(organizations.id, expertRelations.organizationId))
        .where(
          inArray(
            expertRelations.expertUserId,
            rows.map((r) => r.userId),
          ),
        )
    : [];
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    listed: !!r.listed,
    specialties: r.specialties ?? [],
    regionCode: r.regionCode,
    employer: r.employerOrg ?? r.employerName,
    active: r.active ?? false,
    relations: relations.filter((x) => x.userId === r.userId).map((x) => x.orgName),
  }));
}

/** One expert (an account with the evaluator role) with their profile and relations, or null. */
export async function expertOf(db: Executor, userId: string) {
  const [user] = await db
    .selectDistinct({ id: users.id, name: users.displayName })
    .from(users)
    .innerJoin(roleAssignments, and(eq(roleAssignments.userId, users.id), eq(roleAssignments.role, 'evaluator')))
    .where(eq(users.id, userId));
  if (!user) return null;
  const [profile] = await db.select().from(expertProfiles).where(eq(expertProfiles.userId, userId));
  const relations = await db
    .select({ organizationId: expertRelations.organizationId, note: expertRelations.note })
    .from(expertRelations)
    .where(eq(expertRelations.expertUserId, userId))
    .orderBy(asc(expertRelations.declaredAt));
  return { user, profile: profile ?? null, relations };
}

/**
 * Organizations to choose an employer or a relation from: the active ones (by name, at most 500, a
 * select stays usable) and any the expert already names.
 */
export async function organizationChoices(db: Executor, named: string[]) {
  return db
    .select({ id: organizations.id, name: organizations.name })
    .from(organizations)
    .where(named.length ? or(eq(organizations.status, 'active'), inArray(organizations.id, named)) : eq(organizations.status, 'active'))
    .orderBy(asc(organizations.name))
    .limit(500);
}
