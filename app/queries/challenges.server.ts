import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { bids, organizations, projectChallenges, rankings } from '#db/schema';
import type { Executor } from '#db/client';
import { answerOverdue, challengeCapabilities, challengeHold, challengeWindowClosesAt, type ChallengeMatter, type ChallengeOutcome } from '~/domain/challenge';
import type { Actor } from '~/domain/permissions';
import { workCalendarOf } from './calendar.server';

const NO_FILER = { organizationId: null, bidder: false, hasOpen: false };

interface ChallengeProjectRow {
  id: string;
  status: string;
  regionCode: string;
  purchaserRole: string;
  purchaserRegionCode: string;
  noticeStartedAt: Date | null;
  noticeEndsAt: Date | null;
}

/**
 * The project's challenges (质疑) as each reader may see them. No query here selects who challenged
 * (`organizationId`, `filedBy`): it only asks whether a challenge is one of the reader's own
 * organizations'. Answered challenges are public (matter, reasons, answer, outcome, remedy, dates);
 * unanswered ones, and the evidence, go to the purchaser and to the organization that filed them.
 */
export async function challengesView(
  db: Executor,
  actor: Actor | null,
  project: ChallengeProjectRow,
  o: { isPurchaser: boolean; adminOf: string[]; at: Date },
) {
  const cal = await workCalendarOf(db);
  const closesAt = challengeWindowClosesAt(cal, project.noticeStartedAt, project.noticeEndsAt);
  const own = o.adminOf.length ? sql<boolean>`${inArray(projectChallenges.organizationId, o.adminOf)}` : sql<boolean>`false`;
  const [rows, bidding] = await Promise.all([
    db
      .select({
        id: projectChallenges.id,
        matter: projectChallenges.matter,
        // The organization whose bid's ranking is challenged (public, like the ranking), never the challenger.
        rankingOf: organizations.name,
        reasons: projectChallenges.reasons,
        evidence: projectChallenges.evidence,
        filedAt: projectChallenges.filedAt,
        answerDueAt: projectChallenges.answerDueAt,
        status: projectChallenges.status,
        answer: projectChallenges.answer,
        outcome: projectChallenges.outcome,
        remedy: projectChallenges.remedy,
        answeredAt: projectChallenges.answeredAt,
        own,
      })
      .from(projectChallenges)
      .leftJoin(bids, eq(bids.id, projectChallenges.bidId))
      .leftJoin(organizations, eq(organizations.id, bids.organizationId))
      .where(eq(projectChallenges.projectId, project.id))
      .orderBy(asc(projectChallenges.filedAt)),
    // The reader's organizations that bid on the project (a bid that took part, eligible or not).
    o.adminOf.length
      ? db
          .select({ organizationId: bids.organizationId })
          .from(bids)
          .where(and(eq(bids.projectId, project.id), eq(bids.status, 'submitted'), inArray(bids.organizationId, o.adminOf)))
      : [],
  ]);
  const filerOrg = bidding[0]?.organizationId ?? null;
  const caps = challengeCapabilities(
    actor,
    project,
    { closesAt, filer: { organizationId: filerOrg, bidder: !!filerOrg, hasOpen: rows.some((r) => r.own && r.status === 'open') } },
    o.at,
  );
  const ranked = caps.fileChallenge.allowed
    ? await db
        .select({ id: rankings.bidId, orgName: organizations.name, rank: rankings.rank })
        .from(rankings)
        .innerJoin(bids, eq(bids.id, rankings.bidId))
        .innerJoin(organizations, eq(organizations.id, bids.organizationId))
        .where(eq(rankings.projectId, project.id))
        .orderBy(sql`${rankings.rank} asc nulls last`)
    : [];
  const openCount = rows.filter((r) => r.status === 'open').length;
  const hold = o.isPurchaser && project.status === 'publicNotice' ? challengeHold(closesAt, openCount, o.at) : null;
  const list = rows
    .filter((r) => r.status === 'answered' || o.isPurchaser || r.own)
    .map((r) => ({
      id: r.id,
      matter: r.matter as ChallengeMatter,
      rankingOf: r.rankingOf,
      reasons: r.reasons,
      /** The evidence stays between the purchaser and the challenger. */
      evidence: o.isPurchaser || r.own ? r.evidence : null,
      filedAt: r.filedAt.toISOString(),
      answerDueAt: r.answerDueAt.toISOString(),
      overdue: answerOverdue({ status: r.status, answerDueAt: r.answerDueAt }, o.at),
      status: r.status,
      answer: r.answer,
      outcome: r.outcome as ChallengeOutcome | null,
      remedy: r.remedy,
      answeredAt: r.answeredAt?.toISOString() ?? null,
      own: !!r.own,
      mayAnswer: challengeCapabilities(actor, project, { closesAt, filer: NO_FILER, challenge: r }, o.at).answerChallenge.allowed,
    }));
  if (!closesAt && !rows.length) return null;
  return {
    closesAt: closesAt?.toISOString() ?? null,
    windowOpen: !!closesAt && project.status === 'publicNotice' && o.at < closesAt,
    list,
    /** Unanswered challenges, counted for everyone (the award waits for them); who filed them is not said. */
    openCount,
    /** The purchaser's: why the award still waits. */
    hold: hold
      ? { kind: hold.key === 'challenge.errors.windowRunning' ? ('window' as const) : ('open' as const), at: closesAt?.toISOString() ?? null, n: openCount }
      : null,
    /** A bidder's administrator: filing for its organization, against one of the ranked bids or none. */
    file: caps.fileChallenge.allowed ? { organizationId: filerOrg!, bids: ranked.map((b) => ({ id: b.id, orgName: b.orgName })) } : null,
  };
}
export type ChallengesView = NonNullable<Awaited<ReturnType<typeof challengesView>>>;
