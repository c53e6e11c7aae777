import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { expertProfiles, organizations, panelMembers, users } from '#db/schema';
import type { Db } from '#db/client';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import type { Actor } from '~/domain/permissions';
import type { ProjectInput } from '~/schemas/project';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startNotice } from '~/services/start-notice.server';
import { awardProject } from '~/services/award-project.server';
import { getProject } from '~/queries/projects.server';
import { challengeWindowOf } from '~/services/challenge-common.server';
import { actorByEmail } from './db';

const DAY = 86_400_000;

/** Moves the app clock to one second after `at` (never back). */
export function advanceTo(at: Date) {
  advanceClock(Math.max(0, at.getTime() - now().getTime()) + 1000);
}

/**
 * Moves the app clock past the project's public notice and its challenge window (both counted in
 * working days, ADR 021), so it can be awarded when no challenge is open.
 */
export async function passNotice(db: Db, projectId: string) {
  const { project } = (await getProject(db, projectId))!;
  advanceTo((await challengeWindowOf(db, project))!);
}

/** The active members of a project's panel as actors (to score as them), in the order of their e-mail addresses. */
export async function panelActors(db: Db, projectId: string): Promise<Actor[]> {
  const rows = await db
    .select({ email: users.email })
    .from(panelMembers)
    .innerJoin(users, eq(users.id, panelMembers.evaluatorUserId))
    .where(and(eq(panelMembers.projectId, projectId), eq(panelMembers.status, 'active')));
  return Promise.all(
    rows
      .map((r) => r.email!)
      .sort()
      .map((e) => actorByEmail(db, e)),
  );
}

/**
 * Makes the pool exactly these experts, each for every category (listing any not yet in it; every
 * other expert made inactive), so a draw of their number seats them all: for tests about who sits on a panel.
 */
export async function poolOf(db: Db, experts: Actor[]) {
  const ids = experts.map((e) => e.userId);
  await db.update(expertProfiles).set({ active: false }).where(notInArray(expertProfiles.userId, ids));
  await db
    .update(expertProfiles)
    .set({ active: true, specialties: [...SERVICE_CATEGORIES] })
    .where(inArray(expertProfiles.userId, ids));
  const listed = (await db.select({ id: expertProfiles.userId }).from(expertProfiles).where(inArray(expertProfiles.userId, ids))).map((r) => r.id);
  const missing = ids.filter((id) => !listed.includes(id));
  if (missing.length)
    await db.insert(expertProfiles).values(missing.map((userId) => ({ userId, specialties: [...SERVICE_CATEGORIES], active: true, updatedAt: now() })));
}

/** Seats exactly these experts on the project's panel, by a real draw from a pool of just them. */
export async function seatPanel(db: Db, purchaser: Actor, projectId: string, experts: Actor[]) {
  await poolOf(db, experts);
  return drawProjectPanel(db, { actor: purchaser, requestId: 'fixture' }, projectId, experts.length);
}

/** An instant as a datetime-local value in Beijing time ("2026-12-01T17:00"). */
export function beijing(d: Date) {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** A county project for 雁塔区 as the project form would send it; `over` changes what a test is about. */
export function projectInput(over: Partial<ProjectInput> = {}): ProjectInput {
  return {
    title: '雁塔区空巢老人关爱服务项目',
    description: '为辖区空巢老人提供上门探访、健康讲座和心理慰藉服务，每月不少于四次活动。',
    regionCode: '610113',
    serviceCategories: ['elderlyCare'],
    beneficiaryGroups: ['emptyNestElderly'],
    budget: 200_000_00,
    fundingSource: 'publicFinance',
    procurementMethod: 'competitiveConsultation',
    intentionId: undefined,
    longPeriodReason: undefined,
    noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
    serviceStart: '2027-01-01',
    serviceEnd: '2027-12-31',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'socialWorkAgency', 'hub'],
    regionRestricted: true,
    bidDeadline: beijing(new Date(now().getTime() + 10 * DAY)),
    noticeDays: 5,
    scoringMethod: 'mean',
    tolerance: 2,
    criteria: [
      { name: '服务方案', weight: 50, kind: 'scored' },
      { name: '团队能力', weight: 20, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
    ...over,
  };
}

/** Carries a new county project through the real use cases to an award for one organization. */
/** `over` changes the project (e.g. a budget above the price, another service year: budgets, ADR 023). */
export async function awardedProject(db: Db, winner: { email: string; orgName: string; price: number }, over: Partial<ProjectInput> = {}) {
  const ctx = (actor: Actor) => ({ actor, requestId: 'fixture' });
  const bureau = await actorByEmail(db, 'bureau@demo.cn');
  const bidder = await actorByEmail(db, winner.email);
  const [org] = await db.select().from(organizations).where(eq(organizations.name, winner.orgName));
  const deadline = new Date(now().getTime() + 12 * DAY + 8 * 3_600_000).toISOString().slice(0, 16);
  const { id } = await createProject(db, ctx(bureau), {
    title: `小寨路街道为老服务项目 ${Math.random().toString(36).slice(2, 7)}`,
    description: '依托街道枢纽组织，组织各社区的社区社会组织开展助老、探访和文体活动。',
    regionCode: '610113',
    serviceCategories: ['elderlyCare'],
    beneficiaryGroups: ['emptyNestElderly'],
    budget: winner.price,
    fundingSource: 'publicFinance',
    procurementMethod: 'competitiveConsultation',
    intentionId: undefined,
    longPeriodReason: undefined,
    noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
    serviceStart: '2027-01-01',
    serviceEnd: '2027-12-31',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'hub', 'socialWorkAgency', 'countyServiceOrg'],
    regionRestricted: true,
    bidDeadline: deadline,
    noticeDays: 1,
    scoringMethod: 'mean',
    tolerance: 0,
    criteria: [
      { name: '方案', weight: 70, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
    ...over,
  });
  await publishProject(db, ctx(bureau), id);
  const bid = await submitBid(db, ctx(bidder), id, {
    organizationId: org!.id,
    price: winner.price,
    servicePlan: '统筹各社区社会组织分片开展助老服务，建立服务台账并按季度报告。',
    team: '社工3名，志愿者40名',
    expectedOutputs: '服务1000人次',
  });
  advanceClock(13 * DAY);
  await closeBiddingIfDue(db, id);
  await drawProjectPanel(db, ctx(bureau), id, 3);
  const evaluators = await panelActors(db, id);
  await startEvaluation(db, ctx(bureau), id);
  const criterion = (await getProject(db, id))!.criteria[0]!;
  for (const e of evaluators) {
    await saveScores(db, ctx(e), id, [{ bidId: bid.id, criterionId: criterion.id, pointsHundredths: 6000, comment: '' }]);
    await submitScores(db, ctx(e), id);
  }
  await startNotice(db, ctx(bureau), id);
  await passNotice(db, id);
  await awardProject(db, ctx(bureau), id);
  return { projectId: id, organizationId: org!.id, bureau };
}
