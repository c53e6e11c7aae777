import { and, count as countRows, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, awards, organizations, projectChallenges, projects } from '#db/schema';
import { challengeAnswerDue } from '~/domain/challenge';
import type { Actor } from '~/domain/permissions';
import { advanceClock, now } from '~/lib/clock.server';
import { workCalendarOf } from '~/queries/calendar.server';
import { getProject } from '~/queries/projects.server';
import { answerChallenge } from '~/services/answer-challenge.server';
import { awardProject, declineAward } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { challengeWindowOf } from '~/services/challenge-common.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { createProject } from '~/services/create-project.server';
import { fileChallenge } from '~/services/file-challenge.server';
import { publishProject } from '~/services/publish-project.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { submitBid } from '~/services/submit-bid.server';
import * as projectRoute from '~/routes/projects.$id';
import { actorByEmail, setupTestDb } from '../support/db';
import { advanceTo, projectInput, seatPanel } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Challenges (质疑, 政府采购法 §52–53, 财政部令第94号; ADR 021): a bidder files during the notice's
 * challenge window, the purchaser answers within 7 working days, the award waits for both, and the
 * public page shows the answer without saying who challenged.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'challenges-test' });
const DAY = 86_400_000;
const HUB = '小寨路街道社区社会组织联合会';
const AGENCY = '雁塔区启航社会工作服务中心';
const A: Record<string, Actor> = {};
const org: Record<string, string> = {};

const counts = async () => ({
  challenges: (await t.db.select({ n: countRows() }).from(projectChallenges))[0]!.n,
  awards: (await t.db.select({ n: countRows() }).from(awards))[0]!.n,
  audit: (await t.db.select({ n: countRows() }).from(auditEvents))[0]!.n,
});

const cookies = new Map<string, Promise<string>>();
const cookie = (email: string) => cookies.get(email) ?? cookies.set(email, cookieFor(t.db, email)).get(email)!;
const page = async (id: string, email?: string) =>
  callRoute(projectRoute.loader, { url: `/projects/${id}`, params: { id }, cookie: email ? await cookie(email) : undefined });
const post = async (id: string, email: string | undefined, form: Record<string, string>) =>
  callRoute(projectRoute.action, { url: `/projects/${id}`, params: { id }, cookie: email ? await cookie(email) : undefined, form });

const bid = (organizationId: string, price: number) => ({
  organizationId,
  price,
  servicePlan: '组建助老志愿服务小组，每周上门探访，每月举办健康讲座，建立老人需求档案。',
  team: '社工2名，志愿者20名',
  expectedOutputs: '服务老人200人次，讲座12场',
});

/** A county project with bids of the hub (ranked first) and the agency, put on public notice (5 working days). */
async function noticedProject() {
  const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 0 }));
  await publishProject(t.db, ctx(A.bureau!), id);
  const hubBid = (await submitBid(t.db, ctx(A.hub!), id, bid(org.hub!, 150_000_00))).id;
  const agencyBid = (await submitBid(t.db, ctx(A.agency!), id, bid(org.agency!, 150_000_00))).id;
  advanceClock(11 * DAY);
  await closeBiddingIfDue(t.db, id);
  await seatPanel(
    t.db,
    A.bureau!,
    id,
    ['evaluator', 'evaluator2', 'evaluator3'].map((e) => A[e]!),
  );
  await startEvaluation(t.db, ctx(A.bureau!), id);
  const [plan, team] = (await getProject(t.db, id))!.criteria;
  for (const e of ['evaluator', 'evaluator2', 'evaluator3']) {
    await saveScores(t.db, ctx(A[e]!), id, [
      { bidId: hubBid, criterionId: plan!.id, pointsHundredths: 4500, comment: '' },
      { bidId: agencyBid, criterionId: plan!.id, pointsHundredths: 4000, comment: '' },
      { bidId: hubBid, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
      { bidId: agencyBid, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
    ]);
    await submitScores(t.db, ctx(A[e]!), id);
  }
  await startNotice(t.db, ctx(A.bureau!), id);
  return { id, hubBid, agencyBid };
}

const challenge = { matter: 'ranking', reasons: '第一名的服务方案得分明显偏高，与其方案内容不相称。', evidence: '本单位与第一名投标文件的方案对比说明一份。' };

beforeAll(async () => {
  for (const who of ['bureau', 'hub', 'agency', 'org', 'committee', 'evaluator', 'evaluator2', 'evaluator3']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
    await cookie(`${who}@demo.cn`);
  }
  const id = async (name: string) => (await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  org.hub = await id(HUB);
  org.agency = await id(AGENCY);
  org.dance = await id('永松社区夕阳红舞蹈队');
});

describe('a challenge filed, answered, and the award waiting for both', () => {
  let p: Awaited<ReturnType<typeof noticedProject>>;
  let challengeId: string;

  it('the notice is counted in working days and the page shows when the challenge window closes', async () => {
    p = await noticedProject();
    const { project } = (await getProject(t.db, p.id))!;
    expect(project.noticeStartedAt).not.toBeNull();
    const closes = (await challengeWindowOf(t.db, project))!;
    // 5 working days of notice; the window runs 7 working days from the start, so it ends later.
    expect(closes.getTime()).toBeGreaterThan(project.noticeEndsAt!.getTime());
    expect(project.noticeEndsAt!.getTime()).toBeGreaterThanOrEqual(project.noticeStartedAt!.getTime() + 5 * DAY);
    const data = (await page(p.id)).data as { challenges: { closesAt: string; windowOpen: boolean; list: unknown[] } };
    expect(data.challenges).toMatchObject({ closesAt: closes.toISOString(), windowOpen: true, list: [] });
    // A bidder is offered the form; an organization that did not bid is not.
    expect(((await page(p.id, 'agency@demo.cn')).data as { challenges: { file: unknown } }).challenges.file).toMatchObject({ organizationId: org.agency });
    expect(((await page(p.id, 'org@demo.cn')).data as { challenges: { file: unknown } }).challenges.file).toBeNull();
  });

  it('a bidder files through the project page; the answer is due 7 working days after receipt', async () => {
    const r = await post(p.id, 'agency@demo.cn', { intent: 'fileChallenge', ...challenge, bidId: p.hubBid });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ done: 'fileChallenge' });
    const [row] = await t.db.select().from(projectChallenges).where(eq(projectChallenges.projectId, p.id));
    expect(row).toMatchObject({ organizationId: org.agency, filedBy: A.agency!.userId, matter: 'ranking', bidId: p.hubBid, status: 'open', answer: null });
    expect(row!.answerDueAt).toEqual(challengeAnswerDue(await workCalendarOf(t.db), row!.filedAt));
    challengeId = row!.id;
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.subjectId, row!.id));
    expect(audit).toMatchObject({ action: 'challenge.file', actorUserId: A.agency!.userId });
  });

  it('an organization that did not bid, another role, a visitor, and someone naming another organization are refused; nothing is written', async () => {
    const before = await counts();
    for (const email of ['org@demo.cn', 'committee@demo.cn', 'evaluator@demo.cn', 'bureau@demo.cn']) {
      const r = await post(p.id, email, { intent: 'fileChallenge', ...challenge, bidId: p.hubBid });
      expect(r.status, email).toBe(403);
    }
    // The org administrator names the agency, whose administrator it is not.
    expect((await post(p.id, 'org@demo.cn', { intent: 'fileChallenge', organizationId: org.agency!, ...challenge, bidId: p.hubBid })).status).toBe(403);
    expect((await post(p.id, undefined, { intent: 'fileChallenge', ...challenge, bidId: p.hubBid })).status).not.toBe(200);
    await expect(
      fileChallenge(t.db, ctx(A.org!), p.id, { organizationId: org.dance!, matter: 'process', reasons: '过程不公开透明。', evidence: '无具体材料说明。' }),
    ).rejects.toMatchObject({ code: 'forbidden', messageKey: 'challenge.errors.notBidder' });
    expect(await counts()).toEqual(before);
  });

  it('bad input is a translated 400 beside its field, and one open challenge per organization; nothing is written', async () => {
    const before = await counts();
    const short = await post(p.id, 'hub@demo.cn', { intent: 'fileChallenge', matter: 'process', reasons: '不公', evidence: '见附件说明。' });
    expect(short.status).toBe(400);
    expect((short.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ reasons: 'challenge.errors.tooShort' });
    const noBid = await post(p.id, 'hub@demo.cn', { intent: 'fileChallenge', ...challenge });
    expect(noBid.status).toBe(400);
    expect((noBid.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ bidId: 'challenge.errors.bidRequired' });
    const strange = await post(p.id, 'hub@demo.cn', { intent: 'fileChallenge', ...challenge, bidId: '00000000-0000-4000-8000-000000000000' });
    expect(strange.status).toBe(400);
    expect((strange.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({ bidId: 'challenge.errors.bidUnknown' });
    expect((await post(p.id, 'hub@demo.cn', { intent: 'fileChallenge', ...challenge, matter: 'everything' })).status).toBe(400);
    const again = await post(p.id, 'agency@demo.cn', {
      intent: 'fileChallenge',
      matter: 'process',
      reasons: '评审过程未按规定回避。',
      evidence: '评审名单与人员关系说明。',
    });
    expect(again.status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('the award is refused during the notice, then while the window is open, saying until when; nothing is written', async () => {
    const before = await counts();
    await expect(awardProject(t.db, ctx(A.bureau!), p.id)).rejects.toMatchObject({ messageKey: 'award.errors.noticeRunning' });
    const { project } = (await getProject(t.db, p.id))!;
    advanceTo(project.noticeEndsAt!);
    const closes = (await challengeWindowOf(t.db, project))!;
    await expect(awardProject(t.db, ctx(A.bureau!), p.id)).rejects.toMatchObject({
      code: 'invalidTransition',
      messageKey: 'challenge.errors.windowRunning',
      params: { until: closes.toISOString() },
    });
    // Through the page: a translated refusal, and the purchaser sees why the award waits.
    const r = await post(p.id, 'bureau@demo.cn', { intent: 'award' });
    expect(r.status).toBe(409);
    const purchaser = (await page(p.id, 'bureau@demo.cn')).data as { challenges: { hold: unknown } };
    expect(purchaser.challenges.hold).toEqual({ kind: 'window', at: closes.toISOString(), n: 1 });
    expect(await counts()).toEqual(before);
  });

  it('after the window the award still waits for the unanswered challenge, flagged overdue; filing after the window is refused', async () => {
    const { project } = (await getProject(t.db, p.id))!;
    advanceTo((await challengeWindowOf(t.db, project))!);
    const before = await counts();
    await expect(awardProject(t.db, ctx(A.bureau!), p.id)).rejects.toMatchObject({ messageKey: 'challenge.errors.unanswered', params: { n: 1 } });
    const late = await post(p.id, 'hub@demo.cn', {
      intent: 'fileChallenge',
      matter: 'process',
      reasons: '评审过程未按规定回避。',
      evidence: '评审名单与人员关系说明。',
    });
    expect(late.status).toBe(409);
    expect((late.data as { formError: { messageKey: string } }).formError.messageKey).toBe('challenge.errors.windowClosed');
    expect(await counts()).toEqual(before);
    const purchaser = (await page(p.id, 'bureau@demo.cn')).data as {
      challenges: { list: { id: string; overdue: boolean; mayAnswer: boolean; evidence: string }[] };
    };
    expect(purchaser.challenges.list).toMatchObject([{ id: challengeId, overdue: true, mayAnswer: true, evidence: challenge.evidence }]);
  });

  it('only the purchaser answers; an upheld answer needs a remedy; nothing is written', async () => {
    const before = await counts();
    for (const email of ['agency@demo.cn', 'hub@demo.cn', 'committee@demo.cn', 'evaluator@demo.cn']) {
      expect((await post(p.id, email, { intent: 'answerChallenge', challengeId, answer: '经复核，评分无误。', outcome: 'dismissed' })).status, email).toBe(403);
    }
    await expect(answerChallenge(t.db, ctx(A.committee!), p.id, { challengeId, answer: '经复核，评分无误。', outcome: 'dismissed' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const upheld = await post(p.id, 'bureau@demo.cn', { intent: 'answerChallenge', challengeId, answer: '经复核，评分有误。', outcome: 'upheld' });
    expect(upheld.status).toBe(400);
    expect((upheld.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ remedy: 'challenge.errors.remedyRequired' });
    await expect(
      answerChallenge(t.db, ctx(A.bureau!), p.id, { challengeId, answer: '经复核，评分有误。', outcome: 'upheld', remedy: '' }),
    ).rejects.toMatchObject({
      messageKey: 'challenge.errors.remedyRequired',
    });
    expect(await counts()).toEqual(before);
  });

  it('the purchaser answers; the public page shows the answer and nowhere who challenged; the challenger sees it as its own', async () => {
    const answer = '经复核，三位评审专家对服务方案的评分均有书面理由，评分符合采购文件的评分标准，质疑不成立。';
    // As the browser sends it: the unused remedy field comes as an empty string.
    const r = await post(p.id, 'bureau@demo.cn', { intent: 'answerChallenge', challengeId, answer, outcome: 'dismissed', remedy: '' });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ done: 'answerChallenge' });
    for (const who of [undefined, 'hub@demo.cn', 'committee@demo.cn', 'org@demo.cn']) {
      const data = (await page(p.id, who)).data as { challenges: { list: unknown[] } };
      expect(data.challenges.list, who).toEqual([
        {
          id: challengeId,
          matter: 'ranking',
          rankingOf: HUB,
          reasons: challenge.reasons,
          evidence: null,
          filedAt: expect.any(String),
          answerDueAt: expect.any(String),
          overdue: false,
          status: 'answered',
          answer,
          outcome: 'dismissed',
          remedy: null,
          answeredAt: expect.any(String),
          own: false,
          mayAnswer: false,
        },
      ]);
      // Who challenged is nowhere in the page's data (the agency's name stands in the public ranking, never beside the challenge).
      const json = JSON.stringify(data);
      for (const secret of [org.agency!, A.agency!.userId]) expect(json).not.toContain(secret);
      expect(JSON.stringify(data.challenges)).not.toContain(AGENCY);
    }
    const own = (await page(p.id, 'agency@demo.cn')).data as { challenges: { list: { own: boolean; evidence: string | null }[] } };
    expect(own.challenges.list).toMatchObject([{ own: true, evidence: challenge.evidence }]);
    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, challengeId), eq(auditEvents.action, 'challenge.answer')));
    expect(audit).toMatchObject({ actorUserId: A.bureau!.userId, summary: expect.objectContaining({ outcome: 'dismissed', overdue: true }) });
    await expect(answerChallenge(t.db, ctx(A.bureau!), p.id, { challengeId, answer: '再答复一次。', outcome: 'dismissed' })).rejects.toMatchObject({
      messageKey: 'challenge.errors.answered',
    });
  });

  it('answered and the window closed: the award goes through; a decline restarts the notice and its window, and a bidder may challenge again', async () => {
    const award = await awardProject(t.db, ctx(A.bureau!), p.id);
    expect(award.organizationId).toBe(org.hub);
    await declineAward(t.db, ctx(A.hub!), p.id, '人手不足，无法承接');
    const { project } = (await getProject(t.db, p.id))!;
    expect(project.status).toBe('publicNotice');
    expect(project.noticeStartedAt!.getTime()).toBeGreaterThanOrEqual(now().getTime() - 1000);
    await expect(awardProject(t.db, ctx(A.bureau!), p.id)).rejects.toMatchObject({ messageKey: 'award.errors.noticeRunning' });
    const again = await fileChallenge(t.db, ctx(A.hub!), p.id, {
      organizationId: org.hub!,
      matter: 'result',
      reasons: '拒绝后顺延的成交结果有误。',
      evidence: '公示页面截图说明。',
    });
    expect(again.id).toBeTruthy();
  });
});

describe('an upheld challenge changes nothing on its own', () => {
  it('its remedy is public; the purchaser may still cancel the project', async () => {
    const p = await noticedProject();
    const { id: challengeId } = await fileChallenge(t.db, ctx(A.hub!), p.id, {
      organizationId: org.hub!,
      matter: 'process',
      reasons: '评审专家与其他投标人存在利害关系，未回避。',
      evidence: '专家任职情况的公开信息说明。',
    });
    await answerChallenge(t.db, ctx(A.bureau!), p.id, {
      challengeId,
      answer: '经核实，一名评审专家应当回避而未回避，质疑成立。',
      outcome: 'upheld',
      remedy: '取消本项目，重新组织采购。',
    });
    const { project } = (await getProject(t.db, p.id))!;
    expect(project.status).toBe('publicNotice');
    const data = (await page(p.id)).data as { challenges: { list: { outcome: string; remedy: string }[] } };
    expect(data.challenges.list).toMatchObject([{ outcome: 'upheld', remedy: '取消本项目，重新组织采购。' }]);
    await cancelProject(t.db, ctx(A.bureau!), p.id, '质疑成立，重新组织采购。');
    expect((await t.db.select({ status: projects.status }).from(projects).where(eq(projects.id, p.id)))[0]!.status).toBe('cancelled');
  });
});
