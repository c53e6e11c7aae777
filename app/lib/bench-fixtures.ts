import type { OrgRow } from '~/components/org-table';
import type { ProjectRow } from '~/components/project-library-view';
import type { RankingRow } from '~/components/project-view';

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
  ['6101', '西安市'], ['6102', '铜川市'], ['6103', '宝鸡市'], ['6104', '咸阳市'], ['6105', '渭南市'],
  ['6106', '延安市'], ['6107', '汉中市'], ['6108', '榆林市'], ['6109', '安康市'], ['6110', '商洛市'],
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

const CRITERIA = [
  { id: 'c-plan', name: '服务方案', weight: 50, kind: 'scored' },
  { id: 'c-team', name: '团队与经验', weight: 20, kind: 'scored' },
  { id: 'c-price', name: '报价', weight: 30, kind: 'price' },
];

const BIDDERS = ['永松社区夕阳红舞蹈队', '雁塔区启航社会工作服务中心', '小寨路街道社区社会组织联合会', '永松社区助老服务队', '雁塔区乐龄社会工作服务中心'];

/** The same shape as the project page's public part, in public notice, ranking of five bids. */
export function constantProject() {
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
        ...(i === 0 ? [{ key: 'ranking.reason.passed', params: { other: 'b-1', otherTotal: '90.50', total: '90.00', tolerance: 2 } }] : []),
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
      serviceStart: '2027-01-01',
      serviceEnd: '2027-12-31',
      allowedLegalStatuses: ['registered', 'filed'],
      allowedKinds: ['communityOrg', 'hub', 'socialWorkAgency'],
      regionRestricted: true,
      bidDeadline: '2026-12-01T09:00:00.000Z',
      noticeDays: 5,
      scoringMethod: 'mean',
      toleranceHundredths: 200,
      publishedAt: '2026-11-01T02:00:00.000Z',
      noticeEndsAt: '2026-12-10T02:00:00.000Z',
    },
    criteria: CRITERIA,
    amendments: [
      { number: 1, at: '2026-11-10T03:00:00.000Z', material: true, fields: ['budgetFen', 'criteria'], previousDeadline: '2026-11-12T09:00:00.000Z', newDeadline: '2026-12-01T09:00:00.000Z' },
    ],
    bidCount: 5,
    ranking,
    award: null,
  };
}
