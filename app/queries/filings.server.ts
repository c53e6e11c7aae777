import { and, asc, desc, eq, inArray, or, type SQL } from 'drizzle-orm';
import { filingApplications, filingSteps, regions, users } from '#db/schema';
import type { Executor } from '#db/client';
import { mergeSuggestions } from '~/domain/merge-suggestions';
import type { Actor } from '~/domain/permissions';
import type { FilingStatus } from '~/domain/filing';
import { filedOrganizationsInCommunity } from './organizations.server';
import { inSubtree } from './regions.server';
import { isUuid } from '~/domain/ids';

const listColumns = {
  id: filingApplications.id,
  name: filingApplications.name,
  status: filingApplications.status,
  regionCode: filingApplications.regionCode,
  regionName: regions.name,
  submittedAt: filingApplications.submittedAt,
  updatedAt: filingApplications.updatedAt,
  revision: filingApplications.revision,
};

export async function applicationsOf(db: Executor, userId: string) {
  return db
    .select(listColumns)
    .from(filingApplications)
    .innerJoin(regions, eq(regions.code, filingApplications.regionCode))
    .where(eq(filingApplications.applicantUserId, userId))
    .orderBy(desc(filingApplications.updatedAt));
}

/**
 * What each staff role has to act on: committees see submitted applications of their community,
 * stations see passed ones of their street, bureaus see everything open in their subtree.
 * Undefined when the actor reviews nothing.
 */
export function reviewCondition(actor: Actor): SQL | undefined {
  const parts: SQL[] = [];
  const open: FilingStatus[] = ['submitted', 'returned', 'firstReviewPassed'];
  for (const a of actor.assignments) {
    if (!a.regionCode) continue;
    const inScope = inSubtree(filingApplications.regionCode, a.regionCode);
    if (a.role === 'committeeStaff') parts.push(and(inScope, eq(filingApplications.status, 'submitted'))!);
    if (a.role === 'stationStaff') parts.push(and(inScope, eq(filingApplications.status, 'firstReviewPassed'))!);
    if (a.role === 'bureauStaff') parts.push(and(inScope, inArray(filingApplications.status, open))!);
  }
  if (actor.assignments.some((a) => a.role === 'platformAdmin')) parts.push(inArray(filingApplications.status, open));
  return parts.length ? or(...parts) : undefined;
}

export async function reviewQueue(db: Executor, actor: Actor) {
  const condition = reviewCondition(actor);
  if (!condition) return [];
  return db
    .select(listColumns)
    .from(filingApplications)
    .innerJoin(regions, eq(regions.code, filingApplications.regionCode))
    .where(condition)
    .orderBy(asc(filingApplications.submittedAt))
    .limit(200);
}

/** Recently decided applications in the actor's scope, for the record. */
export async function recentDecisions(db: Executor, actor: Actor) {
  const scopes = actor.assignments.filter((a) => a.regionCode && ['committeeStaff', 'stationStaff', 'bureauStaff'].includes(a.role));
  if (!scopes.length) return [];
  return db
    .select(listColumns)
    .from(filingApplications)
    .innerJoin(regions, eq(regions.code, filingApplications.regionCode))
    .where(
      and(
        or(...scopes.map((a) => inSubtree(filingApplications.regionCode, a.regionCode!))),
        inArray(filingApplications.status, ['filed', 'rejected', 'withdrawn']),
      ),
    )
    .orderBy(desc(filingApplications.updatedAt))
    .limit(20);
}

export async function getApplication(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [app] = await db.select().from(filingApplications).where(eq(filingApplications.id, id));
  return app ?? null;
}

export async function applicationTimeline(db: Executor, id: string) {
  return db
    .select({
      id: filingSteps.id,
      action: filingSteps.action,
      actorRole: filingSteps.actorRole,
      actorName: users.displayName,
      reason: filingSteps.reason,
      revision: filingSteps.revision,
      at: filingSteps.at,
    })
    .from(filingSteps)
    .leftJoin(users, eq(users.id, filingSteps.actorUserId))
    .where(eq(filingSteps.applicationId, id))
    .orderBy(asc(filingSteps.at), asc(filingSteps.id));
}

/** §4.2: similar filed organizations in the same community, to guide a merge. */
export async function mergeSuggestionsFor(db: Executor, app: { name: string; regionCode: string; serviceCategories: string[] }, communityName: string) {
  const filed = await filedOrganizationsInCommunity(db, app.regionCode);
  return mergeSuggestions(app, filed, communityName);
}
