import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, awards, bids, organizations, panelDraws, panelMembers, projects, users } from '#db/schema';
import { drawLots } from '~/domain/lots';
import type { Actor } from '~/domain/permissions';
import { advanceClock, now } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { updateProject } from '~/services/update-project.server';
import { submitBid, withdrawBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { declareExpertRelations, saveExpertProfile } from '~/services/save-expert-profile.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startNotice } from '~/services/start-notice.server';
import { awardProject, declineAward } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { getProject, panelView, rankingView, readBid } from '~/queries/projects.server';
import { projectPage } from '~/queries/project-page.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { beijing, passNotice, projectInput } from '../support/procurement';

const t = setupTestDb();
const A: Record<string, Actor> = {};
const org: Record<string, string> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'procurement-test' });
const DAY = 86_400_000;

const bidInput = (organizationId: string, price: number) => ({
  organizationId,
  price,
  servicePlan: '组建助老志愿服务小组，每周上门探访，每月举办健康讲座，建立老人需求档案。',
  team: '社工2名，志愿者20名',
  expectedOutputs: '服务老人200人次，讲座12场',
});

beforeAll(async () => {
  for (const who of ['bureau', 'station', 'committee', 'admin', 'org', 'agency', 'hub', 'evaluator', 'evaluator2', 'evaluator3']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  }
  for (const [key, name] of [
    ['dance', '永松社区助老服务队'],
    ['agency', '雁塔区启航社会工作服务中心'],
    ['hub', '小寨路街道社区社会组织联合会'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
  }
  // The hub's administrator is also in the evaluator pool: a conflict when the hub bids.
  const [hubUser] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'hub@demo.cn'));
  await t.db.execute(sql`INSERT INTO role_assignments (user_id, role) VALUES (${hubUser!.id}, 'evaluator')`);
  A.hub = await actorByEmail(t.db, 'hub@demo.cn');
  const [cityUser] = await t.db.select({ id: users.id }).from(users).where(eq(users.email, 'city@demo.cn'));
  await t.db.execute(sql`INSERT INTO role_assignments (user_id, role) VALUES (${cityUser!.id}, 'evaluator')`);
  A.cityEvaluator = await actorByEmail(t.db, 'city@demo.cn');
});

afterAll(() => {
  // This file moved the process clock; leave it where it is (each file runs in its own process).
});

describe('a purchase project from draft to award (§3.4)', () => {
  let projectId: string;
  let danceBid: string;
  let agencyBid: string;

  it('the county bureau drafts and publishes; a committee cannot publish it', async () => {
    ({ id: projectId } = await createProject(t.db, ctx(A.bureau!), projectInput()));
    await expect(publishProject(t.db, ctx(A.committee!), projectId)).rejects.toMatchObject({ code: 'forbidden' });
    await publishProject(t.db, ctx(A.bureau!), projectId);
    const p = await getProject(t.db, projectId);
    expect(p!.project).toMatchObject({ status: 'published', purchaserRole: 'bureauStaff', purchaserRegionCode: '610113', budgetFen: 200_000_00 });
  });

  it('a station cannot buy for a region outside its street', async () => {
    await expect(createProject(t.db, ctx(A.station!), projectInput({ regionCode: '610113002' }))).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('organizations bid; over budget and ineligible bids are refused with the reason', async () => {
    await expect(submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 200_000_01))).rejects.toMatchObject({ messageKey: 'bid.errors.overBudget' });
    await expect(submitBid(t.db, ctx(A.org!), projectId, bidInput(org.agency!, 100_000_00))).rejects.toMatchObject({ code: 'forbidden' });
    const first = await submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 190_000_00));
    // Replacing keeps one live bid.
    const second = await submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 180_000_00));
    expect(second.replaced).toBe(first.id);
    danceBid = second.id;
    agencyBid = (await submitBid(t.db, ctx(A.agency!), projectId, bidInput(org.agency!, 180_000_00))).id;
    const hubBid = (await submitBid(t.db, ctx(A.hub!), projectId, bidInput(org.hub!, 199_000_00))).id;
    await withdrawBid(t.db, ctx(A.hub!), hubBid);
    await submitBid(t.db, ctx(A.hub!), projectId, bidInput(org.hub!, 199_000_00));
    const live = await t.db
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')));
    expect(live).toHaveLength(3);
  });

  it('bids are sealed before the deadline: not the purchaser, not an evaluator, not the platform administrator', async () => {
    for (const who of ['bureau', 'evaluator', 'admin', 'agency']) {
      await expect(readBid(t.db, A[who]!, danceBid)).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(readBid(t.db, null, danceBid)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await readBid(t.db, A.org!, danceBid)).priceFen).toBe(180_000_00);
  });

  it('a material amendment is numbered and moves a near deadline; a late bid is refused', async () => {
    advanceClock(7 * DAY);
    const before = (await getProject(t.db, projectId))!.project.bidDeadline;
    const r = await updateProject(t.db, ctx(A.bureau!), projectId, projectInput({ budget: 210_000_00, bidDeadline: beijing(before) }));
    expect(r.material).toBe(true);
    const p = (await getProject(t.db, projectId))!;
    expect(p.amendments).toHaveLength(1);
    expect(p.project.bidDeadline.getTime()).toBeGreaterThanOrEqual(now().getTime() + 5 * DAY - 1000);
    advanceClock(6 * DAY);
    await expect(submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 170_000_00))).rejects.toMatchObject({ code: 'invalidTransition' });
  });

  it('bidding closes at the deadline whoever looks first, once', async () => {
    expect(await closeBiddingIfDue(t.db, projectId)).toBe(true);
    expect(await closeBiddingIfDue(t.db, projectId)).toBe(false);
    expect((await getProject(t.db, projectId))!.project.status).toBe('biddingClosed');
    // Now the purchaser may read the bids.
    expect((await readBid(t.db, A.bureau!, agencyBid)).priceFen).toBe(180_000_00);
    await expect(readBid(t.db, A.admin!, agencyBid)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('the panel is drawn from the pool: avoided experts are recorded with their reasons; a refused draw writes nothing', async () => {
    // The hub's administrator and the city's staff member join the pool; the city declares a relation with the dance team.
    const province = await actorByEmail(t.db, 'province@demo.cn');
    const profile = {
      specialties: ['elderlyCare' as const],
      regionCode: '6101',
      employerName: undefined,
      employerOrganizationId: undefined,
      active: true,
      relations: [],
    };
    await saveExpertProfile(t.db, ctx(province), A.hub!.userId, profile);
    await saveExpertProfile(t.db, ctx(province), A.cityEvaluator!.userId, profile);
    await declareExpertRelations(t.db, ctx(A.cityEvaluator!), [{ organizationId: org.dance!, note: '其配偶为该舞蹈队负责人' }]);
    const written = async () => [
      (await t.db.select().from(panelMembers).where(eq(panelMembers.projectId, projectId))).length,
      (await t.db.select().from(panelDraws).where(eq(panelDraws.projectId, projectId))).length,
    ];
    await expect(startEvaluation(t.db, ctx(A.bureau!), projectId)).rejects.toMatchObject({ messageKey: 'panel.errors.tooSmall' });
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), projectId, 4)).rejects.toMatchObject({ code: 'invalidInput', messageKey: 'panelDraw.errors.even' });
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), projectId, 1)).rejects.toMatchObject({ messageKey: 'panelDraw.errors.tooSmall', params: { n: 3 } });
    // Five experts are avoided, so three remain: five cannot be drawn.
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), projectId, 5)).rejects.toMatchObject({
      code: 'conflict',
      messageKey: 'panelDraw.errors.tooFew',
      params: { n: 5, have: 3 },
    });
    await expect(drawProjectPanel(t.db, ctx(A.evaluator!), projectId, 3)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await written()).toEqual([0, 0]);
    const { seed, drawn } = await drawProjectPanel(t.db, ctx(A.bureau!), projectId, 3);
    expect([...drawn].sort()).toEqual([A.evaluator!.userId, A.evaluator2!.userId, A.evaluator3!.userId].sort());
    const [record] = await t.db.select().from(panelDraws).where(eq(panelDraws.projectId, projectId));
    expect(record).toMatchObject({ step: 0, seed, size: 3, fallback: false, drawnIds: drawn, counterStart: 0 });
    expect(record!.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.candidateIds).toEqual([...drawn].sort());
    const named = async (id: string) => (await t.db.select({ email: users.email }).from(users).where(eq(users.id, id)))[0]!.email;
    const excluded = Object.fromEntries(await Promise.all(record!.excluded.map(async (e) => [await named(e.userId), e.reasons])));
    expect(excluded).toEqual({
      'hub@demo.cn': ['member'],
      'city@demo.cn': ['relation'],
      'evaluator4@demo.cn': ['employer', 'relation'],
      'evaluator5@demo.cn': ['community'],
    });
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'panel.draw'), eq(auditEvents.subjectId, projectId)));
    expect(audit!.summary).toMatchObject({ after: { seed, drawn } });
    // Drawn once: a second draw is refused.
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), projectId, 3)).rejects.toMatchObject({ messageKey: 'panelDraw.errors.already' });
    await expect(declareConflict(t.db, ctx(A.hub!), projectId, '不在评审组')).rejects.toMatchObject({ code: 'forbidden' });
    await startEvaluation(t.db, ctx(A.bureau!), projectId);
    const panel = await panelView(t.db, projectId);
    expect(panel.map((m) => [m.name, m.status]).sort()).toEqual(
      [
        ['评审专家 何静', 'active'],
        ['评审专家 周明', 'active'],
        ['评审专家 罗军', 'active'],
      ].sort(),
    );
  });

  it('evaluators score within the weights; a recused evaluator cannot score; submitted scores are locked', async () => {
    const p = (await getProject(t.db, projectId))!;
    const [plan, team] = p.criteria;
    const live = await t.db
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')));
    const hubBid = live.find((b) => b.organizationId === org.hub)!.id;
    // Agency plan 42, dance plan 40.5 (within tolerance 2 of each other), hub plan 30; team 15 for all.
    const points: Record<string, number> = { [agencyBid]: 4200, [danceBid]: 4050, [hubBid]: 3000 };
    await expect(
      saveScores(t.db, ctx(A.evaluator!), projectId, [{ bidId: danceBid, criterionId: plan!.id, pointsHundredths: 5001, comment: '' }]),
    ).rejects.toMatchObject({ messageKey: 'score.errors.range' });
    await expect(
      saveScores(t.db, ctx(A.hub!), projectId, [{ bidId: danceBid, criterionId: plan!.id, pointsHundredths: 100, comment: '' }]),
    ).rejects.toMatchObject({ code: 'forbidden' });
    for (const who of ['evaluator', 'evaluator2', 'evaluator3']) {
      await expect(submitScores(t.db, ctx(A[who]!), projectId)).rejects.toMatchObject({ messageKey: 'score.errors.incomplete' });
      await saveScores(
        t.db,
        ctx(A[who]!),
        projectId,
        live.flatMap((b) => [
          { bidId: b.id, criterionId: plan!.id, pointsHundredths: points[b.id]!, comment: '方案可行' },
          { bidId: b.id, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
        ]),
      );
    }
    expect(await submitScores(t.db, ctx(A.evaluator!), projectId)).toEqual({ ranked: false, waitingFor: 2 });
    await expect(
      saveScores(t.db, ctx(A.evaluator!), projectId, [{ bidId: danceBid, criterionId: plan!.id, pointsHundredths: 5000, comment: '' }]),
    ).rejects.toMatchObject({ messageKey: 'score.errors.locked' });
    await submitScores(t.db, ctx(A.evaluator2!), projectId);
    expect(await submitScores(t.db, ctx(A.evaluator3!), projectId)).toEqual({ ranked: true, waitingFor: 0 });
  });

  it('the stored ranking puts the community organization first within the tolerance, with its explanation', async () => {
    const ranking = await rankingView(t.db, projectId);
    expect(ranking.map((r) => [r.orgName, r.rank, r.totalHundredths, r.preferred])).toEqual([
      ['永松社区助老服务队', 1, 40_50 + 15_00 + 30_00, true],
      ['雁塔区启航社会工作服务中心', 2, 42_00 + 15_00 + 30_00, false],
      ['小寨路街道社区社会组织联合会', 3, 30_00 + 15_00 + Math.round((30 * 180_000_00 * 100) / 199_000_00), false],
    ]);
    expect(ranking[0]!.reasons.some((r) => r.key === 'ranking.reason.passed' && r.params.other === agencyBid)).toBe(true);
  });

  it('notice, then exactly one award after the notice period; a decline passes it to the next', async () => {
    await expect(awardProject(t.db, ctx(A.bureau!), projectId)).rejects.toMatchObject({ code: 'invalidTransition' });
    await startNotice(t.db, ctx(A.bureau!), projectId);
    await expect(awardProject(t.db, ctx(A.bureau!), projectId)).rejects.toMatchObject({ messageKey: 'award.errors.noticeRunning' });
    await passNotice(t.db, projectId);
    await expect(awardProject(t.db, ctx(A.station!), projectId)).rejects.toMatchObject({ code: 'forbidden' });
    const first = await awardProject(t.db, ctx(A.bureau!), projectId);
    expect(first).toMatchObject({ organizationId: org.dance, amountFen: 180_000_00 });
    await expect(awardProject(t.db, ctx(A.bureau!), projectId)).rejects.toMatchObject({ code: 'invalidTransition' });
    await expect(cancelProject(t.db, ctx(A.bureau!), projectId, '不再需要')).rejects.toMatchObject({ code: 'invalidTransition' });
    await expect(declineAward(t.db, ctx(A.agency!), projectId, '人手不足')).rejects.toMatchObject({ code: 'forbidden' });
    await declineAward(t.db, ctx(A.org!), projectId, '人手不足，无法承接');
    // The fallback award gets its own public notice: the full period runs again before it.
    await expect(awardProject(t.db, ctx(A.bureau!), projectId)).rejects.toMatchObject({ messageKey: 'award.errors.noticeRunning' });
    const [renewed] = await t.db.select({ status: projects.status, noticeEndsAt: projects.noticeEndsAt }).from(projects).where(eq(projects.id, projectId));
    expect(renewed!.status).toBe('publicNotice');
    expect(renewed!.noticeEndsAt!.getTime()).toBeGreaterThanOrEqual(now().getTime() + 5 * DAY - 1000);
    await passNotice(t.db, projectId);
    const second = await awardProject(t.db, ctx(A.bureau!), projectId);
    expect(second.organizationId).toBe(org.agency);
    const live = await t.db
      .select()
      .from(awards)
      .where(and(eq(awards.projectId, projectId), eq(awards.status, 'awarded')));
    expect(live).toHaveLength(1);
    const [p] = await t.db.select().from(projects).where(eq(projects.id, projectId));
    expect(p!.status).toBe('awarded');
  });
});

describe('ties (并列) by the law: equal total and price share a rank; lots are drawn at award and recorded (财政部令第87号 Art 65)', () => {
  let projectId: string;
  const bidOf: Record<string, string> = {};

  it('three bids with equal totals and prices: the community organization and the hub (both community social organizations) tie at 1, the agency is 3rd', async () => {
    ({ id: projectId } = await createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 0 })));
    await publishProject(t.db, ctx(A.bureau!), projectId);
    bidOf.dance = (await submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 150_000_00))).id;
    bidOf.hub = (await submitBid(t.db, ctx(A.hub!), projectId, bidInput(org.hub!, 150_000_00))).id;
    bidOf.agency = (await submitBid(t.db, ctx(A.agency!), projectId, bidInput(org.agency!, 150_000_00))).id;
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, projectId);
    const evaluators = ['evaluator', 'evaluator2', 'evaluator3'];
    // The three bidders are avoided by 韩冰 (employer, relation) and 杜娟 (community): the demo's three are drawn.
    await drawProjectPanel(t.db, ctx(A.bureau!), projectId, 3);
    await startEvaluation(t.db, ctx(A.bureau!), projectId);
    const [plan, team] = (await getProject(t.db, projectId))!.criteria;
    for (const e of evaluators) {
      await saveScores(
        t.db,
        ctx(A[e]!),
        projectId,
        Object.values(bidOf).flatMap((bidId) => [
          { bidId, criterionId: plan!.id, pointsHundredths: 4000, comment: '' },
          { bidId, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
        ]),
      );
      await submitScores(t.db, ctx(A[e]!), projectId);
    }
    const ranking = await rankingView(t.db, projectId);
    const row = (id: string) => ranking.find((r) => r.bidId === id)!;
    expect([row(bidOf.dance!), row(bidOf.hub!), row(bidOf.agency!)].map((r) => [r.rank, r.totalHundredths, r.preferred])).toEqual([
      [1, 85_00, true],
      [1, 85_00, true],
      [3, 85_00, false],
    ]);
    expect(
      row(bidOf.dance!)
        .reasons.filter((r) => r.key === 'ranking.reason.tied')
        .map((r) => r.params.other),
    ).toEqual([bidOf.hub]);
    expect(row(bidOf.agency!).reasons.some((r) => r.key === 'ranking.reason.tied')).toBe(false);
  });

  it('the award draws lots between the tied bids, records seed, candidates and result in the award and its audit row; anyone can re-run it', async () => {
    await startNotice(t.db, ctx(A.bureau!), projectId);
    await passNotice(t.db, projectId);
    const result = await awardProject(t.db, ctx(A.bureau!), projectId);
    const [award] = await t.db.select().from(awards).where(eq(awards.id, result.awardId));
    const lots = award!.lots!;
    expect(lots.candidates).toEqual([bidOf.dance, bidOf.hub].sort());
    expect(lots.rank).toBe(1);
    expect(lots.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(drawLots(lots.candidates, lots.seed)).toEqual({ seed: lots.seed, candidates: lots.candidates, index: lots.index, drawn: award!.bidId });
    expect([bidOf.dance, bidOf.hub]).toContain(award!.bidId);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, projectId), eq(auditEvents.action, 'project.award')));
    expect((audit!.summary as { lots: unknown }).lots).toEqual(lots);
    // The project page shows the draw to everyone, with the names in the order the index counts.
    const page = await projectPage(t.db, null, (await getProject(t.db, projectId))!);
    const names = { [bidOf.dance!]: '永松社区助老服务队', [bidOf.hub!]: '小寨路街道社区社会组织联合会' };
    expect(page.award!.lots).toEqual({
      seed: lots.seed,
      rank: 1,
      index: lots.index,
      candidates: lots.candidates.map((bidId) => ({ bidId, orgName: names[bidId] })),
    });

    // The winner declines: the other tied bid is alone at the best remaining rank, so no draw.
    const winnerIsDance = award!.bidId === bidOf.dance;
    await declineAward(t.db, ctx(winnerIsDance ? A.org! : A.hub!), projectId, '人手不足，无法承接');
    await passNotice(t.db, projectId);
    const second = await awardProject(t.db, ctx(A.bureau!), projectId);
    expect(second.bidId).toBe(winnerIsDance ? bidOf.hub : bidOf.dance);
    expect(second.lots).toBeNull();
    const [row] = await t.db.select({ lots: awards.lots }).from(awards).where(eq(awards.id, second.awardId));
    expect(row!.lots).toBeNull();
  });
});

describe('the same-conditions tolerance is capped (ADR 017)', () => {
  it('the use case refuses a tolerance above 3 points even when the form was skipped, and writes nothing', async () => {
    const before = await t.db.select({ id: projects.id }).from(projects);
    await expect(createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 3.01 }))).rejects.toMatchObject({ messageKey: 'project.errors.tolerance' });
    await expect(createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 20 }))).rejects.toMatchObject({ messageKey: 'project.errors.tolerance' });
    expect(await t.db.select({ id: projects.id }).from(projects)).toHaveLength(before.length);
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 3 }));
    await expect(updateProject(t.db, ctx(A.bureau!), id, projectInput({ tolerance: 5 }))).rejects.toMatchObject({ messageKey: 'project.errors.tolerance' });
    expect((await getProject(t.db, id))!.project.toleranceHundredths).toBe(300);
  });
});

describe('failure and cancellation', () => {
  it('a project with no eligible bid fails at close', async () => {
    const { id } = await createProject(
      t.db,
      ctx(A.committee!),
      projectInput({ regionCode: '610113001002', fundingSource: 'communityFunds', allowedKinds: ['communityOrg'], budget: 5_000_00 }),
    );
    await publishProject(t.db, ctx(A.committee!), id);
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, id);
    expect((await getProject(t.db, id))!.project).toMatchObject({ status: 'failed', statusReason: 'noEligibleBid' });
  });

  it('community funds are the committees’ money (§5.2); a bureau cannot spend them', async () => {
    await expect(createProject(t.db, ctx(A.bureau!), projectInput({ fundingSource: 'communityFunds' }))).rejects.toMatchObject({
      messageKey: 'project.errors.communityFunds',
    });
  });

  it('the purchaser cancels with a reason', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ bidDeadline: beijing(new Date(now().getTime() + 11 * DAY)) }));
    await publishProject(t.db, ctx(A.bureau!), id);
    await cancelProject(t.db, ctx(A.bureau!), id, '预算调整，项目取消');
    expect((await getProject(t.db, id))!.project).toMatchObject({ status: 'cancelled', statusReason: '预算调整，项目取消' });
  });
});
