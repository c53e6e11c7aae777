import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bids, contracts, filingApplications, milestones, organizations, panelMembers, projectChallenges, projectCriteria, projects, users } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { addCalendarDays } from '~/domain/working-days';
import { advanceClock, now, todayInChina } from '~/lib/clock.server';
import { workspaceCount, workspaceOf, type Workspace } from '~/queries/workspace/index.server';
import type { ListId, WorkItem } from '~/queries/workspace/types';
import * as root from '~/root';
import * as workspaceRoute from '~/routes/workspace';
import { confirmContract } from '~/services/confirm-contract.server';
import { createProject } from '~/services/create-project.server';
import { reviewDeliverable, submitDeliverable } from '~/services/deliverables.server';
import { draftContract } from '~/services/draft-contract.server';
import { publishProject } from '~/services/publish-project.server';
import { answerChallenge } from '~/services/answer-challenge.server';
import { fileChallenge } from '~/services/file-challenge.server';
import { saveScores } from '~/services/score-bids.server';
import { submitBid } from '~/services/submit-bid.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { addOutsiders, emailOf } from '../support/personas';
import { appropriate } from '../support/budget';
import { awardedProject, passNotice, projectInput, seatPanel } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Workspaces by role (issue 11): each person sees what waits for them, scoped by their roles as the
 * permission rules scope them (a unit is its role at its region; an organization role its own
 * organization), each item linking to where the work is done, and nothing sealed. The navigation's
 * number counts the same tasks. Data beyond the demo's is made through the real use cases.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'workspace-test' });
const PEOPLE = [
  'admin',
  'province',
  'city',
  'bureau',
  'station',
  'committee',
  'org',
  'hub',
  'agency',
  'evaluator',
  'evaluator2',
  'evaluator3',
  'evaluator4',
  'evaluator5',
  'leader',
] as const;
const clockAtStart = now().getTime() - Date.now();

const ws = (who: string) => workspaceOf(t.db, A[who]!);
/** Every item of a list, across the person's sections. */
const items = (w: Workspace, list: ListId): WorkItem[] => w.sections.flatMap((s) => s.lists.filter((l) => l.id === list).flatMap((l) => l.items));
const hrefs = (w: Workspace, list: ListId) => items(w, list).map((i) => i.href);
const projectId = async (title: string) => (await t.db.select({ id: projects.id }).from(projects).where(eq(projects.title, title)))[0]!.id;
const orgId = async (name: string) => (await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
const mainContractOf = async (payee: string) =>
  (
    await t.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.payeeOrganizationId, await orgId(payee)), isNull(contracts.parentContractId)))
  )[0]!.id;
const milestoneOf = async (contractId: string, position: number) =>
  (
    await t.db
      .select({ id: milestones.id })
      .from(milestones)
      .where(and(eq(milestones.contractId, contractId), eq(milestones.position, position)))
  )[0]!.id;
/** The navigation's number must be the tasks the page lists, for everyone. */
async function expectCountMatches(who: string) {
  const w = await ws(who);
  expect(await workspaceCount(t.db, A[who]!), who).toBe(w.tasks);
  return w;
}

beforeAll(async () => {
  await addOutsiders(t.db);
  for (const p of PEOPLE) A[p] = await actorByEmail(t.db, `${p}@demo.cn`);
  for (const p of ['otherBureau', 'otherStation', 'otherCommittee', 'offPanel'] as const) A[p] = await actorByEmail(t.db, emailOf(p));
});

afterAll(() => {
  advanceClock(clockAtStart - (now().getTime() - Date.now()));
});

describe('a purchasing unit sees its projects, challenges, questions and contracts, and nothing sealed', () => {
  it('the county bureau (雁塔区) sees each of its projects where the next step is done', async () => {
    const w = await expectCountMatches('bureau');
    const p = {
      closed: await projectId('雁塔区低保家庭就业帮扶项目'),
      evaluating: await projectId('雁塔区社区矛盾纠纷调解项目'),
      ranked: await projectId('雁塔区残疾人社区康复支持项目'),
      notice: await projectId('雁塔区困境儿童关爱陪伴项目'),
      published: await projectId('雁塔区社区文化活动季项目'),
      tie: await projectId('雁塔区社区老年助餐服务项目'),
    };
    expect(w.sections.map((s) => [s.family, s.role, s.name])).toEqual([['purchaser', 'bureauStaff', '雁塔区']]);
    expect(hrefs(w, 'toEvaluate')).toEqual([`/projects/${p.closed}#panel-title`]);
    expect(hrefs(w, 'toNotice')).toEqual([`/projects/${p.ranked}#purchaser-title`]);
    expect(hrefs(w, 'evaluating')).toEqual([`/projects/${p.evaluating}`]);
    // One of the three experts has submitted (scripts/demo/projects.ts).
    expect(items(w, 'evaluating')[0]!.label).toMatchObject({ key: 'workspace.item.evaluating', params: { done: 1, seated: 3 } });
    const [notice] = await t.db.select({ endsAt: projects.noticeEndsAt }).from(projects).where(eq(projects.id, p.notice));
    expect(items(w, 'notices')).toEqual([
      { label: expect.objectContaining({ key: 'workspace.item.notice' }), due: notice!.endsAt!.toISOString(), href: `/projects/${p.notice}` },
    ]);
    const [bidding] = await t.db.select({ deadline: projects.bidDeadline }).from(projects).where(eq(projects.id, p.published));
    expect(items(w, 'bidding')).toEqual([{ label: expect.anything(), due: bidding!.deadline.toISOString(), href: `/projects/${p.published}` }]);
    // The demo's unanswered clarification question, to be answered for every bidder before the deadline.
    expect(items(w, 'questions')).toEqual([
      {
        label: { key: 'workspace.item.question', params: { title: '雁塔区社区文化活动季项目', n: 1 } },
        due: bidding!.deadline.toISOString(),
        href: `/projects/${p.published}#clarifications-title`,
      },
    ]);
    // The tie drawn by lots was awarded without a contract yet: to draft, within 30 days of the award notice.
    expect(hrefs(w, 'toContract')).toEqual([`/projects/${p.tie}/contract/new`]);
    expect(items(w, 'toContract')[0]!.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Nothing of another unit: the station's draft, the committee's projects.
    expect(hrefs(w, 'drafts')).toEqual([]);
    expect(JSON.stringify(w)).not.toContain('小寨路街道青少年四点半课堂');
    expect(JSON.stringify(w)).not.toContain('永松社区重阳节敬老文艺活动');
  });

  it('the county bureau sees its contracts on the payer side: the report to review, the amendment to answer, the consent to give', async () => {
    const w = await ws('bureau');
    const team = await mainContractOf('永松社区助老服务队');
    const hub = await mainContractOf('小寨路街道社区社会组织联合会');
    const [waiting] = await t.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(eq(contracts.parentContractId, hub), isNull(contracts.consentDecision)));
    expect(hrefs(w, 'reviews')).toEqual([`/contracts/${team}#review-${await milestoneOf(team, 0)}`]);
    expect(items(w, 'amendments')).toEqual([
      {
        label: { key: 'workspace.item.amendment', params: { n: 1, contract: '雁塔区空巢老人关爱服务项目（2026年度）' } },
        due: null,
        href: `/contracts/${team}#answer-amendment-title`,
      },
    ]);
    expect(hrefs(w, 'consents')).toEqual([`/contracts/${hub}#consent-${waiting!.id}`]);
    // The hub's own subcontract work is the hub's: the bureau pays none of it.
    expect(hrefs(w, 'payments')).toEqual([]);
  });

  it('a purchaser sees no bid before the opening: not its price, not its bidder, not how many there are', async () => {
    const published = await projectId('雁塔区社区文化活动季项目');
    const [bid] = await t.db.select({ priceFen: bids.priceFen }).from(bids).where(eq(bids.projectId, published));
    for (const who of ['bureau', 'city', 'province', 'station', 'committee', 'admin']) {
      const text = JSON.stringify(await ws(who));
      expect(text, who).not.toContain(String(bid!.priceFen));
      expect(text, who).not.toContain('58,000');
      for (const bidder of ['永松社区助老服务队', '雁塔区启航社会工作服务中心']) expect(text, `${who}: ${bidder}`).not.toContain(bidder);
    }
    const about = items(await ws('bureau'), 'bidding').find((i) => i.href === `/projects/${published}`)!;
    expect(Object.keys(about.label.params)).toEqual(['title']);
  });

  it('a challenge filed during the notice waits for the purchaser’s written answer, without naming who filed it', async () => {
    const notice = await projectId('雁塔区困境儿童关爱陪伴项目');
    const agencyOrg = await orgId('雁塔区启航社会工作服务中心');
    const { id } = await fileChallenge(t.db, ctx(A.agency!), notice, {
      organizationId: agencyOrg,
      matter: 'result',
      bidId: undefined,
      reasons: '评审结果与采购文件载明的评分标准不一致。',
      evidence: '采购文件第三章评分标准与公示结果对照表。',
    });
    const [challenge] = await t.db.select({ due: projectChallenges.answerDueAt }).from(projectChallenges).where(eq(projectChallenges.id, id));
    const w = await expectCountMatches('bureau');
    expect(items(w, 'challenges')).toEqual([
      {
        label: { key: 'workspace.item.challenge.result', params: { title: '雁塔区困境儿童关爱陪伴项目' } },
        due: challenge!.due.toISOString(),
        href: `/projects/${notice}#challenges-title`,
      },
    ]);
    expect(JSON.stringify(w)).not.toContain('雁塔区启航社会工作服务中心');
    // Another county's bureau answers nothing of it.
    expect(items(await ws('otherBureau'), 'challenges')).toEqual([]);
  });

  it('a unit is its role at its region: the city and the province see none of the county’s projects or contracts', async () => {
    for (const who of ['city', 'province']) {
      const w = await expectCountMatches(who);
      expect(
        w.sections.map((s) => s.family),
        who,
      ).toEqual(['purchaser']);
      expect(w.sections[0]!.lists, who).toEqual([]);
      expect(w.tasks, who).toBe(0);
    }
  });

  it('a draft is found again by its own unit only, not by another county’s bureau nor the city above', async () => {
    const before = await workspaceCount(t.db, A.bureau!);
    const mine = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区社区心理健康服务项目（草稿）' }));
    const theirs = await createProject(t.db, ctx(A.otherBureau!), projectInput({ title: '未央区社区心理健康服务项目（草稿）', regionCode: '610112' }));
    const bureau = await expectCountMatches('bureau');
    expect(items(bureau, 'drafts')).toEqual([
      { label: { key: 'workspace.item.draft', params: { title: '雁塔区社区心理健康服务项目（草稿）' } }, due: null, href: `/projects/${mine.id}` },
    ]);
    expect(JSON.stringify(bureau)).not.toContain(theirs.id);
    const other = await expectCountMatches('otherBureau');
    expect(hrefs(other, 'drafts')).toEqual([`/projects/${theirs.id}`]);
    expect(JSON.stringify(other)).not.toContain(mine.id);
    for (const who of ['city', 'province', 'station']) expect(JSON.stringify(await ws(who)), who).not.toContain(mine.id);
    // The draft is a task: the bureau's number went up by one.
    expect(bureau.tasks).toBe(before + 1);
  });
});

describe('committees and stations also review filings, each its own step and place', () => {
  it('the committee first-reviews its community’s submitted applications and drafts its own contract', async () => {
    const w = await expectCountMatches('committee');
    const [waiting] = await t.db.select({ id: filingApplications.id }).from(filingApplications).where(eq(filingApplications.name, '永松社区广场舞蹈队'));
    expect(items(w, 'filings')).toEqual([
      {
        label: { key: 'workspace.item.filingFirstReview', params: { name: '永松社区广场舞蹈队', community: '永松社区居委会' } },
        due: null,
        href: `/filings/${waiting!.id}`,
      },
    ]);
    // The returned application waits for its applicant, the passed one for the station.
    expect(JSON.stringify(w)).not.toContain('永松社区读书会');
    expect(JSON.stringify(w)).not.toContain('永松社区科普志愿队');
    // Its community purchase was awarded to the filed dance team: the contract is the committee's to draft.
    expect(hrefs(w, 'toContract')).toEqual([`/projects/${await projectId('永松社区重阳节敬老文艺活动')}/contract/new`]);
  });

  it('the station decides what passed the first review, and finds its draft; the neighbouring committee and street see none of it', async () => {
    const w = await expectCountMatches('station');
    const [passed] = await t.db.select({ id: filingApplications.id }).from(filingApplications).where(eq(filingApplications.name, '永松社区科普志愿队'));
    expect(hrefs(w, 'filings')).toEqual([`/filings/${passed!.id}`]);
    expect(items(w, 'filings')[0]!.label.key).toBe('workspace.item.filingDecide');
    expect(hrefs(w, 'drafts')).toEqual([`/projects/${await projectId('小寨路街道青少年四点半课堂')}`]);
    for (const who of ['otherCommittee', 'otherStation']) {
      const other = await expectCountMatches(who);
      expect(items(other, 'filings'), who).toEqual([]);
      expect(JSON.stringify(other), who).not.toContain('小寨路街道青少年四点半课堂');
    }
  });
});

describe('evaluators see their panels, the bids to score and the conflicts to declare', () => {
  it('on the panel under evaluation, who has submitted follows along and who has not scores', async () => {
    const evaluating = await projectId('雁塔区社区矛盾纠纷调解项目');
    const seats = await t.db
      .select({ email: users.email, submittedAt: panelMembers.submittedAt })
      .from(panelMembers)
      .innerJoin(users, eq(users.id, panelMembers.evaluatorUserId))
      .where(eq(panelMembers.projectId, evaluating));
    expect(seats).toHaveLength(3);
    for (const seat of seats) {
      const who = seat.email!.split('@')[0]!;
      const w = await expectCountMatches(who);
      expect(w.sections.map((s) => s.family)).toEqual(['evaluator']);
      if (seat.submittedAt) {
        expect(hrefs(w, 'toScore'), who).not.toContain(`/projects/${evaluating}/score`);
        expect(items(w, 'panels').find((i) => i.href === `/projects/${evaluating}`)!.label.key, who).toBe('workspace.item.panelSubmitted');
      } else {
        expect(items(w, 'toScore').find((i) => i.href === `/projects/${evaluating}/score`)!.label.key, who).toBe('workspace.item.score');
        // Once points are saved (drafts, not submitted), the item says to finish.
        const [bid] = await t.db
          .select({ id: bids.id })
          .from(bids)
          .where(and(eq(bids.projectId, evaluating), eq(bids.status, 'submitted')));
        const [criterion] = await t.db
          .select({ id: projectCriteria.id })
          .from(projectCriteria)
          .where(and(eq(projectCriteria.projectId, evaluating), eq(projectCriteria.kind, 'scored')));
        await saveScores(t.db, ctx(A[who]!), evaluating, [{ bidId: bid!.id, criterionId: criterion!.id, pointsHundredths: 3000, comment: '' }]);
        const after = await expectCountMatches(who);
        expect(items(after, 'toScore').find((i) => i.href === `/projects/${evaluating}/score`)!.label.key, who).toBe('workspace.item.scoreContinue');
      }
      // Nothing of a bid: no bidder, no price.
      expect(JSON.stringify(w), who).not.toContain('永松社区助老服务队');
    }
    const off = await expectCountMatches('offPanel');
    expect(off.sections.map((s) => s.lists.length)).toEqual([0]);
  });

  it('a panel drawn after bidding closed asks its members to declare conflicts before the evaluation', async () => {
    const closed = await projectId('雁塔区低保家庭就业帮扶项目');
    // (evaluator4 works for a bidder and evaluator5 lives in a bidder's community: the draw would avoid them.)
    await seatPanel(t.db, A.bureau!, closed, [A.evaluator2!, A.evaluator3!, A.evaluator!]);
    for (const who of ['evaluator2', 'evaluator3', 'evaluator']) {
      const w = await expectCountMatches(who);
      expect(items(w, 'conflicts'), who).toContainEqual({
        label: { key: 'workspace.item.conflict', params: { title: '雁塔区低保家庭就业帮扶项目' } },
        due: null,
        href: `/projects/${closed}#evaluator-title`,
      });
    }
    for (const who of ['evaluator4', 'evaluator5']) expect(JSON.stringify(await ws(who)), who).not.toContain(closed);
  });
});

describe('organizations see what fits them, their bids and their contracts; hubs their subcontracts', () => {
  it('each organization of its administrator has its own section with its bids and how they ended', async () => {
    const w = await expectCountMatches('org');
    const team = await orgId('永松社区助老服务队');
    expect(w.sections.map((s) => [s.family, s.role, s.name]).sort()).toEqual(
      [
        ['organization', 'orgAdmin', '小寨东路社区四点半课堂'],
        ['organization', 'orgAdmin', '永松社区助老服务队'],
        ['organization', 'orgAdmin', '永松社区夕阳红舞蹈队'],
        ['organization', 'orgAdmin', '永松社区邻里调解志愿队'],
      ].sort(),
    );
    const teamBids = w.sections.find((s) => s.id === team)!.lists.find((l) => l.id === 'bids')!.items;
    const label = async (title: string) => {
      const href = `/projects/${await projectId(title)}`;
      return teamBids.find((i) => i.href === href)?.label.key;
    };
    expect(await label('雁塔区社区文化活动季项目')).toBe('workspace.item.bidSealed');
    expect(await label('雁塔区空巢老人关爱服务项目（2026年度）')).toBe('workspace.item.bidWon');
    expect(await label('雁塔区社区矛盾纠纷调解项目')).toBe('workspace.item.bidEvaluating');
    expect(await label('雁塔区困境儿童关爱陪伴项目')).toBe('workspace.item.bidRanked');
    // Another organization's bids are not its business.
    const agency = await ws('agency');
    expect(JSON.stringify(agency)).not.toContain('永松社区助老服务队');
  });

  it('open projects that fit an organization’s categories and region, and not those it has bid for or may not bid for', async () => {
    const fits = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区空巢老人助浴服务项目', serviceCategories: ['elderlyCare'] }));
    await publishProject(t.db, ctx(A.bureau!), fits.id);
    await appropriate(t.db, emailOf('otherBureau'), { year: 2027, amount: 1_000_000_00 });
    const elsewhere = await createProject(t.db, ctx(A.otherBureau!), projectInput({ title: '未央区空巢老人助浴服务项目', regionCode: '610112' }));
    await publishProject(t.db, ctx(A.otherBureau!), elsewhere.id);
    const team = await orgId('永松社区助老服务队');
    const dance = await orgId('永松社区夕阳红舞蹈队');
    const org = await ws('org');
    const open = (id: string) =>
      org.sections
        .find((s) => s.id === id)!
        .lists.find((l) => l.id === 'openProjects')
        ?.items.map((i) => i.href) ?? [];
    // The registered elderly-care team fits; the filed dance team neither does the category nor may contract for budget money.
    expect(open(team)).toContain(`/projects/${fits.id}`);
    expect(open(dance)).not.toContain(`/projects/${fits.id}`);
    // A project restricted to another county is not offered; one the team already bid for neither.
    expect(open(team)).not.toContain(`/projects/${elsewhere.id}`);
    expect(open(team)).not.toContain(`/projects/${await projectId('雁塔区社区文化活动季项目')}`);
    // The agency (elderly care too, the whole county) is offered it; once it bids, the project moves to its bids, sealed.
    const agencyOrg = await orgId('雁塔区启航社会工作服务中心');
    expect(hrefs(await ws('agency'), 'openProjects')).toContain(`/projects/${fits.id}`);
    await submitBid(t.db, ctx(A.agency!), fits.id, {
      organizationId: agencyOrg,
      price: 150_000_00,
      servicePlan: '上门助浴，每月两次。',
      team: '社工2名',
      expectedOutputs: '服务200人次',
    });
    const agency = await expectCountMatches('agency');
    expect(hrefs(agency, 'openProjects')).not.toContain(`/projects/${fits.id}`);
    expect(items(agency, 'bids').find((i) => i.href === `/projects/${fits.id}`)!.label.key).toBe('workspace.item.bidSealed');
    // The purchaser still sees only the deadline.
    expect(JSON.stringify(await ws('bureau'))).not.toContain('15000000');
  });

  it('a returned deliverable waits for its organization only; the reviewer no longer has it', async () => {
    const team = await mainContractOf('永松社区助老服务队');
    const mid = await milestoneOf(team, 0);
    await reviewDeliverable(t.db, ctx(A.bureau!), mid, 'return', '请补充中期活动照片。');
    const org = await expectCountMatches('org');
    expect(items(org, 'returned')).toEqual([
      {
        label: { key: 'workspace.item.returned', params: { title: '中期报告', contract: '雁塔区空巢老人关爱服务项目（2026年度）' } },
        due: expect.any(String),
        href: `/contracts/${team}#m-${mid}`,
      },
    ]);
    for (const who of ['agency', 'hub']) expect(JSON.stringify(await ws(who)), who).not.toContain(mid);
    expect(hrefs(await expectCountMatches('bureau'), 'reviews')).not.toContain(`/contracts/${team}#review-${mid}`);
  });

  it('the hub reviews its subcontractors’ deliverables; the subcontract waiting for consent it can only follow', async () => {
    const hub = await mainContractOf('小寨路街道社区社会组织联合会');
    const subs = await t.db
      .select({ id: contracts.id, title: contracts.title, consent: contracts.consentDecision })
      .from(contracts)
      .where(eq(contracts.parentContractId, hub))
      .orderBy(asc(contracts.createdAt));
    const signed = subs.find((s) => s.consent === 'given')!;
    const waiting = subs.find((s) => s.consent === null)!;
    let w = await expectCountMatches('hub');
    expect(hrefs(w, 'awaitingConsent')).toEqual([`/contracts/${waiting.id}`]);
    expect(hrefs(w, 'toConfirm')).toEqual([]);
    // The dance team hands in its final report under the subcontract.
    const final = await milestoneOf(signed.id, 1);
    await submitDeliverable(t.db, ctx(A.org!), final, {
      report: '全年组织文体助老活动30场，服务老人650人次。',
      beneficiaries: { emptyNestElderly: 650 },
      activityCount: 30,
    });
    w = await expectCountMatches('hub');
    expect(hrefs(w, 'reviews')).toEqual([`/contracts/${signed.id}#review-${final}`]);
    // Not the bureau's to review (it pays the hub, not the subcontractor), nor the payee's.
    expect(JSON.stringify(await ws('bureau'))).not.toContain(final);
    expect(hrefs(await ws('org'), 'reviews')).toEqual([]);
  });

  it('a contract to confirm, then milestones due in the next 30 days, wait for the payee only', async () => {
    const { projectId: awarded } = await awardedProject(
      t.db,
      { email: 'agency@demo.cn', orgName: '雁塔区启航社会工作服务中心', price: 120_000_00 },
      { title: '雁塔区独居老人紧急援助项目' },
    );
    const today = todayInChina();
    const { id } = await draftContract(t.db, ctx(A.bureau!), awarded, {
      amountFen: 120_000_00,
      startDate: addCalendarDays(today, -5),
      endDate: addCalendarDays(today, 300),
      paymentRail: 'treasury',
      milestones: [
        { title: '服务方案', kind: 'reporting', dueDate: addCalendarDays(today, 10) },
        { title: '终期验收', kind: 'delivery', dueDate: addCalendarDays(today, 300) },
      ],
      tranches: [
        { percent: 50, milestoneIndex: null },
        { percent: 50, milestoneIndex: 1 },
      ],
    });
    let agency = await expectCountMatches('agency');
    const [award] = await t.db.select({ awardedAt: projects.awardedAt }).from(projects).where(eq(projects.id, awarded));
    expect(items(agency, 'toConfirm')).toEqual([
      {
        label: { key: 'workspace.item.confirm', params: { title: '雁塔区独居老人紧急援助项目' } },
        due: addCalendarDays(todayInChina(award!.awardedAt!), 30),
        href: `/contracts/${id}#confirm-title`,
      },
    ]);
    // The bureau, as payer, confirms too; the organization of another administrator sees nothing of it.
    expect(hrefs(await ws('bureau'), 'toConfirm')).toEqual([`/contracts/${id}#confirm-title`]);
    expect(JSON.stringify(await ws('org'))).not.toContain(id);
    await confirmContract(t.db, ctx(A.agency!), id);
    await confirmContract(t.db, ctx(A.bureau!), id);
    agency = await expectCountMatches('agency');
    expect(hrefs(agency, 'toConfirm')).toEqual([]);
    const plan = await milestoneOf(id, 0);
    expect(items(agency, 'milestonesDue')).toEqual([
      {
        label: { key: 'workspace.item.milestone', params: { title: '服务方案', contract: '雁塔区独居老人紧急援助项目' } },
        due: addCalendarDays(today, 10),
        href: `/contracts/${id}#m-${plan}`,
      },
    ]);
    // The final acceptance, 300 days away, is not due yet; the advance-free first tranche is the bureau's to pay.
    expect(JSON.stringify(agency)).not.toContain(await milestoneOf(id, 1));
    expect(hrefs(await expectCountMatches('bureau'), 'payments').some((h) => h.startsWith(`/contracts/${id}#pay-`))).toBe(true);
  });
});

describe('the platform administrator watches every queue of the province', () => {
  it('counts across the province, no tasks of its own', async () => {
    const w = await expectCountMatches('admin');
    expect(w.sections).toEqual([]);
    expect(w.tasks).toBe(0);
    const queue = (id: ListId) => w.admin!.find((q) => q.id === id)!.count;
    const open = await t.db.select({ id: projectChallenges.id }).from(projectChallenges).where(eq(projectChallenges.status, 'open'));
    expect(queue('challenges')).toBe(open.length);
    const filings = await t.db
      .select({ id: filingApplications.id })
      .from(filingApplications)
      .where(inArray(filingApplications.status, ['submitted', 'firstReviewPassed']));
    expect(queue('filings')).toBe(filings.length);
    // Every unit's bidding projects, counted together: at least the county bureau's and the other bureau's.
    expect(queue('bidding')).toBeGreaterThanOrEqual(items(await ws('bureau'), 'bidding').length + items(await ws('otherBureau'), 'bidding').length);
    expect(queue('drafts')).toBeGreaterThanOrEqual(3);
    const drafts = await t.db.select({ id: projects.id }).from(projects).where(eq(projects.status, 'draft'));
    expect(queue('drafts')).toBe(drafts.length);
    const waitingConsent = await t.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(and(isNotNull(contracts.parentContractId), isNull(contracts.consentDecision), eq(contracts.status, 'draft')));
    expect(queue('consents')).toBe(waitingConsent.length);
  });

  it('someone with no role has nothing waiting and is shown what to do next', async () => {
    const w = await expectCountMatches('leader');
    expect(w.sections).toEqual([]);
    expect(w.admin).toBeNull();
  });
});

describe('the pages', () => {
  it('the workspace page and the navigation’s number agree', async () => {
    for (const who of ['bureau', 'org', 'evaluator', 'admin']) {
      const cookie = await cookieFor(t.db, `${who}@demo.cn`);
      const page = await callRoute(workspaceRoute.loader, { url: '/workspace', cookie });
      expect(page.status, who).toBe(200);
      const data = page.data as { tasks: number; sections: unknown[]; bidNotices: unknown[]; now: string };
      const layout = await callRoute(root.loader, { url: '/workspace', cookie });
      expect((layout.data as { user: { waiting: number } }).user.waiting, who).toBe(data.tasks);
    }
    const visitor = await callRoute(root.loader, { url: '/' });
    expect((visitor.data as { user: null }).user).toBeNull();
  });
});

describe('after the notice, the award waits for the challenges to be answered', () => {
  it('the award is held while the challenge is open, and is the purchaser’s to make once it is answered', async () => {
    const notice = await projectId('雁塔区困境儿童关爱陪伴项目');
    await passNotice(t.db, notice);
    let w = await expectCountMatches('bureau');
    const held = items(w, 'awards').find((i) => i.href === `/projects/${notice}#purchaser-title`)!;
    expect(held.label).toEqual({ key: 'workspace.item.awardHeld', params: { title: '雁塔区困境儿童关爱陪伴项目', n: 1 } });
    const [open] = await t.db
      .select({ id: projectChallenges.id })
      .from(projectChallenges)
      .where(and(eq(projectChallenges.projectId, notice), eq(projectChallenges.status, 'open')));
    await answerChallenge(t.db, ctx(A.bureau!), notice, {
      challengeId: open!.id,
      answer: '经复核，评审严格按照采购文件载明的评分标准进行，质疑不成立。',
      outcome: 'dismissed',
    });
    w = await expectCountMatches('bureau');
    expect(items(w, 'challenges')).toEqual([]);
    expect(items(w, 'awards').find((i) => i.href === `/projects/${notice}#purchaser-title`)!.label.key).toBe('workspace.item.award');
  });
});
