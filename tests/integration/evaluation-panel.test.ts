import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, panelDraws, users } from '#db/schema';
import { drawPanel } from '~/domain/panel-draw';
import type { Actor } from '~/domain/permissions';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { getProject, rankingView } from '~/queries/projects.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { panelActors, poolOf } from '../support/procurement';

const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'panel-test' });
const A: Record<string, Actor> = {};

/** A project under evaluation whose panel of `size` was drawn from a pool of exactly `pool`. */
async function evaluatingProject(pool: Actor[], size: number) {
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
  await poolOf(t.db, pool);
  await expect(drawProjectPanel(t.db, ctx(A.bureau!), id, size + 1)).rejects.toMatchObject({ code: 'invalidInput', messageKey: 'panelDraw.errors.even' });
  await drawProjectPanel(t.db, ctx(A.bureau!), id, size);
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

const stepsOf = (id: string) => t.db.select().from(panelDraws).where(eq(panelDraws.projectId, id)).orderBy(asc(panelDraws.step));

describe('the panel during evaluation', () => {
  it('a recusal draws a replacement from the same draw, the recorded seed continuing; the panel stays odd and ranks', async () => {
    const pool = [A.evaluator!, A.evaluator2!, A.evaluator3!, A.city!, A.province!];
    const { id, score } = await evaluatingProject(pool, 3);
    const drawn = await panelActors(t.db, id);
    expect(drawn).toHaveLength(3);
    const [leaver, ...stay] = drawn;
    await score(stay[0]!);
    await submitScores(t.db, ctx(stay[0]!), id);
    await declareConflict(t.db, ctx(leaver!), id, '与投标机构负责人为近亲属');
    const [first, second] = await stepsOf(id);
    const remaining = first!.candidateIds.filter((c) => !first!.drawnIds.includes(c));
    // Anyone can re-run the replacement: the same function, the remaining candidates, the next counter.
    const expected = drawPanel(remaining, 1, first!.seed, first!.counterEnd).drawn[0]!;
    expect(second).toMatchObject({ step: 1, seed: first!.seed, counterStart: first!.counterEnd, replacesUserId: leaver!.userId, drawnIds: [expected] });
    const now3 = await panelActors(t.db, id);
    expect(now3.map((a) => a.userId).sort()).toEqual([...stay.map((a) => a.userId), expected].sort());
    for (const e of now3.filter((a) => a.userId !== stay[0]!.userId)) {
      await score(e);
      await submitScores(t.db, ctx(e), id);
    }
    expect((await getProject(t.db, id))!.project.status).toBe('ranked');
    expect((await rankingView(t.db, id)).map((r) => r.rank)).toEqual([1, 2]);
  });

  it('with no candidate left the recusal stands and the ranking waits; the purchaser tops the panel up by a fresh draw', async () => {
    const three = [A.evaluator!, A.evaluator2!, A.evaluator3!];
    const { id, score } = await evaluatingProject(three, 3);
    await declareConflict(t.db, ctx(A.evaluator3!), id, '曾为该机构提供咨询服务');
    expect((await stepsOf(id)).at(-1)).toMatchObject({ step: 1, drawnIds: [], replacesUserId: A.evaluator3!.userId });
    for (const e of three.slice(0, 2)) {
      await score(e);
      await submitScores(t.db, ctx(e), id);
    }
    expect((await getProject(t.db, id))!.project.status).toBe('evaluating');
    // The recused expert is never drawn again, even when the pool is only them: nothing is written.
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), id, 3)).rejects.toMatchObject({ messageKey: 'panelDraw.errors.tooFew', params: { n: 1, have: 0 } });
    expect(await stepsOf(id)).toHaveLength(2);
    await poolOf(t.db, [...three, A.city!]);
    await drawProjectPanel(t.db, ctx(A.bureau!), id, 3);
    expect((await stepsOf(id)).at(-1)).toMatchObject({ step: 2, drawnIds: [A.city!.userId], replacesUserId: null, size: 1 });
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), id, 3)).rejects.toMatchObject({ messageKey: 'panelDraw.errors.already' });
    await score(A.city!);
    expect(await submitScores(t.db, ctx(A.city!), id)).toEqual({ ranked: true, waitingFor: 0 });
  });
});
