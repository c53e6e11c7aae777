import { eq } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Db } from '#db/client';
import type { Actor } from '~/domain/permissions';
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

/** Carries a new county project through the real use cases to an award for one organization. */
export async function awardedProject(db: Db, winner: { email: string; orgName: string; price: number }) {
  const ctx = (actor: Actor) => ({ actor, requestId: 'fixture' });
  const bureau = await actorByEmail(db, 'bureau@demo.cn');
  const bidder = await actorByEmail(db, winner.email);
  const evaluators = await Promise.all(['evaluator', 'evaluator2', 'evaluator3'].map((e) => actorByEmail(db, `${e}@demo.cn`)));
  const [org] = await db.select().from(organizations).where(eq(organizations.name, winner.orgName));
  const deadline = new Date(now().getTime() + 2 * DAY + 8 * 3_600_000).toISOString().slice(0, 16);
  const { id } = await createProject(db, ctx(bureau), {
    title: `小寨路街道为老服务项目 ${Math.random().toString(36).slice(2, 7)}`,
    description: '依托街道枢纽组织，组织各社区的社区社会组织开展助老、探访和文体活动。',
    regionCode: '610113',
    serviceCategories: ['elderlyCare'],
    beneficiaryGroups: ['emptyNestElderly'],
    budget: winner.price,
    fundingSource: 'publicFinance',
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
  });
  await publishProject(db, ctx(bureau), id);
  const bid = await submitBid(db, ctx(bidder), id, {
    organizationId: org!.id,
    price: winner.price,
    servicePlan: '统筹各社区社会组织分片开展助老服务，建立服务台账并按季度报告。',
    team: '社工3名，志愿者40名',
    expectedOutputs: '服务1000人次',
  });
  advanceClock(3 * DAY);
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
