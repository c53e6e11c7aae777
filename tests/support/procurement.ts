import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Db } from '#db/client';
import type { Actor } from '~/domain/permissions';
import type { ProjectInput } from '~/schemas/project';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { addPanelMember } from '~/services/add-panel-member.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startNotice } from '~/services/start-notice.server';
import { awardProject } from '~/services/award-project.server';
import { getProject } from '~/queries/projects.server';
import { actorByEmail } from './db';

const DAY = 86_400_000;

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
    allowedLegalStatuses: ['registered', 'filed'],
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
/** `over` changes the project (e.g. a budget above the price, another service year: budgets, ADR 019). */
export async function awardedProject(db: Db, winner: { email: string; orgName: string; price: number }, over: Partial<ProjectInput> = {}) {
  const ctx = (actor: Actor) => ({ actor, requestId: 'fixture' });
  const bureau = await actorByEmail(db, 'bureau@demo.cn');
  const bidder = await actorByEmail(db, winner.email);
  const evaluators = await Promise.all(['evaluator', 'evaluator2', 'evaluator3'].map((e) => actorByEmail(db, `${e}@demo.cn`)));
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
    allowedLegalStatuses: ['registered', 'filed'],
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
  for (const e of evaluators) await addPanelMember(db, ctx(bureau), id, e.userId);
  await startEvaluation(db, ctx(bureau), id);
  const criterion = (await getProject(db, id))!.criteria[0]!;
  for (const e of evaluators) {
    await saveScores(db, ctx(e), id, [{ bidId: bid.id, criterionId: criterion.id, pointsHundredths: 6000, comment: '' }]);
    await submitScores(db, ctx(e), id);
  }
  await startNotice(db, ctx(bureau), id);
  advanceClock(DAY + 1000);
  await awardProject(db, ctx(bureau), id);
  return { projectId: id, organizationId: org!.id, bureau };
}
