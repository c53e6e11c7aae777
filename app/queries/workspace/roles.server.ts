import { inArray } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { regionPath } from '../regions.server';

/** Each of the actor's roles with the region or organization it is scoped to, named (region names from the in-memory paths). */
export async function rolesWithScopes(db: Executor, actor: Actor) {
  const regionCodes = [...new Set(actor.assignments.map((a) => a.regionCode).filter((c): c is string => !!c))];
  const orgIds = [...new Set(actor.assignments.map((a) => a.organizationId).filter((c): c is string => !!c))];
  const [paths, orgRows] = await Promise.all([
    Promise.all(regionCodes.map((code) => regionPath(db, code))),
    orgIds.length
      ? db.select({ id: organizations.id, name: organizations.name, status: organizations.status }).from(organizations).where(inArray(organizations.id, orgIds))
      : [],
  ]);
  const regionRows = paths
    .map((p) => p.at(-1))
    .filter((r) => !!r && regionCodes.includes(r.code))
    .map((r) => ({ code: r!.code, name: r!.name }));
  return actor.assignments.map((a) => ({
    role: a.role,
    region: regionRows.find((r) => r.code === a.regionCode) ?? null,
    org: orgRows.find((o) => o.id === a.organizationId) ?? null,
  }));
}
