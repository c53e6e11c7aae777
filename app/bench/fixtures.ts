// Over 400 lines: constant data shaped like each benchmarked page's read model, one block per page; built only with BENCH=1.
import type { ContractViewData } from '~/components/contract/contract-view';
import type { FundTraceViewProps } from '~/components/fund-trace-view';
import type { OrgRow } from '~/components/org-table';
import type { ProjectRow } from '~/components/project-library-view';
import type { ProjectFacts, RankingRow } from '~/components/project-view';
import type { WorkspaceViewProps } from '~/components/workspace-view';
import type { ListId, WorkItem, WorkList } from '~/queries/workspace/types';

export const CATEGORY_SAMPLE = ['culture', 'elderlyCare', 'mediation'];

const ROWS: OrgRow[] = Array.from({ length: 20 }, (_, i) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `雁塔区小寨路街道第${i + 1}社区夕阳红志愿服务队`,
  kind: 'communityOrg',
  legalStatus: i % 3 ? 'filed' : 'registered',
  status: 'active',
  regionName: '永松社区居委会',
  serviceCategories: CATEGORY_SAMPLE.slice(0, 1 + (i % 3)),
  memberCount: 10 + i,
}));

const CITIES = [
  ['6101', '西安市'],
  ['6102', '铜川市'],
  ['6103', '宝鸡市'],
  ['6104', '咸阳市'],
  ['6105', '渭南市'],
  ['6106', '延安市'],
  ['6107', '汉中市'],
  ['6108', '榆林市'],
  ['6109', '安康市'],
  ['6110', '商洛市'],
].map(([code, name]) => ({ code: code!, name: name! }));

/** The same shape as the directory loader's answer, built without any I/O. */
export function constantDirectory() {
  return {
    rows: ROWS,
    total: 4321,
    filters: { q: undefined, kind: undefined, legalStatus: undefined, category: 'culture' },
    picker: { levels: [{ parent: '61', selected: null, options: CITIES }] },
    page: 1,
    pageSize: 20,
  };
}

const PROJECT_ROWS: ProjectRow[] = Array.from({ length: 20 }, (_, i) => ({
  id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  title: `雁塔区小寨路街道第${i + 1}社区空巢老人关爱服务项目`,
  status: i % 4 ? 'published' : 'publicNotice',
  budgetFen: 5_000_000 + i * 125_050,
  bidDeadline: new Date(Date.UTC(2026, 11, 1 + i, 9, 0)).toISOString(),
  regionName: '雁塔区',
  purchaserRole: 'bureauStaff',
  purchaserRegionCode: '610113',
  purchaserRegionName: '雁塔区',
  serviceCategories: CATEGORY_SAMPLE.slice(0, 1 + (i % 3)),
}));

/** The same shape as the project library loader's answer, built without any I/O. */
export function constantLibrary() {
  return {
    rows: PROJECT_ROWS,
    total: 321,
    filters: { q: undefined, category: 'elderlyCare', status: undefined, min: undefined, max: undefined, purchaser: undefined },
    purchaserName: null,
    picker: { levels: [{ parent: '61', selected: null, options: CITIES }] },
    page: 1,
    pageSize: 20,
    mayCreate: false,
  };
}

const CRITERIA: ProjectFacts['criteria'] = [
  { id: 'c-plan', name: '服务方案', weight: 50, kind: 'scored' },
  { id: 'c-team', name: '团队与经验', weight: 20, kind: 'scored' },
  { id: 'c-price', name: '报价', weight: 30, kind: 'price' },
];

const BIDDERS = ['永松社区夕阳红舞蹈队', '雁塔区启航社会工作服务中心', '小寨路街道社区社会组织联合会', '永松社区助老服务队', '雁塔区乐龄社会工作服务中心'];

/** The same shape as the project page's public part, in public notice, ranking of five bids. */
export function constantProject(): ProjectFacts {
  const lowest = 17_000_000;
  const ranking = BIDDERS.map((orgName, i): RankingRow => {
    const price = lowest + i * 500_000;
    const total = 9_000 - i * 150;
    return {
      bidId: `b-${i}`,
      rank: i + 1,
      totalHundredths: total,
      preferred: i === 0,
      priceFen: price,
      orgName,
      orgKind: i === 0 || i === 3 ? 'communityOrg' : 'socialWorkAgency',
      ineligibleReason: null,
      reasons: [
        { key: 'ranking.reason.criterion', params: { criterion: 'c-plan', score: '42.50', count: 3 } },
        { key: 'ranking.reason.criterion', params: { criterion: 'c-team', score: '17.00', count: 3 } },
        { key: 'ranking.reason.price', params: { criterion: 'c-price', score: ((30 * lowest) / price).toFixed(2), weight: 30, lowest, price } },
        { key: 'ranking.reason.total', params: { total: (total / 100).toFixed(2) } },
        ...(i === 0 ? [{ key: 'ranking.reason.passed' as const, params: { other: 'b-1', otherTotal: '90.50', total: '90.00', tolerance: 2 } }] : []),
      ],
    };
  });
  return {
    project: {
      id: '00000000-0000-4000-9000-000000000001',
      title: '雁塔区空巢老人关爱服务项目',
      description: '为辖区空巢老人提供上门探访、健康讲座和心理慰藉服务，每月不少于四次活动。'.repeat(4),
      status: 'publicNotice',
      statusReason: null,
      purchaserRole: 'bureauStaff',
      purchaserRegionCode: '610113',
      purchaserRegionName: '雁塔区',
      regionName: '雁塔区',
      regionPath: '陕西省 / 西安市 / 雁塔区',
      serviceCategories: ['elderlyCare', 'psychologicalSupport'],
      beneficiaryGroups: ['emptyNestElderly'],
      budgetFen: 20_000_000,
      fundingSource: 'publicFinance',
      procurementMethod: 'competitiveConsultation',
      singleSource: null,
      intention: null,
      longPeriodReason: null,
      noIntentionReason: '年度中新增的服务需求。',
      serviceStart: '2027-01-01',
      serviceEnd: '2027-12-31',
      allowedLegalStatuses: ['registered', 'filed'],
      allowedKinds: ['communityOrg', 'hub', 'socialWorkAgency'],
      regionRestricted: true,
      bidDeadline: '2026-12-01T09:00:00.000Z',
      awaitingOpening: false,
      noticeDays: 5,
      scoringMethod: 'mean',
      toleranceHundredths: 200,
      publishedAt: '2026-11-01T02:00:00.000Z',
      noticeEndsAt: '2026-12-10T02:00:00.000Z',
    },
    criteria: CRITERIA,
    amendments: [
      {
        number: 1,
        at: '2026-11-10T03:00:00.000Z',
        material: true,
        fields: ['budgetFen', 'criteria'],
        previousDeadline: '2026-11-12T09:00:00.000Z',
        newDeadline: '2026-12-01T09:00:00.000Z',
      },
    ],
    bidCount: 5,
    ranking,
    award: null,
  };
}

const uuid = (group: string, i: number) => `00000000-0000-4000-${group}-${String(i).padStart(12, '0')}`;

const REPORT = '本阶段共开展上门探访、健康讲座和心理慰藉活动，服务空巢老人、独居老人及其家属，活动记录、签到表和照片已整理归档。'.repeat(3);

/**
 * The same shape as the contract page's answer for the payer (the purchasing unit): a signed
 * contract with 2 milestones (one accepted after a returned round, one submitted and waiting for
 * review), 3 tranches (one paid, one unlocked, one locked), 3 rounds, 2 subcontracts.
 */
export function constantContract(): ContractViewData {
  const m1 = uuid('a000', 1);
  const m2 = uuid('a000', 2);
  const round = (
    i: number,
    milestoneId: string,
    n: number,
    status: 'submitted' | 'returned' | 'accepted',
    reviewReason: string | null,
    submittedAt: string,
    reviewedAt: string | null,
  ) => ({
    id: uuid('b000', i),
    round: n,
    report: REPORT,
    beneficiaries: { emptyNestElderly: 120 + i * 10, disabled: 12 },
    activityCount: 8 + i,
    late: i === 1,
    status,
    reviewReason,
    submittedAt,
    reviewedAt,
    milestoneId,
  });
  const rounds = [
    round(1, m1, 1, 'returned', '活动签到表缺少日期，请补充后重新提交。', '2027-07-02T02:00:00.000Z', '2027-07-05T03:00:00.000Z'),
    round(2, m1, 2, 'accepted', null, '2027-07-10T02:00:00.000Z', '2027-07-12T03:00:00.000Z'),
    round(3, m2, 1, 'submitted', null, '2027-12-20T02:00:00.000Z', null),
  ];
  const roundsOf = (id: string) => rounds.filter((r) => r.milestoneId === id).map(({ milestoneId: _m, ...r }) => r);
  const amountFen = 13_449_762;
  return {
    contract: {
      id: uuid('c000', 1),
      title: '雁塔区空巢老人关爱服务项目（2026年度）',
      status: 'signed',
      amountFen,
      fundingSource: 'publicFinance',
      startDate: '2027-01-01',
      endDate: '2027-12-31',
      paymentRail: 'treasury',
      payerConfirmedAt: '2026-05-08T02:00:00.000Z',
      payeeConfirmedAt: '2026-05-09T16:00:00.000Z',
      signedAt: '2026-05-09T16:00:00.000Z',
      rating: null,
      ratingComment: null,
      completedAt: null,
      statusReason: null,
      terminatedAt: null,
      createdAt: '2026-05-08T01:00:00.000Z',
      isSubcontract: false,
      subcontractMaxPercent: 30,
      subcontractExcludedWork: '个案关爱服务、项目统筹与督导',
      acceptanceOpinion: null,
      performanceScore: null,
      consent: null,
    },
    payer: { kind: 'unit', role: 'bureauStaff', regionCode: '610113', regionName: '雁塔区' },
    payee: { id: uuid('d000', 1), name: '小寨路街道社区社会组织联合会', kind: 'hub' },
    project: { id: uuid('9000', 1), title: '雁塔区空巢老人关爱服务项目', serviceStart: '2027-01-01', serviceEnd: '2027-12-31' },
    parent: null,
    milestones: [
      {
        id: m1,
        position: 0,
        title: '中期报告',
        kind: 'reporting',
        dueDate: '2027-06-30',
        status: 'accepted',
        acceptedAt: '2027-07-12T03:00:00.000Z',
        rounds: roundsOf(m1),
      },
      { id: m2, position: 1, title: '终期验收', kind: 'delivery', dueDate: '2027-12-31', status: 'submitted', acceptedAt: null, rounds: roundsOf(m2) },
    ],
    tranches: [
      {
        id: uuid('e000', 1),
        position: 0,
        percent: 50,
        amountFen: 6_724_881,
        milestoneId: null,
        status: 'paid',
        advance: false,
        rail: 'treasury',
        voucherNumber: '财支-2027-8801',
        bankReference: 'BANK443100',
        paymentDate: '2027-01-15',
        paidAt: '2027-01-15T02:00:00.000Z',
      },
      {
        id: uuid('e000', 2),
        position: 1,
        percent: 30,
        amountFen: 4_034_928,
        milestoneId: m1,
        status: 'unlocked',
        advance: false,
        rail: null,
        voucherNumber: null,
        bankReference: null,
        paymentDate: null,
        paidAt: null,
      },
      {
        id: uuid('e000', 3),
        position: 2,
        percent: 20,
        amountFen: 2_689_953,
        milestoneId: m2,
        status: 'locked',
        advance: false,
        rail: null,
        voucherNumber: null,
        bankReference: null,
        paymentDate: null,
        paidAt: null,
      },
    ],
    subcontracts: [
      {
        id: uuid('c000', 2),
        title: '雁塔区空巢老人关爱服务项目（2026年度）（分包 1）',
        status: 'signed',
        amountFen: 1_704_271,
        payeeName: '永松社区夕阳红舞蹈队',
        paidFen: 852_136,
        consentDecision: 'given',
        consentText: '同意分包，主体工作由联合会自行履行。',
        consentAt: '2026-05-20T02:00:00.000Z',
        consentByName: '雁塔区民政局',
      },
      {
        id: uuid('c000', 3),
        title: '雁塔区空巢老人关爱服务项目（2026年度）（分包 2）',
        status: 'signed',
        amountFen: 1_704_271,
        payeeName: '永松社区助老服务队',
        paidFen: 852_136,
        consentDecision: 'given',
        consentText: '同意分包，主体工作由联合会自行履行。',
        consentAt: '2026-05-20T02:00:00.000Z',
        consentByName: '雁塔区民政局',
      },
    ],
    amendments: [
      {
        id: uuid('a000', 1),
        number: 1,
        status: 'inForce',
        endDate: null,
        dueDates: [{ milestoneId: m1, before: '2027-06-15', after: '2027-06-30' }],
        reason: '社区活动场地装修，中期活动顺延两周。',
        proposedBySide: 'payee',
        payerConfirmedAt: '2027-06-03T02:00:00.000Z',
        payeeConfirmedAt: '2027-06-02T08:00:00.000Z',
        closedAt: null,
        closeReason: null,
        createdAt: '2027-06-02T08:00:00.000Z',
      },
    ],
    side: 'payer',
    files: [],
    today: '2027-12-28',
    started: true,
    remainingShareFen: 627_386,
    may: {
      confirm: false,
      submit: [],
      review: [m2],
      accept: [m2],
      consent: [],
      pay: [uuid('e000', 2)],
      complete: false,
      subcontract: false,
      amend: true,
      answerAmendment: null,
      withdrawAmendment: null,
      terminate: true,
    },
  };
}

/**
 * The same shape as the public fund trace's answer: one hub contract with 3 subcontracts and 6
 * payments (3 on the contract, 1 on each subcontract).
 */
export function constantFundTrace(): FundTraceViewProps {
  const payment = (i: number, position: number, amountFen: number, paid: boolean) => ({
    id: uuid('f000', i),
    position,
    amountFen,
    status: paid ? 'paid' : 'processing',
    rail: paid ? 'treasury' : 'stripe',
    paymentDate: paid ? `2027-0${1 + position * 3}-15` : null,
    voucherNumber: paid ? `财支-2027-88${String(i).padStart(2, '0')}` : null,
    paidAt: paid ? `2027-0${1 + position * 3}-15T02:00:00.000Z` : null,
  });
  const node = (i: number, title: string, amountFen: number, payee: { name: string; kind: string }, payments: ReturnType<typeof payment>[]) => ({
    id: uuid('c000', i),
    title,
    status: 'signed',
    amountFen,
    paymentRail: 'treasury',
    signedAt: '2026-05-09T16:00:00.000Z',
    completedAt: null,
    payee: { id: uuid('d000', i), ...payee },
    payments,
    paidFen: payments.filter((p) => p.status === 'paid').reduce((s, p) => s + p.amountFen, 0),
  });
  const title = '小寨路街道社区文化活动季项目（2026年度）';
  const subs = ['永松社区夕阳红舞蹈队', '永松社区助老服务队', '小寨路社区治安巡防队'].map((name, i) =>
    node(2 + i, `${title}（分包 ${i + 1}）`, 1_704_271, { name, kind: 'communityOrg' }, [payment(4 + i, 0, 852_136, true)]),
  );
  const hub = node(1, title, 13_449_762, { name: '小寨路街道社区社会组织联合会', kind: 'hub' }, [
    payment(1, 0, 6_724_881, true),
    payment(2, 1, 4_034_928, true),
    payment(3, 2, 2_689_953, false),
  ]);
  return {
    project: {
      id: uuid('9000', 2),
      title: '小寨路街道社区文化活动季项目',
      status: 'awarded',
      purchaserRole: 'bureauStaff',
      purchaserRegionCode: '610113',
      purchaserRegionName: '雁塔区',
      fundingSource: 'publicFinance',
    },
    trace: [{ ...hub, subcontracts: subs, passedOnFen: subs.reduce((s, x) => s + x.paidFen, 0) }],
  };
}

/**
 * The same shape as the workspace loader's answer for a county bureau at province scale (雁塔区, the
 * benchmark's signed-in bureau): one unit section with eleven lists and 39 items, as the generated
 * data gives it (questions 1, awards 2, consents 1, reviews 3, amendments 1, toNotice 5, toEvaluate 8,
 * drafts 1, bidding 12, evaluating 4, notices 1), and the bureau's one role.
 */
export function constantWorkspace(): WorkspaceViewProps {
  const topics = ['空巢老人关爱服务', '困境儿童陪伴成长', '社区矛盾纠纷调解', '残疾人社区康复', '社区文化活动季', '低保家庭帮扶'];
  let n = 0;
  const title = () => `雁塔区${topics[n++ % topics.length]}项目（2027年度）`;
  const project = (i: number) => `/projects/${uuid('a000', i)}`;
  const contract = (i: number) => `/contracts/${uuid('c100', i)}`;
  const list = (id: ListId, task: boolean, count: number, item: (i: number) => WorkItem): WorkList => ({
    id,
    task,
    total: count,
    items: Array.from({ length: count }, (_, i) => item(i)),
  });
  const at = (days: number) => new Date(Date.UTC(2027, 0, 10 + days, 9)).toISOString();
  const lists: WorkList[] = [
    list('questions', true, 1, (i) => ({
      label: { key: 'workspace.item.question', params: { title: title(), n: 1 } },
      due: at(5),
      href: `${project(i)}#clarifications-title`,
    })),
    list('awards', true, 2, (i) => ({
      label: { key: 'workspace.item.award', params: { title: title() } },
      due: null,
      href: `${project(10 + i)}#purchaser-title`,
    })),
    list('consents', true, 1, (i) => ({
      label: { key: 'workspace.item.consent', params: { title: `${title()}（分包 1）`, parent: title() } },
      due: null,
      href: `${contract(i)}#consent-${uuid('c200', i)}`,
    })),
    list('reviews', true, 3, (i) => ({
      label: { key: 'workspace.item.review', params: { title: '中期报告', contract: title(), since: at(-3 - i) } },
      due: null,
      href: `${contract(10 + i)}#review-${uuid('e000', i)}`,
    })),
    list('amendments', true, 1, (i) => ({
      label: { key: 'workspace.item.amendment', params: { n: 1, contract: title() } },
      due: null,
      href: `${contract(20 + i)}#answer-amendment-title`,
    })),
    list('toNotice', true, 5, (i) => ({
      label: { key: 'workspace.item.toNotice', params: { title: title() } },
      due: null,
      href: `${project(20 + i)}#purchaser-title`,
    })),
    list('toEvaluate', true, 8, (i) => ({
      label: { key: 'workspace.item.toEvaluate', params: { title: title() } },
      due: null,
      href: `${project(30 + i)}#panel-title`,
    })),
    list('drafts', true, 1, (i) => ({ label: { key: 'workspace.item.draft', params: { title: title() } }, due: null, href: project(40 + i) })),
    list('bidding', false, 12, (i) => ({ label: { key: 'workspace.item.bidding', params: { title: title() } }, due: at(3 + i * 4), href: project(50 + i) })),
    list('evaluating', false, 4, (i) => ({
      label: { key: 'workspace.item.evaluating', params: { title: title(), done: i % 3, seated: 3 } },
      due: null,
      href: project(70 + i),
    })),
    list('notices', false, 1, (i) => ({ label: { key: 'workspace.item.notice', params: { title: title() } }, due: at(2), href: project(80 + i) })),
  ];
  return {
    user: { id: uuid('b000', 3), displayName: '雁塔区民政局 刘洋' },
    now: at(0),
    tasks: lists.reduce((s, l) => s + (l.task ? l.total : 0), 0),
    sections: [{ family: 'purchaser', id: 'bureauStaff@610113', role: 'bureauStaff', name: '雁塔区', href: '/regions/610113', lists }],
    admin: null,
    roles: [{ role: 'bureauStaff', region: { code: '610113', name: '雁塔区' }, org: null }],
    reviews: true,
    bidNotices: [],
  };
}
