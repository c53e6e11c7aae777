import { and, asc, desc, eq, gt, gte, inArray, notExists, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { awards, bids, biddingBans, organizations, projects, rankings } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { ineligibility, PROJECT_TRANSITIONS, rankingPublic, type ProjectStatus } from '~/domain/project';
import { parentCode } from '~/domain/region-code';
import { inSubtree } from '../regions.server';
import { contractCountQueries, contractTasks, put, type Buckets } from './contracts.server';
import { administeredOrgs, memberOrgs } from './scope';
import { LIST_LIMIT, type Label } from './types';

/**
 * The workspace of an organization's people (policy §3.4): the open projects that fit it (its service
 * categories, its region as the project's eligibility reads it), its bids and how they ended, and
 * for its administrators the payee's side of its contracts (drafts to confirm, milestones due in the
 * next 30 days, returned deliverables, amendments to answer). Per organization; only its own bids,
 * which it may always read (`readBid`).
 */

export interface OrgFacts {
  id: string;
  name: string;
  kind: string;
  legalStatus: string;
  status: string;
  regionCode: string;
  serviceCategories: string[];
}

const BIDDING = PROJECT_TRANSITIONS.close.from;

/** The regions above a region (its street, county, city, province). */
function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (let c = parentCode(code); c; c = parentCode(c)) out.push(c);
  return out;
}

/**
 * Open projects that may fit the organization, as the library filters (region codes by prefix,
 * categories by array operators): bidding open, a category in common, and a project region the
 * organization lies in or that lies in the organization's, or a project open to any region; not yet
 * bid for. `ineligibility` then decides each one (a restricted project's region included).
 */
function openProjectsWhere(db: Executor, org: OrgFacts, now: Date): SQL {
  const above = ancestorsOf(org.regionCode);
  // Three arms, each on an index: the regions above (projects_library_cover_idx), the region's own
  // subtree (the same), and the projects open to any region (projects_open_anywhere_idx).
  const where = or(
    ...(above.length ? [inArray(projects.regionCode, above)] : []),
    inSubtree(projects.regionCode, org.regionCode),
    eq(projects.regionRestricted, false),
  );
  return and(
    inArray(projects.status, BIDDING),
    gt(projects.bidDeadline, now),
    sql`${projects.serviceCategories} && ${sql.param(org.serviceCategories)}::text[]`,
    where,
    notExists(
      db
        .select({ one: sql`1` })
        .from(bids)
        .where(and(eq(bids.projectId, projects.id), eq(bids.organizationId, org.id), eq(bids.status, 'submitted'))),
    ),
  )!;
}

/** How a live bid stands: sealed until the opening, then evaluated, ranked (public from the notice), won or not. */
function bidLabel(b: { title: string; status: ProjectStatus; rank: number | null; awardedTo: string | null; organizationId: string }): Label {
  const title = { title: b.title };
  if (BIDDING.includes(b.status)) return { key: 'workspace.item.bidSealed', params: title };
  if (b.status === 'cancelled') return { key: 'workspace.item.bidCancelled', params: title };
  if (b.status === 'failed') return { key: 'workspace.item.bidFailed', params: title };
  if (b.awardedTo) return { key: b.awardedTo === b.organizationId ? 'workspace.item.bidWon' : 'workspace.item.bidLost', params: title };
  if (rankingPublic(b.status) && b.rank !== null) return { key: 'workspace.item.bidRanked', params: { ...title, rank: b.rank } };
  return { key: 'workspace.item.bidEvaluating', params: title };
}

export interface OrgSection {
  org: OrgFacts;
  /** The person administers it (acts on bids and contracts) or is a member (follows). */
  admin: boolean;
}

/** The person's organizations and what waits for each (keyed by organization id). `today` is the date in China. */
export async function organizationWorkspace(
  db: Executor,
  actor: Actor,
  now: Date,
  today: string,
): Promise<{ orgs: OrgSection[]; buckets: Buckets; bidTotals: Map<string, number> }> {
  const ids = memberOrgs(actor);
  const admin = administeredOrgs(actor);
  const bidTotals = new Map<string, number>();
  if (!ids.length) return { orgs: [], buckets: new Map(), bidTotals };
  const [orgs, bans, buckets] = await Promise.all([
    db
      .select({
        id: organizations.id,
        name: organizations.name,
        kind: organizations.kind,
        legalStatus: organizations.legalStatus,
        status: organizations.status,
        regionCode: organizations.regionCode,
        serviceCategories: organizations.serviceCategories,
      })
      .from(organizations)
      .where(inArray(organizations.id, ids))
      .orderBy(asc(organizations.name)),
    db
      .select({ organizationId: biddingBans.organizationId, until: sql<string>`max(${biddingBans.until})` })
      .from(biddingBans)
      .where(and(inArray(biddingBans.organizationId, ids), gte(biddingBans.until, today)))
      .groupBy(biddingBans.organizationId),
    admin.length ? contractTasks(db, { side: 'payee', organizationIds: admin }, today) : Promise.resolve<Buckets>(new Map()),
  ]);

  await Promise.all(
    orgs.map(async (org) => {
      const [open, mine] = await Promise.all([
        db
          .select({
            id: projects.id,
            title: projects.title,
            bidDeadline: projects.bidDeadline,
            singleSourceOrganizationId: projects.singleSourceOrganizationId,
            purchaserRole: projects.purchaserRole,
            fundingSource: projects.fundingSource,
            allowedLegalStatuses: projects.allowedLegalStatuses,
            allowedKinds: projects.allowedKinds,
            regionRestricted: projects.regionRestricted,
            regionCode: projects.regionCode,
          })
          .from(projects)
          .where(openProjectsWhere(db, org, now))
          .orderBy(asc(projects.bidDeadline), asc(projects.id)),
        db
          .select({
            projectId: projects.id,
            title: projects.title,
            status: projects.status,
            bidDeadline: projects.bidDeadline,
            organizationId: bids.organizationId,
            rank: rankings.rank,
            awardedTo: awards.organizationId,
            total: sql<number>`count(*) OVER ()`.mapWith(Number),
          })
          .from(bids)
          .innerJoin(projects, eq(projects.id, bids.projectId))
          .leftJoin(rankings, and(eq(rankings.projectId, bids.projectId), eq(rankings.bidId, bids.id)))
          .leftJoin(awards, and(eq(awards.projectId, bids.projectId), eq(awards.status, 'awarded')))
          .where(and(eq(bids.organizationId, org.id), eq(bids.status, 'submitted')))
          .orderBy(desc(bids.submittedAt))
          .limit(LIST_LIMIT),
      ]);
      const banned = bans.find((b) => b.organizationId === org.id)?.until ?? null;
      for (const p of open) {
        if (ineligibility(p, org, banned, today)) continue;
        put(buckets, org.id, 'openProjects', {
          label: { key: 'workspace.item.openProject', params: { title: p.title } },
          due: p.bidDeadline.toISOString(),
          href: `/projects/${p.id}`,
        });
      }
      for (const b of mine) {
        put(buckets, org.id, 'bids', {
          label: bidLabel(b),
          due: BIDDING.includes(b.status) ? b.bidDeadline.toISOString() : null,
          href: `/projects/${b.projectId}`,
        });
      }
      // The page shows the newest bids; how many there are in all comes with them.
      if (mine.length) bidTotals.set(org.id, mine[0]!.total);
    }),
  );
  return { orgs: orgs.map((org) => ({ org, admin: admin.includes(org.id) })), buckets, bidTotals };
}

/** The count queries of the organizations' tasks (their contracts' payee side), to be summed. */
export function organizationCountQueries(db: Executor, actor: Actor, today: string): SQLWrapper[] {
  const admin = administeredOrgs(actor);
  return admin.length ? contractCountQueries(db, { side: 'payee', organizationIds: admin }, today) : [];
}
