/**
 * Data generator for scale tests and the benchmark.
 *
 *   npm run seed -- --scale=province [--seed=42]
 *   npm run seed -- --scale=demo
 *
 * Uses DATABASE_URL when set, otherwise the PGlite folder PGLITE_DIR (default ./.data/pglite).
 * Always migrates; on an empty database loads the region tree and the demo accounts (as the app's
 * first start does). `--scale=demo` stops there. `--scale=province` then generates, on the real region
 * tree and deterministically from the seed number, a province's worth of community social
 * organizations with their admins, the committee and station staff, and the filing applications with
 * their timelines.
 *
 * Running it twice is harmless: when the database already holds more than 1,000 organizations it says
 * so and exits 0. There is no reset: to start over, delete the PGlite folder or drop the database.
 *
 * No audit_events rows are written for generated data: generated bulk data is not an audited change
 * (nobody did it), and the audit chain (npm run audit:verify) stays valid because nothing is appended
 * outside recordAudit.
 */
import { eq, sql } from 'drizzle-orm';
import cliProgress from 'cli-progress';
import { openDb, DEFAULT_PGLITE_DIR, type Db, type Tx } from '#db/client';
import { migrate, rowsOf } from '#db/migrate';
import { readRegions, regionCount, seedRegions } from '#db/seed/regions';
import { DEMO, DEMO_PASSWORD, seedDemo } from '#db/seed/demo';
import {
  attachments,
  awards,
  bids,
  contracts,
  deliverables,
  filingApplications,
  filingSteps,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  milestones,
  organizations,
  projectCriteria,
  projects,
  rankings,
  regions,
  roleAssignments,
  tranches,
  users,
} from '#db/schema';
import { generateContracts } from './seed-contracts';
import { generateProjects, type OrgForBids, type ProjectPlan } from './seed-projects';
import { hashPassword } from '~/auth/password.server';
import { makeUscc } from '~/domain/uscc';
import { filingNumber } from '~/domain/filing';
import type { BeneficiaryGroup, ServiceCategory } from '~/domain/catalog';

// ---------------------------------------------------------------------------------------------
// Arguments

type Scale = 'demo' | 'province';

function parseArgs(argv: string[]): { scale: Scale; seed: number } {
  let scale: Scale | undefined;
  let seed = 42;
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2) as [string, string | undefined];
    if (key === '--scale' && (value === 'demo' || value === 'province')) scale = value;
    else if (key === '--seed' && value && /^\d+$/.test(value)) seed = Number(value);
    else if (key === '--reset') {
      console.error(
        '--reset is not supported: generated rows are not separable from real ones and audit_events is append-only.\n' +
          'To start over, delete the PGlite folder (PGLITE_DIR) or drop and re-create the database, then run this again.',
      );
      process.exit(2);
    } else if (key === '--') continue;
    else {
      console.error(`unknown or invalid argument: ${arg}`);
      scale = undefined;
      break;
    }
  }
  if (!scale) {
    console.error('usage: npm run seed -- --scale=province|demo [--seed=42]');
    process.exit(2);
  }
  return { scale, seed };
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: mulberry32, one stream for the whole run, consumed in a fixed order.

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T extends { weight: number }>(items: readonly T[]): T {
    const total = items.reduce((s, x) => s + x.weight, 0);
    let r = this.next() * total;
    for (const x of items) {
      r -= x.weight;
      if (r < 0) return x;
    }
    return items[items.length - 1]!;
  }
  /** A version-4-shaped UUID from the stream, so ids are reproducible too. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++)
      hex += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const DAY = 86_400_000;
/** "Now" of the generated world, fixed so the output does not depend on the day it runs. */
const ANCHOR = Date.parse('2026-10-31T00:00:00+08:00');
const FIRST_FILING = Date.parse('2016-03-01T00:00:00+08:00');

/** Calendar date in China (UTC+8). */
function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}
function chinaYear(ms: number): number {
  return Number(chinaDate(ms).slice(0, 4));
}

const SURNAMES = '王张李刘杨赵陈高马郭孙田冯薛贺党雷白曹任周吴徐胡朱何罗宋梁韩唐许邓袁史侯姚魏苏'.split('');
const GIVEN = '秀兰建国伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰红梅志忠海燕晓东文斌小龙凤琴宝荣'.split('');

type Where = 'urban' | 'rural' | 'both';
interface Theme {
  name: string;
  categories: ServiceCategory[];
  groups: BeneficiaryGroup[];
  where: Where;
  weight: number;
  members: [number, number];
  /** Optional words put in front of the theme: 夕阳红舞蹈队, 彩虹舞蹈队 … */
  prefixes?: string[];
}

const THEMES: Theme[] = [
  {
    name: '舞蹈队',
    categories: ['culture', 'sports'],
    groups: ['emptyNestElderly', 'allResidents'],
    where: 'urban',
    weight: 8,
    members: [12, 45],
    prefixes: ['夕阳红', '金秋', '彩虹', '红枫', ''],
  },
  { name: '广场舞队', categories: ['culture', 'sports'], groups: ['allResidents'], where: 'both', weight: 7, members: [15, 60] },
  {
    name: '志愿服务队',
    categories: ['charity', 'residentParticipation'],
    groups: ['allResidents'],
    where: 'both',
    weight: 9,
    members: [10, 80],
    prefixes: ['', '红马甲', '邻里守望', '爱心'],
  },
  { name: '调解会', categories: ['mediation'], groups: ['allResidents'], where: 'both', weight: 6, members: [5, 15], prefixes: ['邻里', '和事佬', '老娘舅'] },
  { name: '书法协会', categories: ['culture', 'education'], groups: ['allResidents'], where: 'urban', weight: 4, members: [8, 30], prefixes: ['', '翰墨'] },
  { name: '助老服务队', categories: ['elderlyCare', 'charity'], groups: ['emptyNestElderly', 'disabled'], where: 'urban', weight: 6, members: [8, 40] },
  { name: '四点半课堂', categories: ['childcare', 'education'], groups: ['childrenInDifficulty'], where: 'urban', weight: 5, members: [5, 20] },
  { name: '读书会', categories: ['education', 'culture'], groups: ['allResidents'], where: 'urban', weight: 4, members: [6, 30], prefixes: ['', '书香'] },
  {
    name: '合唱团',
    categories: ['culture'],
    groups: ['allResidents', 'emptyNestElderly'],
    where: 'urban',
    weight: 5,
    members: [15, 50],
    prefixes: ['', '红歌', '老年'],
  },
  { name: '秦腔自乐班', categories: ['culture'], groups: ['allResidents', 'emptyNestElderly'], where: 'both', weight: 5, members: [8, 30] },
  { name: '太极拳协会', categories: ['sports', 'healthService'], groups: ['allResidents'], where: 'urban', weight: 3, members: [10, 40] },
  { name: '平安巡逻队', categories: ['publicSafety'], groups: ['allResidents'], where: 'urban', weight: 4, members: [8, 30] },
  { name: '居民议事会', categories: ['residentParticipation'], groups: ['allResidents'], where: 'urban', weight: 4, members: [7, 21] },
  {
    name: '心理关爱志愿队',
    categories: ['psychologicalSupport'],
    groups: ['emptyNestElderly', 'disabled', 'childrenInDifficulty'],
    where: 'urban',
    weight: 2,
    members: [5, 15],
  },
  { name: '健康促进会', categories: ['healthService'], groups: ['allResidents', 'emptyNestElderly'], where: 'urban', weight: 3, members: [6, 25] },
  {
    name: '环保志愿队',
    categories: ['charity', 'residentParticipation'],
    groups: ['allResidents'],
    where: 'urban',
    weight: 3,
    members: [8, 40],
    prefixes: ['', '绿色家园', '垃圾分类'],
  },
  { name: '新市民互助会', categories: ['mutualAid', 'residentParticipation'], groups: ['migrants'], where: 'urban', weight: 2, members: [10, 50] },
  {
    name: '家长学校',
    categories: ['familyService', 'education'],
    groups: ['allResidents', 'childrenInDifficulty'],
    where: 'urban',
    weight: 2,
    members: [5, 20],
  },
  { name: '爱心帮扶队', categories: ['charity'], groups: ['lowIncome', 'extremelyPoor'], where: 'both', weight: 3, members: [6, 30] },
  { name: '禁毒宣传志愿队', categories: ['rehabilitation', 'publicSafety'], groups: ['allResidents'], where: 'urban', weight: 1, members: [5, 20] },
  { name: '残疾人康复互助队', categories: ['rehabilitation', 'healthService'], groups: ['disabled'], where: 'urban', weight: 1, members: [5, 20] },
  { name: '乒乓球协会', categories: ['sports'], groups: ['allResidents'], where: 'urban', weight: 2, members: [8, 30] },
  { name: '摄影协会', categories: ['culture'], groups: ['allResidents'], where: 'urban', weight: 2, members: [6, 25] },
  { name: '老年协会', categories: ['elderlyCare', 'residentParticipation'], groups: ['emptyNestElderly'], where: 'both', weight: 5, members: [20, 120] },
  { name: '科普志愿队', categories: ['education', 'charity'], groups: ['childrenInDifficulty', 'allResidents'], where: 'urban', weight: 2, members: [5, 20] },
  { name: '楼栋长联谊会', categories: ['residentParticipation', 'publicSafety'], groups: ['allResidents'], where: 'urban', weight: 2, members: [10, 40] },
  { name: '红白理事会', categories: ['residentParticipation'], groups: ['allResidents'], where: 'rural', weight: 8, members: [5, 15] },
  {
    name: '互助养老服务队',
    categories: ['mutualAid', 'elderlyCare'],
    groups: ['emptyNestElderly', 'ruralLeftBehind'],
    where: 'rural',
    weight: 7,
    members: [6, 30],
    prefixes: ['', '幸福院'],
  },
  {
    name: '种养殖技术协会',
    categories: ['mutualAid', 'education'],
    groups: ['allResidents'],
    where: 'rural',
    weight: 5,
    members: [10, 60],
    prefixes: ['', '果业', '苹果', '猕猴桃', '养蜂'],
  },
  {
    name: '留守儿童关爱队',
    categories: ['childcare', 'charity'],
    groups: ['ruralLeftBehind', 'childrenInDifficulty'],
    where: 'rural',
    weight: 4,
    members: [5, 20],
  },
  { name: '锣鼓队', categories: ['culture'], groups: ['allResidents'], where: 'rural', weight: 4, members: [10, 40] },
  { name: '腰鼓队', categories: ['culture', 'sports'], groups: ['allResidents'], where: 'rural', weight: 3, members: [12, 50] },
  { name: '社火队', categories: ['culture'], groups: ['allResidents'], where: 'rural', weight: 3, members: [15, 60] },
  { name: '治安巡防队', categories: ['publicSafety'], groups: ['allResidents'], where: 'rural', weight: 3, members: [6, 20] },
  { name: '救助互助会', categories: ['mutualAid', 'charity'], groups: ['lowIncome', 'extremelyPoor'], where: 'rural', weight: 2, members: [5, 20] },
  { name: '剪纸协会', categories: ['culture'], groups: ['allResidents'], where: 'rural', weight: 2, members: [5, 25] },
  { name: '乡贤理事会', categories: ['residentParticipation'], groups: ['allResidents'], where: 'rural', weight: 2, members: [5, 15] },
  { name: '妇女互助会', categories: ['mutualAid', 'familyService'], groups: ['ruralLeftBehind', 'allResidents'], where: 'rural', weight: 2, members: [8, 40] },
  { name: '环境整治志愿队', categories: ['charity', 'residentParticipation'], groups: ['allResidents'], where: 'rural', weight: 2, members: [8, 30] },
];
const URBAN_THEMES = THEMES.filter((t) => t.where !== 'rural');
const RURAL_THEMES = THEMES.filter((t) => t.where !== 'urban');

const AGENCY_WORDS = ['启航', '仁爱', '同心', '阳光', '博爱', '心连心', '益众', '明德', '恒爱', '善行', '和众', '乐群', '德馨', '长安'];
const SUSPEND_REASONS = ['连续一年未开展活动，暂停活动待整改', '负责人变更未报备，暂停活动', '年度报告逾期未交，暂停活动'];
const EXIT_REASONS = ['成员自愿解散', '已与同类组织合并', '负责人迁出，组织注销'];
const RETURN_REASONS = ['章程缺少经费管理条款，请补充后重新提交。', '成员名单不足三人，请补充。', '负责人联系电话有误，请核实。', '活动场所说明不清，请补充。'];

const RULES = '每月召开一次成员例会；活动经费公开透明，每季度向社区居委会报告一次；重大事项经成员大会讨论决定。';
function charterFor(name: string, home: string, theme: string): string {
  return `第一条 ${name}由${home}居民自愿组成，在社区党组织领导和社区居委会指导下开展活动。第二条 本组织以${theme}为主要活动内容，服务社区居民、弘扬邻里互助精神。第三条 本组织实行民主管理，重大事项由成员大会讨论决定。`;
}

/** 永松社区居委会 → 永松社区; 王家沟村委会 → 王家沟村; 百花居委会 → 百花社区. */
function communityStem(name: string, type: 'urban' | 'rural' | null): string {
  let n = name.replace(/^[（(](.*)[）)]$/u, '$1').replace(/[（(][^）)]*[）)]$/u, '');
  n = n.replace(/(居民委员会|居委会会?|居委员会|居民委会|社区委员会|社区委会|村民委员会|村委会|村民委会|委员会|居委)$/u, '');
  if (n.endsWith('社区居')) n = n.slice(0, -1);
  if (/(社区|村|生活区)$/u.test(n)) return n;
  return n + (type === 'rural' ? '村' : '社区');
}
function streetStem(name: string): string {
  return name.replace(/办事处$/u, '');
}

// ---------------------------------------------------------------------------------------------
// Bulk insert

type Table =
  | typeof organizations
  | typeof users
  | typeof roleAssignments
  | typeof filingApplications
  | typeof filingSteps
  | typeof projects
  | typeof projectCriteria
  | typeof bids
  | typeof rankings
  | typeof awards
  | typeof contracts
  | typeof milestones
  | typeof tranches
  | typeof deliverables
  | typeof attachments
  | typeof ledgerAccounts
  | typeof ledgerTransactions
  | typeof ledgerEntries;

/** Multi-row inserts inside one transaction, sized to stay under PostgreSQL's 65,535 bind parameters. */
async function insertAll<T extends Record<string, unknown>>(db: Db, label: string, table: Table, rows: T[]): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!).length;
  const batch = Math.max(100, Math.min(5000, Math.floor(60_000 / columns)));
  const bar = new cliProgress.SingleBar(
    { format: `  ${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const t0 = performance.now();
  bar.start(rows.length, 0);
  await db.transaction(async (tx: Tx) => {
    for (let i = 0; i < rows.length; i += batch) {
      const chunk = rows.slice(i, i + batch);
      // The row objects are built to the table's insert shape below; the union of tables defeats inference.
      await tx.insert(table).values(chunk as never);
      bar.update(Math.min(rows.length, i + batch));
    }
  });
  bar.stop();
  if (!process.stdout.isTTY) console.log(`  ${label}: ${rows.length} rows`);
  console.log(`    ${rows.length.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return rows.length;
}

// ---------------------------------------------------------------------------------------------
// Generation

interface RegionInfo {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  communityType: 'urban' | 'rural' | null;
}

type OrgRow = typeof organizations.$inferInsert & { id: string };
type UserRow = typeof users.$inferInsert & { id: string };
type RoleRow = typeof roleAssignments.$inferInsert;
type AppRow = typeof filingApplications.$inferInsert & { id: string };
type StepRow = typeof filingSteps.$inferInsert;

interface Existing {
  usccs: Set<string>;
  filingNumbers: Set<string>;
  mobiles: Set<string>;
  names: Set<string>;
  hubStreets: Set<string>;
}

interface Plan {
  orgs: OrgRow[];
  users: UserRow[];
  roles: RoleRow[];
  apps: AppRow[];
  steps: StepRow[];
  stats: Record<string, number>;
}

function generate(rng: Rng, regionRows: RegionInfo[], existing: Existing, passwordHash: string): Plan {
  const streets = regionRows.filter((r) => r.level === 'street');
  const counties = regionRows.filter((r) => r.level === 'county');
  const communitiesOf = new Map<string, RegionInfo[]>();
  for (const r of regionRows) {
    if (r.level !== 'community' || !r.parentCode) continue;
    const list = communitiesOf.get(r.parentCode) ?? [];
    list.push(r);
    communitiesOf.set(r.parentCode, list);
  }

  const orgs: OrgRow[] = [];
  const usersOut: UserRow[] = [];
  const roles: RoleRow[] = [];
  const apps: AppRow[] = [];
  const steps: StepRow[] = [];
  const stats: Record<string, number> = {
    urbanCommunities: 0,
    urbanBelowTarget: 0,
    ruralCommunities: 0,
    ruralWithoutOrg: 0,
  };

  const person = () => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
  const mobilePrefixes = ['135', '136', '137', '139', '150', '151', '152', '158', '159', '182', '187', '188', '189', '199'];
  const phone = () => rng.pick(mobilePrefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0');
  const uniqueMobile = () => {
    for (;;) {
      const m = phone();
      if (!existing.mobiles.has(m)) {
        existing.mobiles.add(m);
        return m;
      }
    }
  };
  const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const uscc = (category: '1' | '2', county: string) => {
    for (;;) {
      let code = 'MJ';
      for (let i = 0; i < 7; i++) code += USCC_CHARS[rng.int(0, USCC_CHARS.length - 1)];
      const value = makeUscc(category, county, code);
      if (!existing.usccs.has(value)) {
        existing.usccs.add(value);
        return value;
      }
    }
  };
  const foundedDate = (from = 2005, to = 2025) => {
    // Skewed towards recent years: most groups are young.
    const year = from + Math.floor((to - from + 1) * Math.pow(rng.float(), 0.7));
    const start = dayStart(`${Math.min(year, to)}-01-01`);
    return chinaDate(start + rng.int(0, 364) * DAY);
  };
  /** A moment between two instants, on a working day's office hours (09:00–17:00 China time). */
  const between = (from: number, to: number) => {
    const at = to <= from ? from : from + Math.floor(rng.float() * (to - from));
    const day = dayStart(chinaDate(at));
    return day + 9 * 3_600_000 + rng.int(0, 8 * 60 - 1) * 60_000;
  };
  const withStatus = (org: OrgRow) => {
    const r = rng.float();
    if (r < 0.02) {
      org.status = 'suspended';
      org.statusReason = rng.pick(SUSPEND_REASONS);
    } else if (r < 0.03) {
      org.status = 'exited';
      org.statusReason = rng.pick(EXIT_REASONS);
    }
  };

  // Staff who act in the filing workflow: one station staff per street, one committee staff per community.
  const stationUser = new Map<string, string>();
  const committeeUser = new Map<string, string>();
  for (const s of streets) {
    const id = rng.uuid();
    usersOut.push({ id, displayName: `${streetStem(s.name)}民政工作站 ${person()}`, mobile: uniqueMobile(), passwordHash });
    roles.push({ id: rng.uuid(), userId: id, role: 'stationStaff', regionCode: s.code });
    stationUser.set(s.code, id);
    for (const c of communitiesOf.get(s.code) ?? []) {
      const cid = rng.uuid();
      usersOut.push({ id: cid, displayName: `${c.name} ${person()}`, mobile: uniqueMobile(), passwordHash });
      roles.push({ id: rng.uuid(), userId: cid, role: 'committeeStaff', regionCode: c.code });
      committeeUser.set(c.code, cid);
    }
  }
  stats.staffUsers = usersOut.length;

  /** Filed organizations waiting for their filing number, numbered per street and year in date order. */
  const toNumber: { org: OrgRow; street: string; at: number }[] = [];
  /** Organizations that went through the filing workflow and need an application with its timeline. */
  const filedThroughWorkflow: { org: OrgRow; theme: string; community: RegionInfo }[] = [];
  const themesUsed = new Map<string, Set<string>>();
  const streetLeaders = new Map<string, string[]>();

  // Community organizations, street by street so a street's leaders can be shared between its groups.
  for (const s of streets) {
    const streetOrgs: OrgRow[] = [];
    for (const c of communitiesOf.get(s.code) ?? []) {
      const urban = c.communityType !== 'rural';
      let n: number;
      if (urban) {
        stats.urbanCommunities!++;
        n = rng.chance(0.12) ? rng.int(1, 4) : 5 + Math.floor(Math.pow(rng.float(), 2) * 8);
        if (n < 5) stats.urbanBelowTarget!++;
      } else {
        stats.ruralCommunities!++;
        n = rng.chance(0.1) ? 0 : 1 + Math.floor(Math.pow(rng.float(), 2) * 4);
        if (n === 0) stats.ruralWithoutOrg!++;
      }
      const stem = communityStem(c.name, c.communityType);
      const pool = [...(urban ? URBAN_THEMES : RURAL_THEMES)];
      const used = new Set<string>();
      themesUsed.set(c.code, used);
      for (let i = 0; i < n && pool.length; i++) {
        const theme = rng.weighted(pool);
        pool.splice(pool.indexOf(theme), 1);
        const prefix = theme.prefixes ? rng.pick(theme.prefixes) : '';
        const name = `${stem}${prefix}${theme.name}`;
        if (existing.names.has(name)) continue;
        existing.names.add(name);
        used.add(theme.name);
        const categories = [...theme.categories];
        if (rng.chance(0.15)) {
          const extra = rng.pick(['charity', 'residentParticipation', 'culture', 'education'] as const);
          if (!categories.includes(extra)) categories.push(extra);
        }
        const groups = [...theme.groups];
        if (!groups.includes('allResidents') && rng.chance(0.3)) groups.push('allResidents');
        const foundedOn = foundedDate();
        const founded = dayStart(foundedOn);
        // About 18% registered: half of them straight away, half after being filed first.
        let registered = rng.chance(0.18);
        const filed = !registered || rng.chance(0.5);
        const fileFrom = Math.max(founded + 30 * DAY, FIRST_FILING);
        const filedAt = filed ? between(fileFrom, Math.min(fileFrom + 3 * 365 * DAY, ANCHOR)) : null;
        const registerFrom = (filedAt ?? founded) + 180 * DAY;
        // Filed too recently to have been registered since: it stays filed.
        if (registered && registerFrom >= ANCHOR) registered = false;
        const registeredAt = registered ? between(registerFrom, Math.min(registerFrom + 3 * 365 * DAY, ANCHOR)) : null;
        const org: OrgRow = {
          id: rng.uuid(),
          name,
          kind: 'communityOrg',
          legalStatus: registered ? 'registered' : 'filed',
          uscc: registered ? uscc('1', c.code.slice(0, 6)) : null,
          filingNumber: null,
          regionCode: c.code,
          serviceCategories: categories,
          beneficiaryGroups: groups,
          leaderName: person(),
          contactPhone: phone(),
          contactEmail: null,
          foundedOn,
          memberCount: rng.int(theme.members[0], theme.members[1]),
          charter: charterFor(name, stem, prefix + theme.name),
          rules: RULES,
          status: 'active',
          statusReason: null,
          filedAt: filedAt !== null ? new Date(filedAt) : null,
          registeredAt: registeredAt !== null ? new Date(registeredAt) : null,
          createdAt: new Date(filedAt ?? registeredAt ?? founded),
          updatedAt: new Date(registeredAt ?? filedAt ?? founded),
        };
        withStatus(org);
        orgs.push(org);
        streetOrgs.push(org);
        if (filedAt !== null) {
          toNumber.push({ org, street: s.code, at: filedAt });
          filedThroughWorkflow.push({ org, theme: prefix + theme.name, community: c });
        }
      }
    }
    // Leaders: about one per three groups of the street, each the admin of the groups it leads
    // (as in the demo, where one leader runs four groups). They are the applicants of the filings.
    const leaders = Math.max(1, Math.round(streetOrgs.length / 3));
    const leaderIds: string[] = [];
    for (let i = 0; i < leaders && i < streetOrgs.length; i++) {
      const first = streetOrgs[i * Math.floor(streetOrgs.length / leaders)]!;
      const id = rng.uuid();
      usersOut.push({ id, displayName: `${first.name} ${first.leaderName}`, mobile: uniqueMobile(), passwordHash });
      leaderIds.push(id);
      stats.leaderUsers = (stats.leaderUsers ?? 0) + 1;
    }
    streetOrgs.forEach((org, i) => {
      const userId = leaderIds[Math.min(leaderIds.length - 1, Math.floor((i * leaderIds.length) / streetOrgs.length))]!;
      roles.push({ id: rng.uuid(), userId, role: 'orgAdmin', organizationId: org.id });
      (org as OrgRow & { adminUserId?: string }).adminUserId = userId;
    });
    streetLeaders.set(s.code, leaderIds);
  }

  // Hubs: one registered 社区社会组织联合会 for about 60% of streets.
  for (const s of streets) {
    if (existing.hubStreets.has(s.code) || !rng.chance(0.6)) continue;
    const name = `${streetStem(s.name)}社区社会组织联合会`;
    if (existing.names.has(name)) continue;
    existing.names.add(name);
    const foundedOn = foundedDate(2015, 2024);
    const registeredAt = between(dayStart(foundedOn) + 60 * DAY, Math.min(dayStart(foundedOn) + 365 * DAY, ANCHOR));
    const org: OrgRow = {
      id: rng.uuid(),
      name,
      kind: 'hub',
      legalStatus: 'registered',
      uscc: uscc('1', s.code.slice(0, 6)),
      filingNumber: null,
      regionCode: s.code,
      serviceCategories: ['residentParticipation', 'charity'],
      beneficiaryGroups: ['allResidents'],
      leaderName: person(),
      contactPhone: phone(),
      contactEmail: null,
      foundedOn,
      memberCount: rng.int(10, 60),
      charter: charterFor(name, streetStem(s.name), '联系、服务、培育辖区社区社会组织'),
      rules: RULES,
      status: 'active',
      statusReason: null,
      filedAt: null,
      registeredAt: new Date(registeredAt),
      createdAt: new Date(registeredAt),
      updatedAt: new Date(registeredAt),
    };
    orgs.push(org);
    stats.hubs = (stats.hubs ?? 0) + 1;
  }

  // County level: service centres (about 70% of counties) and social-work agencies (0–4 per county).
  for (const county of counties) {
    const urbanDistrict = county.name.endsWith('区');
    const made: { name: string; kind: 'countyServiceOrg' | 'socialWorkAgency'; categories: ServiceCategory[] }[] = [];
    if (rng.chance(0.7))
      made.push({ name: `${county.name}社区社会组织服务中心`, kind: 'countyServiceOrg', categories: ['residentParticipation', 'charity', 'education'] });
    const agencies = urbanDistrict ? rng.int(1, 4) : rng.int(0, 2);
    const words = [...AGENCY_WORDS];
    for (let i = 0; i < agencies; i++) {
      const word = words.splice(rng.int(0, words.length - 1), 1)[0]!;
      const pool: ServiceCategory[] = ['psychologicalSupport', 'familyService', 'elderlyCare', 'childcare', 'rehabilitation', 'healthService'];
      const categories = [pool.splice(rng.int(0, pool.length - 1), 1)[0]!, pool.splice(rng.int(0, pool.length - 1), 1)[0]!];
      made.push({ name: `${county.name}${word}社会工作服务中心`, kind: 'socialWorkAgency', categories });
    }
    for (const m of made) {
      if (existing.names.has(m.name)) continue;
      existing.names.add(m.name);
      const foundedOn = foundedDate(2010, 2024);
      const registeredAt = between(dayStart(foundedOn) + 30 * DAY, Math.min(dayStart(foundedOn) + 365 * DAY, ANCHOR));
      const org: OrgRow = {
        id: rng.uuid(),
        name: m.name,
        kind: m.kind,
        legalStatus: 'registered',
        uscc: uscc('2', county.code),
        filingNumber: null,
        regionCode: county.code,
        serviceCategories: m.categories,
        beneficiaryGroups: m.kind === 'socialWorkAgency' ? ['lowIncome', 'extremelyPoor', 'emptyNestElderly', 'childrenInDifficulty'] : ['allResidents'],
        leaderName: person(),
        contactPhone: phone(),
        contactEmail: null,
        foundedOn,
        memberCount: rng.int(5, 40),
        charter: charterFor(m.name, county.name, m.kind === 'socialWorkAgency' ? '专业社会工作服务' : '社区社会组织孵化培育'),
        rules: RULES,
        status: 'active',
        statusReason: null,
        filedAt: null,
        registeredAt: new Date(registeredAt),
        createdAt: new Date(registeredAt),
        updatedAt: new Date(registeredAt),
      };
      withStatus(org);
      orgs.push(org);
      stats[m.kind] = (stats[m.kind] ?? 0) + 1;
    }
  }

  // Admins for about a third of the hubs and county-level organizations (their own accounts).
  for (const org of orgs) {
    if (org.kind === 'communityOrg' || !rng.chance(1 / 3)) continue;
    const id = rng.uuid();
    usersOut.push({ id, displayName: `${org.name} ${org.leaderName}`, mobile: uniqueMobile(), passwordHash });
    roles.push({ id: rng.uuid(), userId: id, role: 'orgAdmin', organizationId: org.id });
    stats.leaderUsers = (stats.leaderUsers ?? 0) + 1;
  }

  // Filing numbers: per street and year, in filing-date order, after any number already taken.
  toNumber.sort((a, b) => (a.street === b.street ? a.at - b.at : a.street < b.street ? -1 : 1));
  const sequence = new Map<string, number>();
  for (const n of existing.filingNumbers) {
    const key = n.slice(0, -4);
    sequence.set(key, Math.max(sequence.get(key) ?? 0, Number(n.slice(-4))));
  }
  for (const { org, street, at } of toNumber) {
    const key = filingNumber(street, chinaYear(at), 0).slice(0, -4);
    const seq = (sequence.get(key) ?? 0) + 1;
    sequence.set(key, seq);
    org.filingNumber = filingNumber(street, chinaYear(at), seq);
  }

  // The filed applications behind them, with their timelines (submit → [return → resubmit] → pass → file).
  for (const { org, community } of filedThroughWorkflow) {
    const filedAt = org.filedAt!.getTime();
    const applicant = (org as OrgRow & { adminUserId?: string }).adminUserId!;
    const committee = committeeUser.get(community.code)!;
    const station = stationUser.get(community.parentCode!)!;
    const passAt = filedAt - rng.int(1, 10) * DAY - rng.int(0, 8) * 3_600_000;
    const returned = rng.chance(0.1);
    const resubmitAt = passAt - rng.int(1, 5) * DAY;
    const returnAt = resubmitAt - rng.int(1, 7) * DAY;
    const submitAt = (returned ? returnAt : passAt) - rng.int(1, 10) * DAY;
    const appId = rng.uuid();
    apps.push({
      id: appId,
      applicantUserId: applicant,
      status: 'filed',
      name: org.name,
      regionCode: org.regionCode,
      serviceCategories: org.serviceCategories,
      beneficiaryGroups: org.beneficiaryGroups,
      leaderName: org.leaderName,
      contactPhone: org.contactPhone,
      foundedOn: org.foundedOn,
      memberCount: org.memberCount,
      charter: org.charter!,
      rules: org.rules!,
      decisionReason: null,
      revision: returned ? 2 : 1,
      organizationId: org.id,
      submittedAt: new Date(returned ? resubmitAt : submitAt),
      createdAt: new Date(submitAt),
      updatedAt: new Date(filedAt),
    });
    steps.push({ id: rng.uuid(), applicationId: appId, action: 'submit', actorUserId: applicant, actorRole: 'owner', revision: 1, at: new Date(submitAt) });
    if (returned) {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'return',
        actorUserId: committee,
        actorRole: 'committeeStaff',
        reason: rng.pick(RETURN_REASONS),
        revision: 1,
        at: new Date(returnAt),
      });
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'resubmit',
        actorUserId: applicant,
        actorRole: 'owner',
        revision: 2,
        at: new Date(resubmitAt),
      });
    }
    steps.push({
      id: rng.uuid(),
      applicationId: appId,
      action: 'pass',
      actorUserId: committee,
      actorRole: 'committeeStaff',
      revision: returned ? 2 : 1,
      at: new Date(passAt),
    });
    steps.push({
      id: rng.uuid(),
      applicationId: appId,
      action: 'file',
      actorUserId: station,
      actorRole: 'stationStaff',
      revision: returned ? 2 : 1,
      at: new Date(filedAt),
    });
  }
  stats.filedApplications = apps.length;

  // Open applications, waiting at each step, submitted in the last two months.
  const communities = regionRows.filter((r) => r.level === 'community');
  const OPEN = 3000;
  let open = 0;
  for (let attempts = 0; open < OPEN && attempts < OPEN * 5; attempts++) {
    const c = rng.pick(communities);
    const urban = c.communityType !== 'rural';
    const used = themesUsed.get(c.code) ?? new Set<string>();
    themesUsed.set(c.code, used);
    const candidates = (urban ? URBAN_THEMES : RURAL_THEMES).filter((t) => !used.has(t.name));
    if (!candidates.length) continue;
    const theme = rng.weighted(candidates);
    used.add(theme.name);
    const stem = communityStem(c.name, c.communityType);
    const prefix = theme.prefixes ? rng.pick(theme.prefixes) : '';
    const name = `${stem}${prefix}${theme.name}`;
    if (existing.names.has(name)) continue;
    const street = c.parentCode!;
    const leaders = streetLeaders.get(street) ?? [];
    let applicant: string;
    const leaderName = person();
    if (leaders.length && rng.chance(0.4)) applicant = rng.pick(leaders);
    else {
      applicant = rng.uuid();
      usersOut.push({ id: applicant, displayName: `申请人 ${leaderName}`, mobile: uniqueMobile(), passwordHash });
      stats.applicantUsers = (stats.applicantUsers ?? 0) + 1;
    }
    const r = rng.float();
    const status = r < 0.45 ? 'submitted' : r < 0.7 ? 'returned' : 'firstReviewPassed';
    const submitAt = ANCHOR - rng.int(2, 60) * DAY - rng.int(0, 10) * 3_600_000;
    const decidedAt = Math.min(ANCHOR, submitAt + rng.int(1, 7) * DAY);
    const appId = rng.uuid();
    const returnReason = rng.pick(RETURN_REASONS);
    apps.push({
      id: appId,
      applicantUserId: applicant,
      status,
      name,
      regionCode: c.code,
      serviceCategories: theme.categories,
      beneficiaryGroups: theme.groups,
      leaderName,
      contactPhone: phone(),
      foundedOn: foundedDate(2020, 2025),
      memberCount: rng.int(theme.members[0], theme.members[1]),
      charter: charterFor(name, stem, prefix + theme.name),
      rules: RULES,
      decisionReason: status === 'returned' ? returnReason : null,
      revision: 1,
      organizationId: null,
      submittedAt: new Date(submitAt),
      createdAt: new Date(submitAt),
      updatedAt: new Date(status === 'submitted' ? submitAt : decidedAt),
    });
    steps.push({ id: rng.uuid(), applicationId: appId, action: 'submit', actorUserId: applicant, actorRole: 'owner', revision: 1, at: new Date(submitAt) });
    if (status === 'returned') {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'return',
        actorUserId: committeeUser.get(c.code)!,
        actorRole: 'committeeStaff',
        reason: returnReason,
        revision: 1,
        at: new Date(decidedAt),
      });
    }
    if (status === 'firstReviewPassed') {
      steps.push({
        id: rng.uuid(),
        applicationId: appId,
        action: 'pass',
        actorUserId: committeeUser.get(c.code)!,
        actorRole: 'committeeStaff',
        revision: 1,
        at: new Date(decidedAt),
      });
    }
    stats[`open.${status}`] = (stats[`open.${status}`] ?? 0) + 1;
    open++;
  }

  for (const org of orgs) delete (org as OrgRow & { adminUserId?: string }).adminUserId;
  return { orgs, users: usersOut, roles, apps, steps, stats };
}

// ---------------------------------------------------------------------------------------------
// Main

async function count(db: Db, table: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(await db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)));
  return Number(rows[0]?.n ?? 0);
}

async function main() {
  const { scale, seed } = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL || undefined;
  const handle = openDb(url ? { url, max: 2 } : { dataDir: process.env.PGLITE_DIR || DEFAULT_PGLITE_DIR });
  const { db } = handle;
  const t0 = performance.now();
  try {
    console.log(`database: ${handle.kind} (${handle.location}); scale ${scale}, seed ${seed}`);
    const applied = await migrate(db);
    console.log(`migrations applied now: ${applied.length ? applied.join(', ') : 'none'}`);
    if ((await regionCount(db)) === 0) {
      const t1 = performance.now();
      const n = await seedRegions(db, readRegions());
      console.log(`seeded ${n} regions in ${seconds(t1)}`);
      const t2 = performance.now();
      await seedDemo(db);
      console.log(`seeded demo accounts and organizations in ${seconds(t2)}`);
    }
    if (scale === 'demo') {
      console.log(`done in ${seconds(t0)}`);
      return;
    }
    const already = await count(db, 'organizations');
    if (already > 1000) {
      console.log(`the database already holds ${already} organizations: organizations are there.`);
    } else {
      await seedOrganizations(db, seed);
    }
    const projectsThere = await count(db, 'projects');
    const contractsThere = await count(db, 'contracts');
    if (projectsThere > 1000) {
      console.log(`the database already holds ${projectsThere} projects: the library is there, nothing to do.`);
    } else {
      await seedProjects(db, seed);
    }
    if (contractsThere > 1000) console.log(`the database already holds ${contractsThere} contracts: nothing to do.`);
    else await seedContracts(db, seed);
    console.log('\ntotals in the database:');
    for (const table of [
      'regions',
      'organizations',
      'users',
      'role_assignments',
      'filing_applications',
      'filing_steps',
      'projects',
      'bids',
      'rankings',
      'awards',
      'contracts',
      'tranches',
      'deliverables',
      'attachments',
      'ledger_entries',
      'audit_events',
    ]) {
      console.log(`  ${table.padEnd(20)} ${await count(db, table)}`);
    }
    console.log(`\ndone in ${seconds(t0)}`);
  } finally {
    await handle.close();
  }
}

const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

async function seedContracts(db: Db, seed: number) {
  const t0 = performance.now();
  const rows = await db
    .select({
      projectId: projects.id,
      awardId: awards.id,
      organizationId: awards.organizationId,
      amountFen: awards.amountFen,
      title: projects.title,
      purchaserRole: projects.purchaserRole,
      purchaserRegionCode: projects.purchaserRegionCode,
      fundingSource: projects.fundingSource,
      awardedAt: awards.awardedAt,
      payeeKind: organizations.kind,
      payeeRegion: organizations.regionCode,
      beneficiaryGroups: projects.beneficiaryGroups,
    })
    .from(awards)
    .innerJoin(projects, eq(projects.id, awards.projectId))
    .innerJoin(organizations, eq(organizations.id, awards.organizationId))
    .leftJoin(contracts, eq(contracts.awardId, awards.id))
    .where(sql`${awards.status} = 'awarded' AND ${contracts.id} IS NULL`)
    // By project (generated ids, from the seed), not by award: award ids are the database's random ones.
    .orderBy(awards.projectId, awards.id);
  const community = await db
    .select({ id: organizations.id, regionCode: organizations.regionCode })
    .from(organizations)
    .where(sql`${organizations.kind} = 'communityOrg' AND ${organizations.status} = 'active'`)
    .orderBy(organizations.regionCode, organizations.name, organizations.id);
  const byStreet = new Map<string, string[]>();
  for (const o of community) byStreet.set(o.regionCode.slice(0, 9), [...(byStreet.get(o.regionCode.slice(0, 9)) ?? []), o.id]);
  const [creator] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'bureau@demo.cn'));
  const existing = await db.select({ id: ledgerAccounts.id, kind: ledgerAccounts.kind, ref: ledgerAccounts.ref }).from(ledgerAccounts);
  // Who hands in and who reviews deliverables: an organization's admin; a purchasing unit's staff.
  const roleRows = await db
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      regionCode: roleAssignments.regionCode,
      organizationId: roleAssignments.organizationId,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .where(sql`${roleAssignments.role} IN ('orgAdmin', 'bureauStaff', 'stationStaff')`)
    // By mobile number (unique, and fixed for the demo's people, whose ids are random).
    .orderBy(users.mobile, users.id);
  const orgAdmins = new Map<string, string>();
  const unitStaff = new Map<string, string>();
  for (const r of roleRows) {
    if (r.role === 'orgAdmin' && r.organizationId && !orgAdmins.has(r.organizationId)) orgAdmins.set(r.organizationId, r.userId);
    else if (r.role !== 'orgAdmin' && r.regionCode && !unitStaff.has(`${r.role}:${r.regionCode}`)) unitStaff.set(`${r.role}:${r.regionCode}`, r.userId);
  }
  const plan = generateContracts(new Rng(seed + 2_000_003), rows, byStreet, creator!.id, new Map(existing.map((a) => [`${a.kind}:${a.ref}`, a.id])), {
    // A stream of its own, so progress on contracts does not change the contracts a seed number gives.
    rng: new Rng(seed + 3_000_003),
    anchor: ANCHOR,
    orgAdmins,
    unitStaff,
  });
  console.log(`contracts generated in memory in ${seconds(t0)}; inserting:`);
  await insertAll(db, 'contracts', contracts, plan.contracts);
  await insertAll(db, 'milestones', milestones, plan.milestones);
  await insertAll(db, 'tranches', tranches, plan.tranches);
  await insertAll(db, 'deliverables', deliverables, plan.deliverables);
  await insertAll(db, 'attachments', attachments, plan.attachments);
  await insertAll(db, 'ledger_accounts', ledgerAccounts, plan.accounts);
  await insertAll(db, 'ledger_transactions', ledgerTransactions, plan.transactions);
  await insertAll(db, 'ledger_entries', ledgerEntries, plan.entries);
  await db.execute(sql`VACUUM ANALYZE`);
}

async function seedProjects(db: Db, seed: number) {
  const t0 = performance.now();
  const [counties, streets, orgRows, creator] = await Promise.all([
    db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.level, 'county')).orderBy(regions.code),
    db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.level, 'street')).orderBy(regions.code),
    db
      .select({ id: organizations.id, regionCode: organizations.regionCode, kind: organizations.kind, legalStatus: organizations.legalStatus })
      .from(organizations)
      .where(eq(organizations.status, 'active'))
      // Not by id: the demo's organizations have random ids, and their place in the pools would change the bids.
      .orderBy(organizations.regionCode, organizations.name, organizations.id),
    db.select({ id: users.id }).from(users).where(eq(users.email, 'bureau@demo.cn')),
  ]);
  const orgsByCounty = new Map<string, typeof orgRows>();
  for (const o of orgRows) {
    const c = o.regionCode.slice(0, 6);
    orgsByCounty.set(c, [...(orgsByCounty.get(c) ?? []), o]);
  }
  // A stream of its own, so adding projects does not change the organizations a seed number gives.
  const plan = generateProjects(new Rng(seed + 1_000_003), { counties, streets, orgsByCounty, createdBy: creator[0]!.id, anchor: ANCHOR, count: 10_000 });
  const steered = steerAwardsToHubs(plan, orgRows, 'bureauStaff', DEMO.county, 3);
  console.log(`projects generated in memory in ${seconds(t0)} (${steered} award(s) of ${DEMO.county} steered to hubs); inserting:`);
  await insertAll(db, 'projects', projects, plan.projects);
  await insertAll(db, 'project_criteria', projectCriteria, plan.criteria);
  await insertAll(db, 'bids', bids, plan.bids);
  await insertAll(db, 'rankings', rankings, plan.rankings);
  await insertAll(db, 'awards', awards, plan.awards);
  await db.execute(sql`VACUUM ANALYZE`);
  console.log(`projects by status ${JSON.stringify(plan.stats)}`);
}

/**
 * The demo's purchasing unit (雁塔区民政局) has too few awards for chance to give it hub contracts, so
 * a handful are steered (deterministically) until `count` of its awards are won by hubs of its county:
 * it then has contracts with subcontracts to show, and the benchmark a busy contract of that unit.
 * Taken are its latest awards signed long enough before the anchor for the hub to have handed in its
 * mid-term report (see seed-contracts.ts); each goes to the next hub of the county that did not bid
 * on the project, which takes the winning bid's place (the ranking stays as computed).
 */
function steerAwardsToHubs(plan: ProjectPlan, orgs: OrgForBids[], role: string, county: string, count: number): number {
  const hubs = orgs.filter((o) => o.kind === 'hub' && o.regionCode.startsWith(county));
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  const projectOf = new Map(plan.projects.map((p) => [p.id, p]));
  const mine = plan.awards.filter((a) => {
    const p = projectOf.get(a.projectId)!;
    return p.purchaserRole === role && p.purchaserRegionCode === county;
  });
  let missing = count - mine.filter((a) => kindOf.get(a.organizationId) === 'hub').length;
  const candidates = mine
    .filter((a) => kindOf.get(a.organizationId) !== 'hub' && a.awardedAt!.getTime() <= ANCHOR - 60 * DAY)
    .sort((x, y) => y.awardedAt!.getTime() - x.awardedAt!.getTime() || x.projectId.localeCompare(y.projectId));
  let next = 0;
  let steered = 0;
  for (const a of candidates) {
    if (missing <= 0 || !hubs.length) break;
    const p = projectOf.get(a.projectId)!;
    const bidders = new Set(plan.bids.filter((b) => b.projectId === a.projectId).map((b) => b.organizationId));
    const k = hubs.findIndex((_, i) => {
      const h = hubs[(next + i) % hubs.length]!;
      return !bidders.has(h.id) && (p.allowedLegalStatuses as string[]).includes(h.legalStatus);
    });
    if (k < 0) continue;
    const hub = hubs[(next + k) % hubs.length]!;
    plan.bids.find((b) => b.id === a.bidId)!.organizationId = hub.id;
    a.organizationId = hub.id;
    next = (next + k + 1) % hubs.length;
    missing--;
    steered++;
  }
  return steered;
}

async function seedOrganizations(db: Db, seed: number) {
  const tGen = performance.now();
  const regionRows = (await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode, communityType: regions.communityType })
    .from(regions)
    .orderBy(regions.code)) as RegionInfo[];
  const present = await db
    .select({
      uscc: organizations.uscc,
      filingNumber: organizations.filingNumber,
      name: organizations.name,
      kind: organizations.kind,
      regionCode: organizations.regionCode,
    })
    .from(organizations);
  const mobiles = await db.select({ mobile: users.mobile }).from(users);
  const existing: Existing = {
    usccs: new Set(present.flatMap((o) => (o.uscc ? [o.uscc] : []))),
    filingNumbers: new Set(present.flatMap((o) => (o.filingNumber ? [o.filingNumber] : []))),
    names: new Set(present.map((o) => o.name)),
    hubStreets: new Set(present.filter((o) => o.kind === 'hub').map((o) => o.regionCode)),
    mobiles: new Set(mobiles.flatMap((u) => (u.mobile ? [u.mobile] : []))),
  };
  // argon2 is slow on purpose: hash once, every generated account shares it (password: DEMO_PASSWORD).
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const plan = generate(new Rng(seed), regionRows, existing, passwordHash);
  console.log(`generated in memory in ${seconds(tGen)}; inserting:`);

  const inserted = {
    organizations: await insertAll(db, 'organizations', organizations, plan.orgs),
    users: await insertAll(db, 'users', users, plan.users),
    roleAssignments: await insertAll(db, 'role_assignments', roleAssignments, plan.roles),
    filingApplications: await insertAll(db, 'filing_applications', filingApplications, plan.apps),
    filingSteps: await insertAll(db, 'filing_steps', filingSteps, plan.steps),
  };
  // Fresh statistics for the planner, and a visibility map so index-only scans work right away
  // (autovacuum would get there too, later). Outside any transaction: VACUUM cannot run in one.
  const tAnalyze = performance.now();
  await db.execute(sql`VACUUM ANALYZE`);
  console.log(`  vacuum analyze: ${seconds(tAnalyze)}`);

  const orgs = plan.orgs;
  const by = <K extends string>(f: (o: OrgRow) => K) => orgs.reduce<Record<string, number>>((acc, o) => ((acc[f(o)] = (acc[f(o)] ?? 0) + 1), acc), {});
  console.log('\ngenerated:');
  console.log(`  organizations        ${inserted.organizations}`);
  console.log(`    by kind            ${JSON.stringify(by((o) => o.kind))}`);
  console.log(`    by legal status    ${JSON.stringify(by((o) => o.legalStatus!))}`);
  console.log(`    by status          ${JSON.stringify(by((o) => o.status ?? 'active'))}`);
  const s = plan.stats;
  console.log(`    urban communities  ${s.urbanCommunities} (${s.urbanBelowTarget} below 5 organizations)`);
  console.log(`    rural communities  ${s.ruralCommunities} (${s.ruralWithoutOrg} without one)`);
  console.log(`  users                ${inserted.users} (staff ${s.staffUsers}, org leaders ${s.leaderUsers ?? 0}, new applicants ${s.applicantUsers ?? 0})`);
  console.log(`  role assignments     ${inserted.roleAssignments}`);
  console.log(
    `  filing applications  ${inserted.filingApplications} (filed ${s.filedApplications}, open: submitted ${s['open.submitted'] ?? 0}, returned ${s['open.returned'] ?? 0}, firstReviewPassed ${s['open.firstReviewPassed'] ?? 0})`,
  );
  console.log(`  filing steps         ${inserted.filingSteps}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
