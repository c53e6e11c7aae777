import { and, asc, desc, eq, gte, inArray, like, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { awards, bids, organizations, panelMembers, projectAmendments, projectCriteria, projects, rankings, regions, scores, users } from '#db/schema';

const purchaserRegions = alias(regions, 'purchaser_regions');
import type { Executor } from '#db/client';
import { can, decide, type Actor } from '~/domain/permissions';
import type { Reason } from '~/domain/ranking';
import { AppError } from '~/lib/errors';
import { inSubtree, regionPath } from './regions.server';
import { containsPattern } from '~/lib/like';
import { projectResource } from '~/domain/project';
import { bidOpenToOthers } from '~/domain/bid';
import { isUuid } from '~/domain/ids';

export interface LibraryFilters {
  q?: string;
  region?: string;
  category?: string;
  status?: string;
  minFen?: number;
  maxFen?: number;
  purchaser?: string;
  page: number;
  pageSize: number;
}

const PUBLIC_STATUSES = ['published', 'biddingClosed', 'evaluating', 'ranked', 'publicNotice', 'awarded', 'cancelled', 'failed'] as const;

/** The open library: every project past draft, filtered, soonest deadline first. */
export async function searchProjects(db: Executor, f: LibraryFilters) {
  const where: SQL[] = [inArray(projects.status, [...PUBLIC_STATUSES])];
  if (f.status) where.push(eq(projects.status, f.status as (typeof PUBLIC_STATUSES)[number]));
  if (f.region && f.region !== '61') where.push(inSubtree(projects.regionCode, f.region));
  if (f.category) where.push(sql`${projects.serviceCategories} @> ARRAY[${f.category}]::text[]`);
  if (f.minFen !== undefined) where.push(gte(projects.budgetFen, f.minFen));
  if (f.maxFen !== undefined) where.push(lte(projects.budgetFen, f.maxFen));
  if (f.purchaser) where.push(inSubtree(projects.purchaserRegionCode, f.purchaser));
  if (f.q) where.push(like(projects.title, containsPattern(f.q)));
  const condition = and(...where);
  const published = (t: { status: typeof projects.status }) => desc(sql`${t.status} = 'published'`);
  // The page's ids first, from the covering index alone (projects_library_cover_idx), then its rows.
  const page = db
    .select({ id: projects.id })
    .from(projects)
    .where(condition)
    .orderBy(published(projects), asc(projects.bidDeadline), asc(projects.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .as('library_page');
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: projects.id,
        title: projects.title,
        status: projects.status,
        budgetFen: projects.budgetFen,
        bidDeadline: projects.bidDeadline,
        regionName: regions.name,
        purchaserRole: projects.purchaserRole,
        purchaserRegionCode: projects.purchaserRegionCode,
        purchaserRegionName: purchaserRegions.name,
        serviceCategories: projects.serviceCategories,
      })
      .from(page)
      .innerJoin(projects, eq(projects.id, page.id))
      .innerJoin(regions, eq(regions.code, projects.regionCode))
      .innerJoin(purchaserRegions, eq(purchaserRegions.code, projects.purchaserRegionCode))
      .orderBy(published(projects), asc(projects.bidDeadline), asc(projects.id)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(projects)
      .where(condition),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export async function getProject(db: Executor, id: string) {
  if (!isUuid(id)) return null;
  const [project] = await db.select().from(projects).where(eq(projects.id, id));
  if (!project) return null;
  const [criteria, amendments, purchaserPath, path, supplier] = await Promise.all([
    db.select().from(projectCriteria).where(eq(projectCriteria.projectId, id)).orderBy(asc(projectCriteria.position)),
    project.amendmentCount
      ? db.select().from(projectAmendments).where(eq(projectAmendments.projectId, id)).orderBy(asc(projectAmendments.number))
      : Promise.resolve([] as (typeof projectAmendments.$inferSelect)[]),
    regionPath(db, project.purchaserRegionCode),
    regionPath(db, project.regionCode),
    project.singleSourceOrganizationId
      ? db
          .select({ id: organizations.id, name: organizations.name, uscc: organizations.uscc })
          .from(organizations)
          .where(eq(organizations.id, project.singleSourceOrganizationId))
      : Promise.resolve([]),
  ]);
  return {
    project,
    criteria,
    amendments,
    purchaserRegionName: purchaserPath.at(-1)?.name ?? '',
    regionName: path.at(-1)?.name ?? '',
    /** A single-source purchase's named supplier (public with the project: it is the purchase's notice). */
    singleSource: supplier[0] ?? null,
  };
}

/**
 * Reads one bid's full content, or refuses. The bidding organization may always read its own bids.
 * Anyone else only once the bids were opened (bidding closed at its deadline) and only a live bid:
 * then the purchaser and the active panel. Not evaluators off the panel, not a platform administrator;
 * and never the bids of a project cancelled before its opening, nor withdrawn or replaced versions.
 */
export async function readBid(db: Executor, actor: Actor | null, bidId: string) {
  if (!isUuid(bidId)) throw new AppError('notFound');
  const [row] = await db.select({ bid: bids, project: projects }).from(bids).innerJoin(projects, eq(projects.id, bids.projectId)).where(eq(bids.id, bidId));
  if (!row) throw new AppError('notFound');
  const own = actor?.assignments.some((a) => (a.role === 'orgAdmin' || a.role === 'orgMember') && a.organizationId === row.bid.organizationId);
  if (own) return row.bid;
  if (!actor || !bidOpenToOthers(row.project, row.bid)) throw new AppError('forbidden', 'bid.errors.sealed');
  if (can(actor, 'project:manage', projectResource(row.project))) return row.bid;
  const [member] = await db
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.projectId, row.project.id), eq(panelMembers.evaluatorUserId, actor.userId), eq(panelMembers.status, 'active')));
  if (member && decide(actor, 'evaluation:score').allowed) return row.bid;
  throw new AppError('forbidden', 'bid.errors.sealed');
}

/** The bids an actor's organizations have on a project (their own, always readable). */
export async function ownBids(db: Executor, actor: Actor, projectId: string) {
  const orgIds = actor.assignments.filter((a) => a.role === 'orgAdmin' || a.role === 'orgMember').map((a) => a.organizationId!);
  if (!orgIds.length) return [];
  return db
    .select({ bid: bids, orgName: organizations.name })
    .from(bids)
    .innerJoin(organizations, eq(organizations.id, bids.organizationId))
    .where(and(eq(bids.projectId, projectId), inArray(bids.organizationId, orgIds), eq(bids.status, 'submitted')));
}

/**
 * What a bidder must hear about its live bids: a project cancelled before its opening (the bid stays
 * sealed for good and may be withdrawn), or a material amendment after the bid was handed in (check
 * it, and replace it if needed). Newest first.
 */
export async function bidderNotices(db: Executor, actor: Actor, projectId?: string) {
  const orgIds = actor.assignments.filter((a) => a.role === 'orgAdmin' || a.role === 'orgMember').map((a) => a.organizationId!);
  if (!orgIds.length) return [];
  const lastMaterial = db
    .select({
      projectId: projectAmendments.projectId,
      number: sql<number>`max(${projectAmendments.number})`.as('number'),
      at: sql<Date>`max(${projectAmendments.at})`.as('at'),
    })
    .from(projectAmendments)
    .where(eq(projectAmendments.material, true))
    .groupBy(projectAmendments.projectId)
    .as('last_material');
  const rows = await db
    .select({
      bidId: bids.id,
      organizationId: bids.organizationId,
      orgName: organizations.name,
      submittedAt: bids.submittedAt,
      projectId: projects.id,
      title: projects.title,
      status: projects.status,
      closedAt: projects.closedAt,
      bidDeadline: projects.bidDeadline,
      amendmentNumber: lastMaterial.number,
      amendedAt: lastMaterial.at,
    })
    .from(bids)
    .innerJoin(projects, eq(projects.id, bids.projectId))
    .innerJoin(organizations, eq(organizations.id, bids.organizationId))
    .leftJoin(lastMaterial, eq(lastMaterial.projectId, bids.projectId))
    .where(
      and(
        inArray(bids.organizationId, orgIds),
        eq(bids.status, 'submitted'),
        projectId ? eq(bids.projectId, projectId) : undefined,
        sql`((${projects.status} = 'cancelled' AND ${projects.closedAt} IS NULL) OR (${projects.status} = 'published' AND ${lastMaterial.at} > ${bids.submittedAt}))`,
      ),
    )
    .orderBy(desc(projects.updatedAt));
  return rows.map((r) =>
    r.status === 'cancelled'
      ? { kind: 'cancelledSealed' as const, bidId: r.bidId, organizationId: r.organizationId, orgName: r.orgName, projectId: r.projectId, title: r.title }
      : {
          kind: 'amended' as const,
          bidId: r.bidId,
          organizationId: r.organizationId,
          orgName: r.orgName,
          projectId: r.projectId,
          title: r.title,
          amendment: Number(r.amendmentNumber),
          bidDeadline: r.bidDeadline.toISOString(),
        },
  );
}

/** The project this one repeats, and the one that repeats it (drafts only for their purchaser: the caller decides). */
export async function reissueLinks(db: Executor, project: { id: string; reissueOf: string | null }) {
  const [previous, next] = await Promise.all([
    project.reissueOf
      ? db.select({ id: projects.id, title: projects.title, status: projects.status }).from(projects).where(eq(projects.id, project.reissueOf))
      : Promise.resolve([]),
    db.select({ id: projects.id, title: projects.title, status: projects.status }).from(projects).where(eq(projects.reissueOf, project.id)),
  ]);
  return { reissueOf: previous[0] ?? null, reissuedAs: next[0] ?? null };
}

/** After the deadline: the live bids with organizations, for the purchaser and panel (content included). */
export async function bidsAfterClose(db: Executor, projectId: string) {
  return db
    .select({ bid: bids, orgName: organizations.name, orgKind: organizations.kind })
    .from(bids)
    .innerJoin(organizations, eq(organizations.id, bids.organizationId))
    .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')))
    .orderBy(asc(bids.submittedAt));
}

export async function bidCount(db: Executor, projectId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')));
  return row?.n ?? 0;
}

/** The ranking with organizations, prices and totals (public once in notice); plans are never here. */
export async function rankingView(db: Executor, projectId: string) {
  const rows = await db
    .select({
      bidId: rankings.bidId,
      rank: rankings.rank,
      totalHundredths: rankings.totalHundredths,
      preferred: rankings.preferred,
      reasons: rankings.reasons,
      priceFen: bids.priceFen,
      organizationId: bids.organizationId,
      orgName: organizations.name,
      orgKind: organizations.kind,
      ineligibleReason: bids.ineligibleReason,
    })
    .from(rankings)
    .innerJoin(bids, eq(bids.id, rankings.bidId))
    .innerJoin(organizations, eq(organizations.id, bids.organizationId))
    .where(eq(rankings.projectId, projectId))
    .orderBy(sql`${rankings.rank} asc nulls last`);
  return rows.map((r) => ({ ...r, reasons: r.reasons as Reason[] }));
}

export async function panelView(db: Executor, projectId: string) {
  return db
    .select({
      userId: panelMembers.evaluatorUserId,
      name: users.displayName,
      status: panelMembers.status,
      recusalReason: panelMembers.recusalReason,
      submittedAt: panelMembers.submittedAt,
    })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.evaluatorUserId))
    .where(eq(panelMembers.projectId, projectId))
    .orderBy(asc(panelMembers.addedAt));
}

export async function awardsOf(db: Executor, projectId: string) {
  return db
    .select({ award: awards, orgName: organizations.name })
    .from(awards)
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .where(eq(awards.projectId, projectId))
    .orderBy(asc(awards.awardedAt));
}

/** An evaluator's own scores on a project (drafts or submitted), to refill the scoring grid. */
export async function scoresOf(db: Executor, projectId: string, evaluatorUserId: string) {
  return db
    .select({ bidId: scores.bidId, criterionId: scores.criterionId, pointsHundredths: scores.pointsHundredths, comment: scores.comment })
    .from(scores)
    .where(and(eq(scores.projectId, projectId), eq(scores.evaluatorUserId, evaluatorUserId)));
}
