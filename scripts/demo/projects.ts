import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { bids, organizations, panelMembers, roleAssignments, users } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import type { ProjectInput } from '~/schemas/project';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { answerQuestion } from '~/services/answer-question.server';
import { askQuestion } from '~/services/ask-question.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { startEvaluation } from '~/services/start-evaluation.server';
import { saveScores, submitScores } from '~/services/score-bids.server';
import { startNotice } from '~/services/start-notice.server';
import { awardProject } from '~/services/award-project.server';
import { cancelProject } from '~/services/cancel-project.server';
import { answerChallenge } from '~/services/answer-challenge.server';
import { fileChallenge } from '~/services/file-challenge.server';
import { challengeWindowOf } from '~/services/challenge-common.server';
import { advanceClock, now, todayInChina } from '~/lib/clock.server';
import { addCalendarDays } from '~/domain/working-days';
import { getProject } from '~/queries/projects.server';
import { attachBidDocument } from '~/services/attach-document.server';
import { seedDemoContracts } from './contracts';
import { demoPdf } from './documents';

/**
 * A living project library for the demo: one project in every status, carried there through the
 * real use cases (so timelines, rankings and audit rows are real). Time cannot pass during a seed,
 * so where a step waits for a deadline or a notice period the seed moves that date into the past
 * first — the only writes here that bypass the use cases.
 */
const DAY = 86_400_000;
const DEFAULT_START = '2027-01-01';

/**
 * How many days before the seed each demo project was published: far enough back for its stage to have
 * happened in order (a two-week bidding window, a day to evaluate, the notice and its challenge window).
 */
const DAYS_BACK: Record<Stage, number> = {
  draft: 0,
  published: 0,
  cancelled: 3,
  biddingClosed: 15,
  failed: 15,
  evaluating: 16,
  ranked: 17,
  publicNotice: 18,
  awarded: 45,
};

type Stage = 'draft' | 'published' | 'biddingClosed' | 'evaluating' | 'ranked' | 'publicNotice' | 'awarded' | 'cancelled' | 'failed';

async function actor(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const assignments = await db
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, u!.id));
  return { userId: u!.id, assignments };
}

function beijing(d: Date) {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);
}

function input(over: Partial<ProjectInput>): ProjectInput {
  return {
    title: '',
    description: '',
    regionCode: '610113',
    serviceCategories: ['elderlyCare'],
    beneficiaryGroups: ['emptyNestElderly'],
    budget: 100_000_00,
    fundingSource: 'publicFinance',
    procurementMethod: 'competitiveConsultation',
    intentionId: undefined,
    longPeriodReason: undefined,
    noIntentionReason: '年度中新增的服务需求，未列入年初公开的采购意向。',
    serviceStart: DEFAULT_START,
    serviceEnd: '2027-12-31',
    allowedLegalStatuses: ['registered'],
    allowedKinds: ['communityOrg', 'hub', 'socialWorkAgency'],
    regionRestricted: true,
    bidDeadline: beijing(new Date(Date.now() + 14 * DAY)),
    noticeDays: 5,
    scoringMethod: 'mean',
    tolerance: 2,
    criteria: [
      { name: '服务方案', weight: 50, kind: 'scored' },
      { name: '团队与经验', weight: 20, kind: 'scored' },
      { name: '报价', weight: 30, kind: 'price' },
    ],
    ...over,
  };
}

const PLAN = {
  servicePlan: '组建专职社工与志愿者相结合的服务队伍，建立服务对象档案，按月制定活动计划并向社区公示，项目结束提交评估报告。',
  team: '持证社工2名，骨干志愿者15名',
  expectedOutputs: '服务300人次，开展活动24场，形成服务案例5个',
};

export async function seedDemoProjects(db: Db): Promise<Record<Stage | 'communityPurchase', string>> {
  const bureau = await actor(db, 'bureau@demo.cn');
  const station = await actor(db, 'station@demo.cn');
  const committee = await actor(db, 'committee@demo.cn');
  const orgAdmin = await actor(db, 'org@demo.cn');
  const agencyAdmin = await actor(db, 'agency@demo.cn');
  const evaluators = await Promise.all(['evaluator@demo.cn', 'evaluator2@demo.cn', 'evaluator3@demo.cn'].map((e) => actor(db, e)));
  /** Demo evaluators score in their account order; any other drawn expert after them. */
  const order = (a: Actor) => {
    const i = evaluators.findIndex((e) => e.userId === a.userId);
    return i < 0 ? evaluators.length : i;
  };
  const orgId = async (name: string) => (await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  const elderlyTeam = await orgId('永松社区助老服务队');
  const agency = await orgId('雁塔区启航社会工作服务中心');
  const ctx = (a: Actor) => ({ actor: a, requestId: 'seed' });
  /**
   * Demo history happens in order and in the past (issue 10: deadlines after publication, notices after
   * the evaluation, awards after the notice and its challenge window): each project is carried on the
   * app clock (app/lib/clock.server.ts) moved back to its publication and forward through its steps, and
   * the clock is put back afterwards. Audit rows keep the wall-clock time at which the seed wrote them.
   */
  let moved = 0;
  const move = (ms: number) => {
    advanceClock(ms);
    moved += ms;
  };
  /** To a minute past `at` (never back). */
  const moveTo = (at: Date) => move(Math.max(0, at.getTime() - now().getTime()) + 60_000);

  /** Each evaluator's points for a bid on a criterion: by default they differ by bid and evaluator. */
  const spread = (b: number, i: number, weight: number) => Math.round(weight * 100 * (0.78 + 0.04 * ((b + i) % 3) - 0.02 * b));

  let certified = false;
  async function carry(
    p: ProjectInput,
    by: Actor,
    stage: Stage,
    bidders: [Actor, string, number][],
    points = spread,
    /** What happens during the notice, before the award (a challenge filed and answered); `later` moves the clock on. */
    duringNotice?: (id: string, later: (days: number) => void) => Promise<void>,
  ) {
    move(-DAYS_BACK[stage] * DAY);
    try {
      return await carried(p, by, stage, bidders, points, duringNotice);
    } finally {
      advanceClock(-moved);
      moved = 0;
    }
  }

  async function carried(
    p: ProjectInput,
    by: Actor,
    stage: Stage,
    bidders: [Actor, string, number][],
    points: typeof spread,
    duringNotice?: (id: string, later: (days: number) => void) => Promise<void>,
  ) {
    // Bidding runs two weeks from publication, whenever that was; an awarded project's service began ten days
    // ago, after its award (its contract is signed and paying: scripts/demo/contracts.ts).
    const started = addCalendarDays(todayInChina(new Date()), -10);
    const period = stage === 'awarded' && p.serviceStart === DEFAULT_START ? { serviceStart: started, serviceEnd: addCalendarDays(started, 364) } : {};
    const { id } = await createProject(db, ctx(by), { ...p, ...period, bidDeadline: beijing(new Date(now().getTime() + 14 * DAY)) });
    if (stage === 'draft') return id;
    await publishProject(db, ctx(by), id);
    move(DAY);
    for (const [who, org, price] of bidders) {
      const bid = await submitBid(db, ctx(who), id, { organizationId: org, price, ...PLAN });
      // On the first awarded project the community team hands in its qualification certificate with its bid (sealed with it).
      if (stage === 'awarded' && org === elderlyTeam && !certified) {
        certified = true;
        await attachBidDocument(db, ctx(who), bid.id, 'qualification', { name: '资质证书.pdf', bytes: demoPdf('Qualification certificate (demo)') });
      }
    }
    if (stage === 'published') return id;
    if (stage === 'cancelled') {
      moveTo(new Date(now().getTime() + DAY));
      await cancelProject(db, ctx(by), id, '上级统筹安排同类项目，本项目取消。');
      return id;
    }
    moveTo((await getProject(db, id))!.project.bidDeadline);
    await closeBiddingIfDue(db, id);
    if (stage === 'biddingClosed' || stage === 'failed') return id;
    // The panel is drawn from the pool (scripts/demo/experts.ts); its members score in a fixed order.
    await drawProjectPanel(db, ctx(by), id, 3);
    const seated = (await db.select({ id: panelMembers.evaluatorUserId }).from(panelMembers).where(eq(panelMembers.projectId, id))).map((m) => m.id);
    const panel = (
      await Promise.all(seated.map(async (u) => actor(db, (await db.select({ email: users.email }).from(users).where(eq(users.id, u)))[0]!.email!)))
    ).sort((a, b) => order(a) - order(b));
    await startEvaluation(db, ctx(by), id);
    move(DAY);
    const { criteria } = (await getProject(db, id))!;
    const bidIds = (
      await db
        .select({ id: bids.id })
        .from(bids)
        .where(and(eq(bids.projectId, id), eq(bids.status, 'submitted')))
        .orderBy(asc(bids.submittedAt))
    ).map((r) => r.id);
    const scored = criteria.filter((c) => c.kind === 'scored');
    for (const [i, e] of panel.entries()) {
      await saveScores(
        db,
        ctx(e),
        id,
        bidIds.flatMap((bidId, b) =>
          scored.map((c) => ({
            bidId,
            criterionId: c.id,
            pointsHundredths: points(b, i, c.weight),
            comment: b === 0 ? '方案扎实，贴近社区需求' : '团队经验较丰富',
          })),
        ),
      );
      if (stage === 'evaluating' && i === 0) {
        await submitScores(db, ctx(e), id);
        return id;
      }
      if (stage !== 'evaluating') await submitScores(db, ctx(e), id);
    }
    if (stage === 'ranked') return id;
    move(DAY);
    await startNotice(db, ctx(by), id);
    if (stage === 'publicNotice') return id;
    if (duringNotice) {
      move(2 * DAY);
      await duringNotice(id, (days) => move(days * DAY));
    }
    // The award after the notice and its challenge window (ADR 021).
    moveTo((await challengeWindowOf(db, (await getProject(db, id))!.project))!);
    await awardProject(db, ctx(by), id);
    return id;
  }

  const bidders: [Actor, string, number][] = [
    [orgAdmin, elderlyTeam, 88_000_00],
    [agencyAdmin, agency, 85_000_00],
  ];
  const ids = {} as Record<Stage | 'communityPurchase', string>;
  // The same-conditions preference at work (policy §3.4, ADR 017): at the same price the agency's total is 1.40
  // points higher (87.40 against 86.00), within the 2-point tolerance, so the community team is ranked first.
  ids.awarded = await carry(
    input({
      title: '雁塔区空巢老人关爱服务项目（2026年度）',
      description: '为雁塔区空巢、独居老人提供上门探访、健康讲座、心理慰藉和紧急援助联络服务，每月开展活动不少于4次。',
    }),
    bureau,
    'awarded',
    [
      [orgAdmin, elderlyTeam, 88_000_00],
      [agencyAdmin, agency, 88_000_00],
    ],
    (b, _i, weight) => Math.round(weight * 100 * (b === 0 ? 0.8 : 0.82)),
    // A challenge (质疑) during the notice: the social-work agency challenges the ranking of the community team's
    // bid; the bureau dismisses it in writing before the award. The answer is public, the challenger unnamed.
    async (id, later) => {
      const [first] = await db
        .select({ id: bids.id })
        .from(bids)
        .where(and(eq(bids.projectId, id), eq(bids.organizationId, elderlyTeam), eq(bids.status, 'submitted')));
      const { id: challengeId } = await fileChallenge(db, ctx(agencyAdmin), id, {
        organizationId: agency,
        matter: 'ranking',
        bidId: first!.id,
        reasons: '排名第一的投标总分低于本单位，却因同等条件优先排在前面；本单位认为两者得分差距已超出同等条件的范围。',
        evidence: '评审结果公示中的两份投标总分和评分说明（公示页面截图一份）。',
      });
      later(3);
      await answerChallenge(db, ctx(bureau), id, {
        challengeId,
        answer:
          '经复核，两份投标的总分差距在采购文件载明的同等条件范围（2分）以内，社区社会组织依照《陕西省民政厅关于大力培育发展社区社会组织的实施意见》三、（四）同等条件下优先，排名符合采购文件。质疑不成立。',
        outcome: 'dismissed',
      });
    },
  );
  ids.publicNotice = await carry(
    input({
      title: '雁塔区困境儿童关爱陪伴项目',
      description: '为辖区困境儿童提供课业辅导、心理陪伴和家庭走访服务，建立一对一关爱档案。',
      serviceCategories: ['childcare', 'psychologicalSupport'],
      beneficiaryGroups: ['childrenInDifficulty'],
    }),
    bureau,
    'publicNotice',
    bidders,
  );
  ids.ranked = await carry(
    input({
      title: '雁塔区残疾人社区康复支持项目',
      description: '在辖区社区开展残疾人康复训练、辅具适配咨询和家属支持小组活动。',
      serviceCategories: ['healthService', 'rehabilitation'],
      beneficiaryGroups: ['disabled'],
    }),
    bureau,
    'ranked',
    bidders,
  );
  ids.evaluating = await carry(
    input({
      title: '雁塔区社区矛盾纠纷调解项目',
      description: '组建社区调解员队伍，开展物业、邻里和家庭纠纷调解，建立纠纷台账并定期回访。',
      serviceCategories: ['mediation'],
      beneficiaryGroups: ['allResidents'],
    }),
    bureau,
    'evaluating',
    bidders,
  );
  ids.biddingClosed = await carry(
    input({
      title: '雁塔区低保家庭就业帮扶项目',
      description: '为低保家庭提供就业信息、技能培训对接和家庭发展计划辅导服务。',
      serviceCategories: ['familyService'],
      beneficiaryGroups: ['lowIncome'],
    }),
    bureau,
    'biddingClosed',
    bidders,
  );
  ids.published = await carry(
    input({
      title: '雁塔区社区文化活动季项目',
      description: '在辖区社区组织广场文艺、书画展览和读书分享等文化活动，丰富居民文化生活。',
      serviceCategories: ['culture'],
      beneficiaryGroups: ['allResidents'],
      budget: 60_000_00,
    }),
    bureau,
    'published',
    [[orgAdmin, elderlyTeam, 58_000_00]],
  );
  // Clarifications (澄清): one answered for every bidder, without naming who asked; one still waiting.
  const { id: asked } = await askQuestion(db, ctx(agencyAdmin), ids.published, {
    organizationId: agency,
    question: '书画展览所需的展板和场地是否由采购单位提供？',
  });
  await answerQuestion(db, ctx(bureau), ids.published, {
    questionId: asked,
    answer: '场地由各社区提供，展板等布展材料由供应商负责，费用计入报价。',
    changesDocuments: false,
  });
  await askQuestion(db, ctx(orgAdmin), ids.published, { organizationId: elderlyTeam, question: '读书分享活动每场的最少参与人数有要求吗？' });
  ids.draft = await carry(
    input({
      title: '小寨路街道青少年四点半课堂',
      description: '在街道社区服务中心为双职工家庭子女提供放学后的课业辅导和兴趣活动。',
      regionCode: '610113001',
      serviceCategories: ['childcare', 'education'],
      beneficiaryGroups: ['allResidents'],
      budget: 30_000_00,
    }),
    station,
    'draft',
    [],
  );
  ids.cancelled = await carry(
    input({
      title: '雁塔区社区健身指导项目',
      description: '为社区居民提供科学健身指导、体质监测和健身队伍培训服务。',
      serviceCategories: ['sports', 'healthService'],
      beneficiaryGroups: ['allResidents'],
    }),
    bureau,
    'cancelled',
    [[agencyAdmin, agency, 52_000_00]],
  );
  ids.failed = await carry(
    input({
      title: '永松社区楼院邻里互助项目',
      description: '以社区公益金购买服务，组织楼院邻里互助小组，开展互助养老和邻里关怀活动。',
      regionCode: '610113001002',
      fundingSource: 'communityFunds',
      allowedLegalStatuses: ['registered'],
      allowedKinds: ['communityOrg'],
      budget: 8_000_00,
    }),
    committee,
    'failed',
    [],
  );
  // A committee's small purchase with community funds (policy §5.2), which a filed group may win directly: filed
  // groups cannot contract for budget money (政府采购法 §22), but the community's own funds may pay them.
  ids.communityPurchase = await carry(
    input({
      title: '永松社区重阳节敬老文艺活动',
      description: '以社区公益事业经费购买服务，在重阳节前后为辖区老人组织两场敬老文艺演出和一次集体生日会。',
      regionCode: '610113001002',
      fundingSource: 'communityFunds',
      procurementMethod: 'smallPurchase',
      serviceCategories: ['culture', 'elderlyCare'],
      beneficiaryGroups: ['emptyNestElderly', 'allResidents'],
      allowedLegalStatuses: ['registered', 'filed'],
      allowedKinds: ['communityOrg'],
      budget: 6_000_00,
      serviceStart: '2027-09-01',
      serviceEnd: '2027-10-31',
    }),
    committee,
    'awarded',
    [[orgAdmin, await orgId('永松社区夕阳红舞蹈队'), 5_800_00]],
  );
  // A hub wins a street-wide project, so the demo shows a hub subcontracting to filed organizations.
  const hubAdmin = await actor(db, 'hub@demo.cn');
  const hubOrg = await orgId('小寨路街道社区社会组织联合会');
  const hubProject = await carry(
    input({
      title: '小寨路街道社区为老服务统筹项目',
      description: '由街道枢纽型社区社会组织统筹，将各社区的助老、文体和陪伴服务交由已备案的社区社会组织实施。',
      regionCode: '610113001',
    }),
    bureau,
    'awarded',
    [[hubAdmin, hubOrg, 96_000_00]],
  );
  // A tie (并列): the community team and the hub (both community social organizations) score the same at the same
  // price, so they share rank 1 and the award is drawn by lots, recorded on the project page (ADR 017).
  await carry(
    input({
      title: '雁塔区社区老年助餐服务项目',
      description: '在辖区社区设立老年助餐点，为高龄、独居老人提供午餐配送和就餐服务，建立用餐登记和满意度回访制度。',
    }),
    bureau,
    'awarded',
    [
      [orgAdmin, elderlyTeam, 90_000_00],
      [hubAdmin, hubOrg, 90_000_00],
      [agencyAdmin, agency, 90_000_00],
    ],
    (b, _i, weight) => Math.round(weight * 100 * (b === 2 ? 0.75 : 0.8)),
  );
  await seedDemoContracts(db, {
    bureau,
    orgAdmin,
    hubAdmin,
    awardedToTeam: ids.awarded,
    awardedToHub: hubProject,
    dance: await orgId('永松社区夕阳红舞蹈队'),
    afterSchool: await orgId('小寨东路社区四点半课堂'),
  });
  return ids;
}
