import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, users } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { addPanelMember } from '~/services/add-panel-member.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { getProject, rankingView } from '~/queries/projects.server';
import { actorByEmail, setupTestDb } from '../support/db';

const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'panel-test' });
const A: Record<string, Actor> = {};

async function evaluatingProject(panel: Actor[]) {
  const deadline = new Date(now().getTime() + 12 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 16);
  const { id } = await createProject(t.db, ctx(A.bureau!), {
    title: '雁塔区社区读书会培育项目',
    description: '培育社区读书会，组织亲子共读和读书分享活动，建立社区图书角。',
    regionCode: '610113',
    serviceCategories: ['culture', 'education'],
    beneficiaryGroups: ['allResidents'],
    budget: 30_000_00,
    fundingSource: 'publicFinance',
    procurementMethod: 'competitiveConsultation',
    intentionId: undefined,
    longPeriodReason: undefined,
    noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
    serviceStart: '2027-03-01',
    serviceEnd: '2027-12-31',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'socialWorkAgency'],
    regionRestricted: true,
    bidDeadline: deadline,
    noticeDays: 5,
    scoringMethod: 'mean',
    tolerance: 0,
    criteria: [
      { name: '方案', weight: 80, kind: 'scored' },
      { name: '报价', weight: 20, kind: 'price' },
    ],
  });
  await publishProject(t.db, ctx(A.bureau!), id);
  const [dance] = await t.db.select().from(organizations).where(eq(organizations.name, '永松社区助老服务队'));
  const [agency] = await t.db.select().from(organizations).where(eq(organizations.kind, 'socialWorkAgency'));
  const text = { servicePlan: '每周组织一次读书分享，每月一次亲子共读，建立社区图书角并由志愿者管理。', team: '志愿者10名', expectedOutputs: '活动40场' };
  const bids = [
    await submitBid(t.db, ctx(A.org!), id, { organizationId: dance!.id, price: 29_000_00, ...text }),
    await submitBid(t.db, ctx(A.agency!), id, { organizationId: agency!.id, price: 28_000_00, ...text }),
  ];
  advanceClock(13 * 86_400_000);
  await closeBiddingIfDue(t.db, id);
  for (const e of panel) await addPanelMember(t.db, ctx(A.bureau!), id, e.userId);
  await startEvaluation(t.db, ctx(A.bureau!), id);
  const criterion = (await getProject(t.db, id))!.criteria[0]!;
  const score = async (e: Actor) =>
    saveScores(
      t.db,
      ctx(e),
      id,
      bids.map((b, i) => ({ bidId: b.id, criterionId: criterion.id, pointsHundredths: 6000 + i * 500, comment: '' })),
    );
  return { id, score };
}

beforeAll(async () => {
  for (const who of ['bureau', 'org', 'agency', 'evaluator', 'evaluator2', 'evaluator3']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  // Three more people on the expert list, so panels of five and a replacement can be drawn.
  for (const who of ['city', 'province', 'station']) {
    const [u] = await t.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, `${who}@demo.cn`));
    await t.db.execute(sql`INSERT INTO role_assignments (user_id, role) VALUES (${u!.id}, 'evaluator')`);
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  }
});

describe('the panel during evaluation', () => {
  it('a panel must be odd: four cannot start; when the last of five recuses, the four wait for a replacement', async () => {
    const four = [A.evaluator!, A.evaluator2!, A.evaluator3!, A.city!];
    await expect(evaluatingProject(four)).rejects.toMatchObject({ code: 'invalidInput', messageKey: 'panel.errors.even', params: { n: 4 } });
    const five = [...four, A.province!];
    const { id, score } = await evaluatingProject(five);
    for (const e of four) {
      await score(e);
      await submitScores(t.db, ctx(e), id);
    }
    expect((await getProject(t.db, id))!.project.status).toBe('evaluating');
    await declareConflict(t.db, ctx(A.province!), id, '与投标机构负责人为近亲属');
    // Four submitted evaluators are an even panel: no ranking until a fifth joins and scores.
    expect((await getProject(t.db, id))!.project.status).toBe('evaluating');
    await addPanelMember(t.db, ctx(A.bureau!), id, A.station!.userId);
    await score(A.station!);
    expect(await submitScores(t.db, ctx(A.station!), id)).toEqual({ ranked: true, waitingFor: 0 });
    expect((await rankingView(t.db, id)).map((r) => r.rank)).toEqual([1, 2]);
  });

  it('a recusal that leaves two active evaluators holds the ranking until the purchaser adds a third', async () => {
    const three = [A.evaluator!, A.evaluator2!, A.evaluator3!];
    const { id, score } = await evaluatingProject(three);
    await declareConflict(t.db, ctx(A.evaluator3!), id, '曾为该机构提供咨询服务');
    for (const e of three.slice(0, 2)) {
      await score(e);
      await submitScores(t.db, ctx(e), id);
    }
    expect((await getProject(t.db, id))!.project.status).toBe('evaluating');
    await addPanelMember(t.db, ctx(A.bureau!), id, A.city!.userId);
    await score(A.city!);
    expect(await submitScores(t.db, ctx(A.city!), id)).toEqual({ ranked: true, waitingFor: 0 });
  });
});
