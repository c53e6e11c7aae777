import { and, eq, inArray, isNull } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contracts, milestones, notifications, organizations, tranches, users } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import type { Actor } from '~/domain/permissions';
import { advanceClock, todayInChina } from '~/lib/clock.server';
import { getProject } from '~/queries/projects.server';
import { closeAmendment, confirmAmendment, proposeAmendment } from '~/services/amend-contract.server';
import { answerChallenge } from '~/services/answer-challenge.server';
import { answerQuestion } from '~/services/answer-question.server';
import { askQuestion } from '~/services/ask-question.server';
import { awardProject } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { confirmContract } from '~/services/confirm-contract.server';
import { decideSubcontractConsent } from '~/services/consent-subcontract.server';
import { createProject } from '~/services/create-project.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { decideFiling } from '~/services/decide-filing.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { disburseByTreasury } from '~/services/disburse-tranche.server';
import { draftContract, draftSubcontract } from '~/services/draft-contract.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { fileChallenge } from '~/services/file-challenge.server';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { publishProject } from '~/services/publish-project.server';
import { resubmitFiling } from '~/services/resubmit-filing.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { startNotice } from '~/services/start-notice.server';
import { submitBid } from '~/services/submit-bid.server';
import { submitFiling } from '~/services/submit-filing.server';
import { updateProject } from '~/services/update-project.server';
import type { FilingInput } from '~/schemas/filing';
import { actorByEmail, setupTestDb } from '../support/db';
import { addOutsiders, emailOf } from '../support/personas';
import { awardedProject, panelActors, passNotice, poolOf, projectInput, seatPanel } from '../support/procurement';

/**
 * Who is told of what (issue 11): each use case writes its notifications in its own transaction, to
 * the people the event concerns and to nobody else: not the other organizations, not the
 * neighbouring community's or street's staff, not the bureaus above. Nothing sealed is in them: no
 * bidder's name or price before the opening, and the challenger is named to nobody.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'emitters-test' });
const A: Record<string, Actor> = {};
const org: Record<string, string> = {};
const DAY = 86_400_000;
const HUB = '小寨路街道社区社会组织联合会';
const AGENCY = '雁塔区启航社会工作服务中心';

interface Told {
  kind: string;
  to: string;
  params: Record<string, string | number>;
  href: string;
}

/** The notifications `step` wrote, as kind → the e-mail addresses told (sorted), and every row. */
async function told(step: () => Promise<unknown>) {
  const before = new Set((await t.db.select({ id: notifications.id }).from(notifications)).map((n) => n.id));
  await step();
  const rows = await t.db
    .select({ id: notifications.id, kind: notifications.kind, to: users.email, params: notifications.params, href: notifications.href })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId));
  const fresh: Told[] = rows.filter((r) => !before.has(r.id)).map((r) => ({ kind: r.kind, to: r.to!, params: r.params, href: r.href }));
  const byKind: Record<string, string[]> = {};
  for (const r of fresh) (byKind[r.kind] ??= []).push(r.to);
  for (const list of Object.values(byKind)) list.sort();
  return { byKind, rows: fresh };
}

const bid = (organizationId: string, price: number) => ({
  organizationId,
  price,
  servicePlan: '组建助老志愿服务小组，每周上门探访，每月举办健康讲座，建立老人需求档案。',
  team: '社工2名，志愿者20名',
  expectedOutputs: '服务老人200人次，讲座12场',
});

beforeAll(async () => {
  await addOutsiders(t.db);
  for (const who of ['bureau', 'station', 'committee', 'hub', 'agency', 'org', 'leader', 'evaluator', 'evaluator2', 'evaluator3', 'evaluator5']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  }
  const id = async (name: string) => (await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  org.hub = await id(HUB);
  org.agency = await id(AGENCY);
  org.elderly = await id('永松社区助老服务队');
  org.dance = await id('永松社区夕阳红舞蹈队');
});

describe('procurement: bidders, the panel, the purchaser, the challenger', () => {
  let projectId = '';
  let title = '';
  let hubBid = '';
  let agencyBid = '';

  it('an amendment and a clarification reach the bidders (and the organization that asked), and nothing sealed', async () => {
    ({ id: projectId } = await createProject(t.db, ctx(A.bureau!), projectInput({ tolerance: 0 })));
    title = (await getProject(t.db, projectId))!.project.title;
    await publishProject(t.db, ctx(A.bureau!), projectId);
    hubBid = (await submitBid(t.db, ctx(A.hub!), projectId, bid(org.hub!, 150_000_00))).id;
    agencyBid = (await submitBid(t.db, ctx(A.agency!), projectId, bid(org.agency!, 160_000_00))).id;

    const amended = await told(() =>
      updateProject(
        t.db,
        ctx(A.bureau!),
        projectId,
        projectInput({ tolerance: 0, description: '为辖区空巢老人提供上门探访、健康讲座、心理慰藉和助餐服务，每月不少于四次活动。' }),
      ),
    );
    expect(amended.byKind).toEqual({ 'project.amended': ['agency@demo.cn', 'hub@demo.cn'] });
    for (const r of amended.rows) {
      expect(Object.keys(r.params).sort()).toEqual(['deadlineAt', 'number', 'title']);
      expect(r.params).toMatchObject({ title, number: 1 });
      expect(r.href).toBe(`/projects/${projectId}`);
    }

    // The elderly-care team (org@demo.cn) asks without bidding; the answer reaches every bidder and it.
    const { id: questionId } = await askQuestion(t.db, ctx(A.org!), projectId, {
      organizationId: org.elderly!,
      question: '服务人次是否包含线上活动参与人数？',
    });
    const clarified = await told(() =>
      answerQuestion(t.db, ctx(A.bureau!), projectId, { questionId, answer: '不包含，仅统计线下活动的参与人次。', changesDocuments: false }),
    );
    expect(clarified.byKind).toEqual({ 'project.clarified': ['agency@demo.cn', 'hub@demo.cn', 'org@demo.cn'] });
    expect(JSON.stringify(clarified.rows.map((r) => r.params))).not.toMatch(/150000|160000|联合会|启航/);
  });

  it('each drawn expert is told of their seat; nobody else', async () => {
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, projectId);
    const seated = await told(() => seatPanel(t.db, A.bureau!, projectId, [A.evaluator!, A.evaluator2!, A.evaluator3!]));
    expect(seated.byKind).toEqual({ 'panel.seated': ['evaluator2@demo.cn', 'evaluator3@demo.cn', 'evaluator@demo.cn'].sort() });
    expect(seated.rows.every((r) => Object.keys(r.params).join() === 'title')).toBe(true);
  });

  it('a challenge reaches the purchasing unit without its filer; the answer only the filer’s organization', async () => {
    await startEvaluation(t.db, ctx(A.bureau!), projectId);
    const [plan, team] = (await getProject(t.db, projectId))!.criteria;
    for (const e of ['evaluator', 'evaluator2', 'evaluator3']) {
      await saveScores(t.db, ctx(A[e]!), projectId, [
        { bidId: hubBid, criterionId: plan!.id, pointsHundredths: 4500, comment: '' },
        { bidId: agencyBid, criterionId: plan!.id, pointsHundredths: 4000, comment: '' },
        { bidId: hubBid, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
        { bidId: agencyBid, criterionId: team!.id, pointsHundredths: 1500, comment: '' },
      ]);
      await submitScores(t.db, ctx(A[e]!), projectId);
    }
    await startNotice(t.db, ctx(A.bureau!), projectId);
    let challengeId = '';
    const filed = await told(async () => {
      ({ id: challengeId } = await fileChallenge(t.db, ctx(A.agency!), projectId, {
        organizationId: org.agency!,
        matter: 'ranking',
        bidId: hubBid,
        reasons: '第一名的服务方案得分明显偏高，与其方案内容不相称。',
        evidence: '本单位与第一名投标文件的方案对比说明一份。',
      }));
    });
    // The county bureau's staff purchase it; the neighbouring county's bureau and the city do not.
    expect(filed.byKind).toEqual({ 'challenge.filed': ['bureau@demo.cn'] });
    expect(Object.keys(filed.rows[0]!.params).sort()).toEqual(['answerDueAt', 'title']);
    const answered = await told(() =>
      answerChallenge(t.db, ctx(A.bureau!), projectId, { challengeId, answer: '经复核，评分符合评审标准，质疑不成立。', outcome: 'dismissed' }),
    );
    expect(answered.byKind).toEqual({ 'challenge.answered': ['agency@demo.cn'] });
    expect(answered.rows[0]!.params).toEqual({ title, outcomeKey: 'notification.outcome.dismissed' });
  });

  it('the award tells the winner its amount and every other bidder that it did not win', async () => {
    await passNotice(t.db, projectId);
    const awarded = await told(() => awardProject(t.db, ctx(A.bureau!), projectId));
    expect(awarded.byKind).toEqual({ 'project.awarded': ['hub@demo.cn'], 'project.notAwarded': ['agency@demo.cn'] });
    expect(awarded.rows.find((r) => r.kind === 'project.awarded')!.params).toEqual({ title, amountFen: 150_000_00 });
    expect(awarded.rows.find((r) => r.kind === 'project.notAwarded')!.params).toEqual({ title });
  });

  it('a replacement drawn after a recusal is told of its seat; the panel drawn before is not told again', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区社区读书角服务项目', tolerance: 0 }));
    await publishProject(t.db, ctx(A.bureau!), id);
    await submitBid(t.db, ctx(A.hub!), id, bid(org.hub!, 120_000_00));
    advanceClock(11 * DAY);
    await closeBiddingIfDue(t.db, id);
    // 韩冰 (evaluator4) advises the hub and must avoid it: 杜娟 is the one left to replace a recused member.
    const pool = [A.evaluator!, A.evaluator2!, A.evaluator3!, A.evaluator5!];
    await poolOf(t.db, pool);
    const drawn = await told(() => drawProjectPanel(t.db, ctx(A.bureau!), id, 3));
    const seated = await panelActors(t.db, id);
    const emails = async (actors: Actor[]) =>
      (
        await t.db
          .select({ email: users.email })
          .from(users)
          .where(
            inArray(
              users.id,
              actors.map((a) => a.userId),
            ),
          )
      )
        .map((u) => u.email!)
        .sort();
    expect(drawn.byKind).toEqual({ 'panel.seated': await emails(seated) });
    await startEvaluation(t.db, ctx(A.bureau!), id);
    const left = pool.find((e) => !seated.some((s) => s.userId === e.userId))!;
    const replaced = await told(() => declareConflict(t.db, ctx(seated[0]!), id, '与投标机构负责人为近亲属'));
    expect(replaced.byKind).toEqual({ 'panel.seated': await emails([left]) });
  });

  it('a cancellation tells the bidders only', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区社区助餐服务项目', tolerance: 0 }));
    await publishProject(t.db, ctx(A.bureau!), id);
    await submitBid(t.db, ctx(A.hub!), id, bid(org.hub!, 120_000_00));
    const cancelled = await told(() => cancelProject(t.db, ctx(A.bureau!), id, '年度预算调整，本项目暂停采购。'));
    expect(cancelled.byKind).toEqual({ 'project.cancelled': ['hub@demo.cn'] });
    expect(cancelled.rows[0]!.params).toEqual({ title: '雁塔区社区助餐服务项目', reason: '年度预算调整，本项目暂停采购。' });
  });
});

describe('contracts: the side that acts next, both at signing, the payee when paid', () => {
  let contractId = '';
  const terms = (amountFen: number) => ({
    amountFen,
    startDate: '2026-01-01',
    endDate: '2028-12-31',
    paymentRail: 'treasury' as const,
    milestones: [
      { title: '中期报告', kind: 'reporting' as const, dueDate: '2028-06-30' },
      { title: '终期验收', kind: 'delivery' as const, dueDate: '2028-12-31' },
    ],
    tranches: [
      { percent: 50, milestoneIndex: null },
      { percent: 50, milestoneIndex: 1 },
    ],
  });

  it('drafting asks the awarded organization to confirm; the first confirmation asks the other side; signing tells both', async () => {
    const { projectId } = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: HUB, price: 100_000_00 });
    const drafted = await told(async () => {
      ({ id: contractId } = await draftContract(t.db, ctx(A.bureau!), projectId, {
        ...terms(100_000_00),
        subcontracting: { maxPercent: 70, excludedWork: '项目统筹与督导' },
      }));
    });
    expect(drafted.byKind).toEqual({ 'contract.toConfirm': ['hub@demo.cn'] });
    expect(drafted.rows[0]).toMatchObject({ href: `/contracts/${contractId}`, params: { amountFen: 100_000_00 } });
    expect(String(drafted.rows[0]!.params.number)).toMatch(/^610113-\d{4}-\d{4}$/);
    const payeeFirst = await told(() => confirmContract(t.db, ctx(A.hub!), contractId));
    expect(payeeFirst.byKind).toEqual({ 'contract.toConfirm': ['bureau@demo.cn'] });
    const signed = await told(() => confirmContract(t.db, ctx(A.bureau!), contractId));
    expect(signed.byKind).toEqual({ 'contract.signed': ['bureau@demo.cn', 'hub@demo.cn'] });
  });

  it('a deliverable goes to the payer; its return and its acceptance to the payee; a payment to the payee', async () => {
    const [mid] = await t.db
      .select()
      .from(milestones)
      .where(and(eq(milestones.contractId, contractId), eq(milestones.position, 0)));
    const report = { report: '完成需求调研和服务对象建档。', beneficiaries: {}, activityCount: 3 };
    const submitted = await told(() => submitDeliverable(t.db, ctx(A.hub!), mid!.id, report));
    expect(submitted.byKind).toEqual({ 'deliverable.submitted': ['bureau@demo.cn'] });
    expect(submitted.rows[0]!.params).toEqual({ title: submitted.rows[0]!.params.title, milestone: '中期报告', round: 1 });
    const returned = await told(() => reviewDeliverable(t.db, ctx(A.bureau!), mid!.id, 'return', '请补充服务对象签字确认表。'));
    expect(returned.byKind).toEqual({ 'deliverable.returned': ['hub@demo.cn'] });
    expect(returned.rows[0]!.params).toMatchObject({ milestone: '中期报告', reason: '请补充服务对象签字确认表。' });
    await submitDeliverable(t.db, ctx(A.hub!), mid!.id, report);
    const accepted = await told(() => reviewDeliverable(t.db, ctx(A.bureau!), mid!.id, 'accept', '中期报告内容完整，同意验收。'));
    expect(accepted.byKind).toEqual({ 'deliverable.accepted': ['hub@demo.cn'] });

    const [first] = await t.db
      .select()
      .from(tranches)
      .where(and(eq(tranches.contractId, contractId), isNull(tranches.milestoneId)));
    const paid = await told(() =>
      disburseByTreasury(t.db, ctx(A.bureau!), first!.id, { voucherNumber: '雁财支-通知-1', paymentDate: todayInChina(), bankReference: 'BOC-N1' }),
    );
    expect(paid.byKind).toEqual({ 'tranche.paid': ['hub@demo.cn'] });
    expect(paid.rows[0]!.params).toMatchObject({ amountFen: first!.amountFen });
  });

  it('an amendment goes to the other side; its answer back to the proposer', async () => {
    const [mid] = await t.db
      .select()
      .from(milestones)
      .where(and(eq(milestones.contractId, contractId), eq(milestones.position, 1)));
    let amendmentId = '';
    const proposed = await told(async () => {
      ({ id: amendmentId } = await proposeAmendment(
        t.db,
        ctx(A.hub!),
        contractId,
        { dueDates: { [mid!.id]: '2028-11-30' } },
        '社区活动中心年底装修，终期验收提前。',
      ));
    });
    expect(proposed.byKind).toEqual({ 'amendment.proposed': ['bureau@demo.cn'] });
    expect(proposed.rows[0]!.params).toMatchObject({ number: 1, reason: '社区活动中心年底装修，终期验收提前。' });
    const confirmed = await told(() => confirmAmendment(t.db, ctx(A.bureau!), amendmentId));
    expect(confirmed.byKind).toEqual({ 'amendment.answered': ['hub@demo.cn'] });
    expect(confirmed.rows[0]!.params).toMatchObject({ number: 1, outcomeKey: 'notification.outcome.inForce' });

    const { id: second } = await proposeAmendment(t.db, ctx(A.bureau!), contractId, { endDate: '2028-12-15' }, '财政年度结算需要提前结束服务期。');
    const declined = await told(() => closeAmendment(t.db, ctx(A.hub!), second, 'decline', '服务期缩短无法完成约定服务量。'));
    expect(declined.byKind).toEqual({ 'amendment.answered': ['bureau@demo.cn'] });
    expect(declined.rows[0]!.params).toMatchObject({ number: 2, outcomeKey: 'notification.outcome.declined' });
  });

  it('a subcontract asks the parent’s purchaser for consent; consent tells the hub and asks the subcontracted organization to confirm', async () => {
    let subId = '';
    const asked = await told(async () => {
      ({ id: subId } = await draftSubcontract(t.db, ctx(A.hub!), contractId, org.dance!, '文体助老活动', {
        ...terms(20_000_00),
        tranches: [{ percent: 100, milestoneIndex: null }],
      }));
    });
    expect(asked.byKind).toEqual({ 'subcontract.consentAsked': ['bureau@demo.cn'] });
    expect(asked.rows[0]).toMatchObject({ href: `/contracts/${contractId}`, params: { title: '文体助老活动', amountFen: 20_000_00 } });
    const given = await told(() => decideSubcontractConsent(t.db, ctx(A.bureau!), contractId, subId, 'given', '同意将文体助老活动分包给该舞蹈队。'));
    expect(given.byKind).toEqual({ 'subcontract.consentGiven': ['hub@demo.cn'], 'contract.toConfirm': ['org@demo.cn'] });

    const { id: refusedSub } = await draftSubcontract(t.db, ctx(A.hub!), contractId, org.dance!, '节日慰问演出', {
      ...terms(10_000_00),
      tranches: [{ percent: 100, milestoneIndex: null }],
    });
    const refused = await told(() => decideSubcontractConsent(t.db, ctx(A.bureau!), contractId, refusedSub, 'refused', '演出内容不属于可分包的服务。'));
    expect(refused.byKind).toEqual({ 'subcontract.consentRefused': ['hub@demo.cn'] });
    expect((await t.db.select({ status: contracts.status }).from(contracts).where(eq(contracts.id, refusedSub)))[0]!.status).toBe('terminated');
  });
});

describe('registry: the reviewing committee, then its street station, and the applicant at each step', () => {
  const input = (name: string): FilingInput => ({
    name,
    regionCode: DEMO.community,
    serviceCategories: ['culture'],
    beneficiaryGroups: ['allResidents'],
    leaderName: '王书华',
    contactPhone: '13900000001',
    foundedOn: '2025-01-01',
    memberCount: 8,
    charter: '本会由热爱书法的社区居民自愿组成，定期开展书法交流与公益活动。',
    rules: '',
  });

  it('submitted to the home community’s committee only; returned, resubmitted; passed to the street’s station; filed', async () => {
    let id = '';
    const submitted = await told(async () => {
      ({ id } = await submitFiling(t.db, ctx(A.leader!), input('永松社区书法协会')));
    });
    // Not the neighbouring community's committee, nor the station or bureau above before their turn.
    expect(submitted.byKind).toEqual({ 'filing.submitted': ['committee@demo.cn'] });
    expect(submitted.rows[0]).toMatchObject({ href: `/filings/${id}`, params: { name: '永松社区书法协会' } });

    const returned = await told(() => firstReviewFiling(t.db, ctx(A.committee!), { applicationId: id, decision: 'return', reason: '请补充活动场地说明。' }));
    expect(returned.byKind).toEqual({ 'filing.returned': ['leader@demo.cn'] });
    expect(returned.rows[0]!.params).toEqual({ name: '永松社区书法协会', reason: '请补充活动场地说明。' });
    const again = await told(() => resubmitFiling(t.db, ctx(A.leader!), id, { ...input('永松社区书法协会'), rules: '活动场地：社区活动中心二楼。' }));
    expect(again.byKind).toEqual({ 'filing.submitted': ['committee@demo.cn'] });

    const passed = await told(() => firstReviewFiling(t.db, ctx(A.committee!), { applicationId: id, decision: 'pass' }));
    // The street station of this community, not the neighbouring street's (otherStation).
    expect(passed.byKind).toEqual({ 'filing.passed': ['leader@demo.cn'], 'filing.submitted': ['station@demo.cn'] });

    const filed = await told(() => decideFiling(t.db, ctx(A.station!), { applicationId: id, decision: 'file' }));
    expect(filed.byKind).toEqual({ 'filing.filed': ['leader@demo.cn'] });
    const [created] = await t.db
      .select({ id: organizations.id, number: organizations.filingNumber })
      .from(organizations)
      .where(eq(organizations.name, '永松社区书法协会'));
    expect(filed.rows[0]).toMatchObject({ href: `/orgs/${created!.id}`, params: { name: '永松社区书法协会', filingNumber: created!.number } });
  });

  it('a rejection reaches the applicant with the reason', async () => {
    const { id } = await submitFiling(t.db, ctx(A.leader!), input('永松社区棋牌社'));
    await firstReviewFiling(t.db, ctx(A.committee!), { applicationId: id, decision: 'pass' });
    const rejected = await told(() =>
      decideFiling(t.db, ctx(A.station!), { applicationId: id, decision: 'reject', reason: '与已备案的组织活动内容重复，建议合并。' }),
    );
    expect(rejected.byKind).toEqual({ 'filing.rejected': ['leader@demo.cn'] });
    expect(rejected.rows[0]!.params).toEqual({ name: '永松社区棋牌社', reason: '与已备案的组织活动内容重复，建议合并。' });
  });

  it('the outsiders were never told anything', async () => {
    const outsiders = await t.db
      .select({ id: users.id })
      .from(users)
      .where(inArray(users.email, (['otherBureau', 'otherStation', 'otherCommittee', 'offPanel'] as const).map(emailOf)));
    expect(outsiders).toHaveLength(4);
    const theirs = await t.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(
        inArray(
          notifications.userId,
          outsiders.map((o) => o.id),
        ),
      );
    expect(theirs).toEqual([]);
  });
});
