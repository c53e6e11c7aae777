/**
 * The project library at scale (issue 3): 10,000 purchase projects and ~50,000 bids on the real
 * tree, in every status, with criteria, stored rankings for ranked projects and one award for each
 * awarded one. Bulk data, not audited changes (like the organizations in registry-plan.ts).
 */
import type { awards, bids, projectCriteria, projects, rankings } from '#db/schema';

export interface ProjectRng {
  float(): number;
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  uuid(): string;
}

export interface OrgForBids {
  id: string;
  regionCode: string;
  kind: string;
  legalStatus: string;
}

export interface ProjectPlan {
  projects: (typeof projects.$inferInsert & { id: string })[];
  criteria: (typeof projectCriteria.$inferInsert)[];
  bids: (typeof bids.$inferInsert & { id: string })[];
  rankings: (typeof rankings.$inferInsert)[];
  awards: (typeof awards.$inferInsert)[];
  stats: Record<string, number>;
}

const DAY = 86_400_000;
const STATUSES: { status: (typeof projects.$inferInsert)['status'] & string; weight: number }[] = [
  { status: 'published', weight: 28 },
  { status: 'biddingClosed', weight: 8 },
  { status: 'evaluating', weight: 8 },
  { status: 'ranked', weight: 5 },
  { status: 'publicNotice', weight: 6 },
  { status: 'awarded', weight: 35 },
  { status: 'cancelled', weight: 5 },
  { status: 'failed', weight: 3 },
  { status: 'draft', weight: 2 },
];
const TOPICS: { title: string; categories: string[]; groups: string[] }[] = [
  { title: '空巢老人关爱服务', categories: ['elderlyCare'], groups: ['emptyNestElderly'] },
  { title: '困境儿童陪伴成长', categories: ['childcare', 'psychologicalSupport'], groups: ['childrenInDifficulty'] },
  { title: '社区矛盾纠纷调解', categories: ['mediation'], groups: ['allResidents'] },
  { title: '残疾人社区康复', categories: ['rehabilitation', 'healthService'], groups: ['disabled'] },
  { title: '社区文化活动季', categories: ['culture'], groups: ['allResidents'] },
  { title: '低保家庭帮扶', categories: ['familyService'], groups: ['lowIncome', 'extremelyPoor'] },
  { title: '农村留守人员互助', categories: ['mutualAid'], groups: ['ruralLeftBehind'] },
  { title: '流动人口融入', categories: ['residentParticipation'], groups: ['migrants'] },
  { title: '青少年科普课堂', categories: ['education'], groups: ['allResidents'] },
  { title: '全民健身指导', categories: ['sports', 'healthService'], groups: ['allResidents'] },
];

export function generateProjects(
  rng: ProjectRng,
  input: {
    counties: { code: string; name: string }[];
    streets: { code: string; name: string }[];
    orgsByCounty: Map<string, OrgForBids[]>;
    createdBy: string;
    anchor: number;
    count: number;
  },
): ProjectPlan {
  const plan: ProjectPlan = { projects: [], criteria: [], bids: [], rankings: [], awards: [], stats: {} };
  const streetsOf = new Map<string, { code: string; name: string }[]>();
  for (const s of input.streets) {
    const c = s.code.slice(0, 6);
    streetsOf.set(c, [...(streetsOf.get(c) ?? []), s]);
  }
  const weighted = (rng: ProjectRng) => {
    const total = STATUSES.reduce((s, x) => s + x.weight, 0);
    let r = rng.float() * total;
    for (const x of STATUSES) if ((r -= x.weight) < 0) return x.status;
    return 'awarded' as const;
  };
  for (let i = 0; i < input.count; i++) {
    const county = rng.pick(input.counties);
    const atStreet = rng.chance(0.35) && (streetsOf.get(county.code)?.length ?? 0) > 0;
    const street = atStreet ? rng.pick(streetsOf.get(county.code)!) : null;
    const topic = rng.pick(TOPICS);
    const status = weighted(rng);
    const id = rng.uuid();
    const budget = rng.int(20, 500) * 1000_00;
    const open = status === 'published' || status === 'draft';
    const deadline = open ? input.anchor + rng.int(3, 60) * DAY : input.anchor - rng.int(10, 400) * DAY;
    const year = new Date(deadline).getUTCFullYear();
    plan.projects.push({
      id,
      title: `${street ? street.name : county.name}${topic.title}项目（${year}年度）`,
      description: `面向${street ? street.name : county.name}开展${topic.title}，按月制定服务计划，项目结束提交评估报告。`,
      purchaserRole: street ? 'stationStaff' : 'bureauStaff',
      purchaserRegionCode: street ? street.code : county.code,
      createdBy: input.createdBy,
      serviceCategories: topic.categories,
      beneficiaryGroups: topic.groups,
      regionCode: street ? street.code : county.code,
      budgetFen: budget,
      fundingSource: rng.chance(0.85) ? 'publicFinance' : 'socialDonations',
      serviceStart: `${year + 1}-01-01`,
      serviceEnd: `${year + 1}-12-31`,
      allowedLegalStatuses: rng.chance(0.7) ? ['registered', 'filed'] : ['registered'],
      allowedKinds: ['communityOrg', 'hub', 'countyServiceOrg', 'socialWorkAgency'],
      regionRestricted: true,
      bidDeadline: new Date(deadline),
      noticeDays: 5,
      scoringMethod: rng.chance(0.3) ? 'trimmedMean' : 'mean',
      toleranceHundredths: rng.pick([0, 0, 100, 200]),
      status,
      statusReason: status === 'cancelled' ? '预算调整，项目取消' : status === 'failed' ? 'noEligibleBid' : null,
      publishedAt: status === 'draft' ? null : new Date(deadline - 20 * DAY),
      closedAt: open || status === 'cancelled' ? null : new Date(deadline),
      rankedAt: ['ranked', 'publicNotice', 'awarded'].includes(status) ? new Date(deadline + 7 * DAY) : null,
      noticeEndsAt: ['publicNotice', 'awarded'].includes(status) ? new Date(status === 'awarded' ? deadline + 13 * DAY : input.anchor + 3 * DAY) : null,
      awardedAt: status === 'awarded' ? new Date(deadline + 14 * DAY) : null,
      createdAt: new Date(deadline - 25 * DAY),
      updatedAt: new Date(Math.min(input.anchor, deadline + 14 * DAY)),
    });
    const criteriaIds = [rng.uuid(), rng.uuid(), rng.uuid()];
    plan.criteria.push(
      { id: criteriaIds[0], projectId: id, position: 0, name: '服务方案', weight: 50, kind: 'scored' },
      { id: criteriaIds[1], projectId: id, position: 1, name: '团队与经验', weight: 20, kind: 'scored' },
      { id: criteriaIds[2], projectId: id, position: 2, name: '报价', weight: 30, kind: 'price' },
    );
    plan.stats[status] = (plan.stats[status] ?? 0) + 1;
    if (status === 'draft' || status === 'failed') continue;
    const pool = (input.orgsByCounty.get(county.code) ?? []).filter(
      (o) =>
        (street ? o.regionCode.startsWith(street.code) || street.code.startsWith(o.regionCode) : true) &&
        (plan.projects.at(-1)!.allowedLegalStatuses as string[]).includes(o.legalStatus),
    );
    const n = Math.min(pool.length, rng.int(3, 9));
    const chosen = new Set<OrgForBids>();
    while (chosen.size < n) chosen.add(rng.pick(pool));
    const projectBids = [...chosen].map((o) => ({
      id: rng.uuid(),
      projectId: id,
      organizationId: o.id,
      submittedBy: input.createdBy,
      priceFen: Math.round(budget * (0.8 + rng.float() * 0.2)),
      servicePlan: `${topic.title}服务方案：组建服务团队，建立服务档案，按月开展活动并接受社区监督。`,
      team: `社工${rng.int(1, 4)}名，志愿者${rng.int(5, 30)}名`,
      expectedOutputs: `服务${rng.int(100, 800)}人次，活动${rng.int(6, 36)}场`,
      submittedAt: new Date(deadline - rng.int(1, 15) * DAY),
      isCommunity: o.kind === 'communityOrg',
    }));
    for (const { isCommunity: _c, ...b } of projectBids) plan.bids.push(b);
    if (!['ranked', 'publicNotice', 'awarded'].includes(status)) continue;
    const lowest = Math.min(...projectBids.map((b) => b.priceFen));
    const totals = projectBids
      .map((b) => ({ b, t: Math.round(rng.int(5500, 6800) + (30 * lowest * 100) / b.priceFen) }))
      .sort((x, y) => y.t - x.t || x.b.priceFen - y.b.priceFen);
    totals.forEach(({ b, t }, i) =>
      plan.rankings.push({
        projectId: id,
        bidId: b.id,
        rank: i + 1,
        totalHundredths: t,
        preferred: false,
        reasons: [{ key: 'ranking.reason.total', params: { total: (t / 100).toFixed(2) } }],
        computedAt: new Date(deadline + 7 * DAY),
      }),
    );
    if (status === 'awarded' && totals[0]) {
      const w = totals[0].b;
      plan.awards.push({
        projectId: id,
        bidId: w.id,
        organizationId: w.organizationId,
        amountFen: w.priceFen,
        status: 'awarded',
        awardedBy: input.createdBy,
        awardedAt: new Date(deadline + 14 * DAY),
      });
    }
  }
  plan.stats.bids = plan.bids.length;
  return plan;
}
