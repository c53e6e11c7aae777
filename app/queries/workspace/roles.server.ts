import { inArray } from 'drizzle-orm';
import { organizations, regions } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';

/** Each of the actor's roles with the region or organization it is scoped to, named. */
export async function rolesWithScopes(db: Executor, actor: Actor) {
  const regionCodes = [...new Set(actor.assignments.map((a) => a.regionCode).filter((c): c is string => !!c))];
  const orgIds = [...new Set(actor.assignments.map((a) => a.organizationId).filter((c): c is string => !!c))];
  const [regionRows, orgRows] = await Promise.all([
    regionCodes.length ? db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes)) : [],
    orgIds.length
      ? db.select({ id: organizations.id, name: organizations.name, status: organizations.status }).from(organizations).where(inArray(organizations.id, orgIds))
      : [],
  ]);
  return actor.assignments.map((a) => ({
    role: a.role,
    region: regionRows.find((r) => r.code === a.regionCode) ?? null,
    org: orgRows.find((o) => o.id === a.organizationId) ?? null,
  }));
}
