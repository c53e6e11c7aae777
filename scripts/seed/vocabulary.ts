/** Names, themes and words the generated registry is made of. */
import type { BeneficiaryGroup, ServiceCategory } from '~/domain/catalog';

export const SURNAMES = '王张李刘杨赵陈高马郭孙田冯薛贺党雷白曹任周吴徐胡朱何罗宋梁韩唐许邓袁史侯姚魏苏'.split('');
export const GIVEN = '秀兰建国伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰红梅志忠海燕晓东文斌小龙凤琴宝荣'.split('');

type Where = 'urban' | 'rural' | 'both';
export interface Theme {
  name: string;
  categories: ServiceCategory[];
  groups: BeneficiaryGroup[];
  where: Where;
  weight: number;
  members: [number, number];
  /** Optional words put in front of the theme: 夕阳红舞蹈队, 彩虹舞蹈队 … */
  prefixes?: string[];
}

export const THEMES: Theme[] = [
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
export const URBAN_THEMES = THEMES.filter((t) => t.where !== 'rural');
export const RURAL_THEMES = THEMES.filter((t) => t.where !== 'urban');

export const AGENCY_WORDS = ['启航', '仁爱', '同心', '阳光', '博爱', '心连心', '益众', '明德', '恒爱', '善行', '和众', '乐群', '德馨', '长安'];
export const SUSPEND_REASONS = ['连续一年未开展活动，暂停活动待整改', '负责人变更未报备，暂停活动', '年度报告逾期未交，暂停活动'];
export const EXIT_REASONS = ['成员自愿解散', '已与同类组织合并', '负责人迁出，组织注销'];
export const RETURN_REASONS = [
  '章程缺少经费管理条款，请补充后重新提交。',
  '成员名单不足三人，请补充。',
  '负责人联系电话有误，请核实。',
  '活动场所说明不清，请补充。',
];

export const RULES = '每月召开一次成员例会；活动经费公开透明，每季度向社区居委会报告一次；重大事项经成员大会讨论决定。';
export function charterFor(name: string, home: string, theme: string): string {
  return `第一条 ${name}由${home}居民自愿组成，在社区党组织领导和社区居委会指导下开展活动。第二条 本组织以${theme}为主要活动内容，服务社区居民、弘扬邻里互助精神。第三条 本组织实行民主管理，重大事项由成员大会讨论决定。`;
}

/** 永松社区居委会 → 永松社区; 王家沟村委会 → 王家沟村; 百花居委会 → 百花社区. */
export function communityStem(name: string, type: 'urban' | 'rural' | null): string {
  let n = name.replace(/^[（(](.*)[）)]$/u, '$1').replace(/[（(][^）)]*[）)]$/u, '');
  n = n.replace(/(居民委员会|居委会会?|居委员会|居民委会|社区委员会|社区委会|村民委员会|村委会|村民委会|委员会|居委)$/u, '');
  if (n.endsWith('社区居')) n = n.slice(0, -1);
  if (/(社区|村|生活区)$/u.test(n)) return n;
  return n + (type === 'rural' ? '村' : '社区');
}
export function streetStem(name: string): string {
  return name.replace(/办事处$/u, '');
}
