/**
 * The demo's data: where it lives and its accounts (the README lists them). Plain data, so tests and
 * scripts can name the demo's people and places; the seed that carries the demo through the use
 * cases is scripts/demo/ (db/ knows no use case).
 */
import type { Role } from '~/domain/catalog';

/** The one password of every demo account (README lists them). */
export const DEMO_PASSWORD = 'Demo@2026pass';

/** Where the demo lives: 雁塔区 (Xi'an), 小寨路街道, 永松社区. */
export const DEMO = {
  province: '61',
  city: '6101',
  county: '610113',
  street: '610113001',
  community: '610113001002',
  neighbourCommunity: '610113001005',
} as const;

export interface DemoUser {
  key: string;
  displayName: string;
  email: string;
  mobile: string;
  role?: Role;
  regionCode?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', displayName: '平台管理员', email: 'admin@demo.cn', mobile: '13800000000', role: 'platformAdmin' },
  { key: 'province', displayName: '省民政厅 王敏', email: 'province@demo.cn', mobile: '13800000001', role: 'bureauStaff', regionCode: DEMO.province },
  { key: 'city', displayName: '西安市民政局 赵磊', email: 'city@demo.cn', mobile: '13800000002', role: 'bureauStaff', regionCode: DEMO.city },
  { key: 'bureau', displayName: '雁塔区民政局 刘洋', email: 'bureau@demo.cn', mobile: '13800000003', role: 'bureauStaff', regionCode: DEMO.county },
  { key: 'station', displayName: '小寨路街道民政工作站 陈静', email: 'station@demo.cn', mobile: '13800000004', role: 'stationStaff', regionCode: DEMO.street },
  {
    key: 'committee',
    displayName: '永松社区居委会 李芳',
    email: 'committee@demo.cn',
    mobile: '13800000005',
    role: 'committeeStaff',
    regionCode: DEMO.community,
  },
  { key: 'org', displayName: '夕阳红舞蹈队 张秀兰', email: 'org@demo.cn', mobile: '13800000006' },
  { key: 'hub', displayName: '小寨路社会组织联合会 孙伟', email: 'hub@demo.cn', mobile: '13800000007' },
  { key: 'evaluator', displayName: '评审专家 周明', email: 'evaluator@demo.cn', mobile: '13800000008', role: 'evaluator' },
  { key: 'leader', displayName: '申请人 吴刚', email: 'leader@demo.cn', mobile: '13800000009' },
  { key: 'agency', displayName: '启航社工中心 郑华', email: 'agency@demo.cn', mobile: '13800000010' },
  { key: 'evaluator2', displayName: '评审专家 何静', email: 'evaluator2@demo.cn', mobile: '13800000011', role: 'evaluator' },
  { key: 'evaluator3', displayName: '评审专家 罗军', email: 'evaluator3@demo.cn', mobile: '13800000012', role: 'evaluator' },
  // Two more experts of the pool, whom the demo's draws avoid (scripts/demo/experts.ts).
  { key: 'evaluator4', displayName: '评审专家 韩冰', email: 'evaluator4@demo.cn', mobile: '13800000013', role: 'evaluator' },
  { key: 'evaluator5', displayName: '评审专家 杜娟', email: 'evaluator5@demo.cn', mobile: '13800000014', role: 'evaluator' },
];
