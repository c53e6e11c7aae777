import { and, count, eq, exists, gt, inArray, isNotNull, isNull, lte, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { contracts, filingApplications, panelMembers, projectChallenges, projectQuestions, projects } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { PROJECT_TRANSITIONS, type ProjectStatus } from '~/domain/project';
import { projectCapabilities } from '~/domain/project-capabilities';
import { CHALLENGE_TRANSITIONS, challengeHold, challengeWindowClosesAt } from '~/domain/challenge';
import { clarificationCapabilities } from '~/domain/clarification';
import { chinaDateOf, signingDeadline } from '~/domain/contract-document';
import { workCalendarOf } from '../calendar.server';
import { reviewCondition, reviewQueue } from '../filings.server';
import { contractCountQueries, contractTasks, put, type Buckets } from './contracts.server';
import { unitKey, unitsOf, type Unit } from './scope';
import { byDue, listOf, type ListId, type WorkItem, type WorkList } from './types';

/**
 * The workspace of a purchasing unit's staff (bureaus, street stations, community committees; policy
 * §3.4): its projects from draft to contract, the challenges and questions to answer, the payer's
 * side of its contracts, and for committees and stations the filing applications to review (§4.2).
 * A unit is a role at one region, as `project:manage` reads it: a city bureau does not see a county's
 * drafts. Nothing sealed: no bid, bidder or price of a project is read here.
 */

// Which step waits in which state: the states the transition table allows each step from.
const DRAFT = PROJECT_TRANSITIONS.publish.from;
const BIDDING = PROJECT_TRANSITIONS.close.from;
const TO_EVALUATE = PROJECT_TRANSITIONS.startEvaluation.from;
const EVALUATING = PROJECT_TRANSITIONS.rank.from;
const TO_NOTICE = PROJECT_TRANSITIONS.startNotice.from;
const IN_NOTICE = PROJECT_TRANSITIONS.award.from;
/** The state a live award is in (a decline leaves it). */
const AWARDED = PROJECT_TRANSITIONS.decline.from;
const FOLLOWED: readonly ProjectStatus[] = [...DRAFT, ...BIDDING, ...TO_EVALUATE, ...EVALUATING, ...TO_NOTICE, ...IN_NOTICE];

/** The projects of these units (or of every unit: null). */
function ofUnits(units: Unit[] | null): SQL | undefined {
  if (!units) return undefined;
  return units.length ? or(...units.map((u) => and(eq(projects.purchaserRole, u.role), eq(projects.purchaserRegionCode, u.regionCode)))) : sql`false`;
}

/**
 * How many live main contracts a project has, as `contractOfProject` finds them: an awarded project
 * without one has a contract to draft. A count, not an EXISTS: under the OR below PostgreSQL would make
 * an EXISTS a hashed subplan reading every contract of the province; a correlated count looks each
 * awarded project of the unit up on contracts_project_idx.
 */
const liveContracts = (db: Executor) =>
  db
    .select({ n: count() })
    .from(contracts)
    .where(and(eq(contracts.projectId, projects.id), isNull(contracts.parentContractId), ne(contracts.status, 'terminated')));

/** The projects a unit follows: every state from draft to notice, and awarded ones still without a contract. */
function followedWhere(db: Executor, units: Unit[] | null): SQL {
  return and(ofUnits(units), or(inArray(projects.status, FOLLOWED), and(inArray(projects.status, AWARDED), sql`(${liveContracts(db)}) = 0`)))!;
}

/** Of those, the ones waiting for the unit's step (the lists marked task below). */
function stepWhere(now: Date): SQL {
  return or(
    inArray(projects.status, [...DRAFT, ...TO_EVALUATE, ...TO_NOTICE, ...AWARDED]),
    and(inArray(projects.status, IN_NOTICE), or(isNull(projects.noticeEndsAt), lte(projects.noticeEndsAt, now))),
  )!;
}

/** Challenges waiting for the unit's written answer (within 7 working days, 94号令 §13). */
function challengesWhere(units: Unit[] | null): SQL {
  return and(ofUnits(units), inArray(projectChallenges.status, CHALLENGE_TRANSITIONS.answer.from))!;
}

/** How many rows of a table a condition finds (a correlated count, for the select list). */
const countOf = (db: Executor, table: typeof projectQuestions | typeof panelMembers, where: SQL) => db.select({ n: count() }).from(table).where(where);

/** A bidder's question not yet answered on this project (who asked is never read). */
const unanswered = (db: Executor) =>
  db
    .select({ one: sql`1` })
    .from(projectQuestions)
    .where(and(eq(projectQuestions.projectId, projects.id), isNull(projectQuestions.answeredAt)));

/** Projects with questions of bidders waiting for an answer while bidding is open. */
function questionsWhere(db: Executor, units: Unit[] | null, now: Date): SQL {
  return and(ofUnits(units), inArray(projects.status, BIDDING), gt(projects.bidDeadline, now), exists(unanswered(db)))!;
}

const TASKS: ReadonlySet<ListId> = new Set([
  'drafts',
  'questions',
  'toEvaluate',
  'toNotice',
  'challenges',
  'awards',
  'toContract',
  'toConfirm',
  'consents',
  'reviews',
  'payments',
  'amendments',
  'filings',
]);
/** The order lists appear in a unit's section: what to do first, then what to follow. */
const ORDER: readonly ListId[] = [
  'challenges',
  'questions',
  'awards',
  'toContract',
  'toConfirm',
  'consents',
  'reviews',
  'payments',
  'amendments',
  'toNotice',
  'toEvaluate',
  'drafts',
  'filings',
  'bidding',
  'evaluating',
  'notices',
];

export interface UnitSection {
  unit: Unit;
  lists: WorkList[];
}

/** Each of the actor's purchasing units with what waits for it. `today` is the date in China. */
export async function purchaserWorkspace(db: Executor, actor: Actor, now: Date, today: string): Promise<UnitSection[]> {
  const units = unitsOf(actor);
  if (!units.length) return [];
  const reviewers = units.filter((u) => u.role === 'committeeStaff' || u.role === 'stationStaff');
  // Only while bidding is open: how many questions wait; only under evaluation: how the panel stands.
  const open = and(inArray(projects.status, BIDDING), gt(projects.bidDeadline, now));
  const underEvaluation = inArray(projects.status, EVALUATING);
  const [followed, challenges, contractsWaiting, filings] = await Promise.all([
    db
      .select({
        id: projects.id,
        title: projects.title,
        status: projects.status,
        regionCode: projects.regionCode,
        purchaserRole: projects.purchaserRole,
        purchaserRegionCode: projects.purchaserRegionCode,
        bidDeadline: projects.bidDeadline,
        noticeStartedAt: projects.noticeStartedAt,
        noticeEndsAt: projects.noticeEndsAt,
        awardedAt: projects.awardedAt,
        // (Correlated subqueries as query builders: they name the outer project's columns with its table.)
        questions:
          sql<number>`CASE WHEN ${open} THEN ${countOf(db, projectQuestions, and(eq(projectQuestions.projectId, projects.id), isNull(projectQuestions.answeredAt))!)} ELSE 0 END`.mapWith(
            Number,
          ),
        seated:
          sql<number>`CASE WHEN ${underEvaluation} THEN ${countOf(db, panelMembers, and(eq(panelMembers.projectId, projects.id), eq(panelMembers.status, 'active'))!)} ELSE 0 END`.mapWith(
            Number,
          ),
        submitted:
          sql<number>`CASE WHEN ${underEvaluation} THEN ${countOf(db, panelMembers, and(eq(panelMembers.projectId, projects.id), eq(panelMembers.status, 'active'), isNotNull(panelMembers.submittedAt))!)} ELSE 0 END`.mapWith(
            Number,
          ),
      })
      .from(projects)
      .where(followedWhere(db, units)),
    db
      .select({
        id: projectChallenges.id,
        projectId: projects.id,
        title: projects.title,
        matter: projectChallenges.matter,
        answerDueAt: projectChallenges.answerDueAt,
        purchaserRole: projects.purchaserRole,
        purchaserRegionCode: projects.purchaserRegionCode,
      })
      .from(projectChallenges)
      .innerJoin(projects, eq(projects.id, projectChallenges.projectId))
      .where(challengesWhere(units)),
    contractTasks(db, { side: 'payer', units, organizationIds: [] }, today),
    Promise.all(
      reviewers.map((u) => reviewQueue(db, { userId: actor.userId, assignments: [{ role: u.role, regionCode: u.regionCode, organizationId: null }] })),
    ),
  ]);

  const buckets: Buckets = contractsWaiting;
  const group = (p: { purchaserRole: string; purchaserRegionCode: string }) => unitKey({ role: p.purchaserRole, regionCode: p.purchaserRegionCode });
  const project = (p: { id: string }) => `/projects/${p.id}`;

  const openChallenges = new Map<string, number>();
  for (const c of challenges) {
    openChallenges.set(c.projectId, (openChallenges.get(c.projectId) ?? 0) + 1);
    put(buckets, group(c), 'challenges', {
      label: { key: `workspace.item.challenge.${c.matter}`, params: { title: c.title } },
      due: c.answerDueAt.toISOString(),
      href: `${project({ id: c.projectId })}#challenges-title`,
    });
  }
  // The work calendar only when an award waits (its challenge window counts working days).
  const calendar = followed.some((p) => IN_NOTICE.includes(p.status)) ? await workCalendarOf(db) : null;

  for (const p of followed) {
    const caps = projectCapabilities(actor, p, { reissued: false });
    const title = { title: p.title };
    const at = (list: ListId, key: WorkItem['label']['key'], params: WorkItem['label']['params'], due: string | null, href = project(p)) =>
      put(buckets, group(p), list, { label: { key, params }, due, href });
    if (caps.publish.allowed) at('drafts', 'workspace.item.draft', title, null);
    else if (BIDDING.includes(p.status)) {
      // Only the deadline: before the opening nothing of a bid, not even how many there are, is shown (app/domain/bid.ts).
      at('bidding', p.bidDeadline <= now ? 'workspace.item.biddingDue' : 'workspace.item.bidding', title, p.bidDeadline.toISOString());
      if (p.questions && clarificationCapabilities(actor, p, { organizationId: null }, now).answer.allowed) {
        at('questions', 'workspace.item.question', { ...title, n: p.questions }, p.bidDeadline.toISOString(), `${project(p)}#clarifications-title`);
      }
    } else if (caps.startEvaluation.allowed) at('toEvaluate', 'workspace.item.toEvaluate', title, null, `${project(p)}#panel-title`);
    else if (EVALUATING.includes(p.status)) {
      at('evaluating', 'workspace.item.evaluating', { ...title, done: p.submitted, seated: p.seated }, null);
    } else if (caps.startNotice.allowed) at('toNotice', 'workspace.item.toNotice', title, null, `${project(p)}#purchaser-title`);
    else if (caps.award.allowed) {
      if (p.noticeEndsAt && p.noticeEndsAt > now) {
        at('notices', 'workspace.item.notice', title, p.noticeEndsAt.toISOString());
      } else {
        // The notice is over; the award still waits for the challenge window and the answers (ADR 021).
        const hold = challengeHold(challengeWindowClosesAt(calendar!, p.noticeStartedAt, p.noticeEndsAt), openChallenges.get(p.id) ?? 0, now);
        const [key, params]: [WorkItem['label']['key'], WorkItem['label']['params']] = !hold
          ? ['workspace.item.award', title]
          : hold.key === 'challenge.errors.windowRunning'
            ? ['workspace.item.awardAfter', { ...title, until: String(hold.params.until) }]
            : ['workspace.item.awardHeld', { ...title, n: Number(hold.params.n) }];
        at('awards', key, params, null, `${project(p)}#purchaser-title`);
      }
    } else if (AWARDED.includes(p.status)) {
      // To be signed within 30 days of the award notice (政府采购法 §46).
      const due = p.awardedAt ? signingDeadline(chinaDateOf(p.awardedAt), today).due : null;
      at('toContract', 'workspace.item.toContract', title, due, `${project(p)}/contract/new`);
    }
  }

  reviewers.forEach((u, i) => {
    for (const f of filings[i]!) {
      put(buckets, unitKey(u), 'filings', {
        label: {
          key: u.role === 'committeeStaff' ? 'workspace.item.filingFirstReview' : 'workspace.item.filingDecide',
          params: { name: f.name, community: f.regionName },
        },
        due: null,
        href: `/filings/${f.id}`,
      });
    }
  });

  return units.map((unit) => {
    const lists = buckets.get(unitKey(unit)) ?? {};
    return { unit, lists: ORDER.flatMap((id) => listOf(id, TASKS.has(id), (lists[id] ?? []).sort(byDue))) };
  });
}

/** The count queries of the units' tasks (the same conditions as the lists marked task), to be summed. */
export function purchaserCountQueries(db: Executor, actor: Actor, now: Date, today: string): SQLWrapper[] {
  const units = unitsOf(actor);
  if (!units.length) return [];
  const n = { n: count() };
  const reviewers = units.filter((u) => u.role === 'committeeStaff' || u.role === 'stationStaff');
  const filings = reviewCondition({ userId: actor.userId, assignments: reviewers.map((u) => ({ ...u, organizationId: null })) });
  return [
    db
      .select(n)
      .from(projects)
      .where(and(followedWhere(db, units), stepWhere(now))),
    db.select(n).from(projectChallenges).innerJoin(projects, eq(projects.id, projectChallenges.projectId)).where(challengesWhere(units)),
    db
      .select(n)
      .from(projects)
      .where(questionsWhere(db, units, now)),
    ...(filings ? [db.select(n).from(filingApplications).where(filings)] : []),
    ...contractCountQueries(db, { side: 'payer', units, organizationIds: [] }, today),
  ];
}

/** The province's project queues by list (the administrator's counts). */
export async function provinceProjectCounts(db: Executor, now: Date): Promise<Partial<Record<ListId, number>>> {
  const c = (where: SQL) => sql<number>`count(*) FILTER (WHERE ${where})`.mapWith(Number);
  const [[p], [ch], [q]] = await Promise.all([
    db
      .select({
        drafts: c(inArray(projects.status, DRAFT)),
        bidding: c(inArray(projects.status, BIDDING)),
        toEvaluate: c(inArray(projects.status, TO_EVALUATE)),
        evaluating: c(inArray(projects.status, EVALUATING)),
        toNotice: c(inArray(projects.status, TO_NOTICE)),
        notices: c(and(inArray(projects.status, IN_NOTICE), gt(projects.noticeEndsAt, now))!),
        awards: c(and(inArray(projects.status, IN_NOTICE), or(isNull(projects.noticeEndsAt), lte(projects.noticeEndsAt, now)))!),
        toContract: c(inArray(projects.status, AWARDED)),
      })
      .from(projects)
      .where(followedWhere(db, null)),
    db.select({ n: count() }).from(projectChallenges).where(inArray(projectChallenges.status, CHALLENGE_TRANSITIONS.answer.from)),
    db
      .select({ n: count() })
      .from(projects)
      .where(questionsWhere(db, null, now)),
  ]);
  return { ...p, challenges: Number(ch?.n ?? 0), questions: Number(q?.n ?? 0) };
}
