/** What the generated contracts' progress is told with: stories, reasons, files and report text (contracts-plan.ts). */
import type { ProjectRng } from './projects-plan';

/** Where a contract with progress stands on its first milestone. */
export const STORIES = [
  { story: 'submitted', weight: 15 }, // waiting for the payer's review
  { story: 'returned', weight: 10 }, // returned, not handed in again yet
  { story: 'accepted', weight: 35 }, // accepted at the first round
  { story: 'returnedThenAccepted', weight: 40 }, // returned once, handed in again, accepted
] as const;
export type Story = (typeof STORIES)[number]['story'];

export const RETURN_REASONS = [
  '活动签到表缺少日期和服务对象签名，请补充后重新提交。',
  '服务人次与活动记录不一致，请核对后重新提交。',
  '缺少活动照片和服务对象满意度调查，请补充。',
  '经费使用明细未附票据复印件，请补充后重新提交。',
  '报告未说明下半年服务计划，请补充。',
];
export const GROUP_WORDS: Record<string, string> = {
  allResidents: '社区居民',
  lowIncome: '低保对象',
  extremelyPoor: '特困人员',
  emptyNestElderly: '空巢老人',
  ruralLeftBehind: '农村留守人员',
  childrenInDifficulty: '困境儿童',
  disabled: '残疾人',
  migrants: '流动人口',
};
export const FILES = [
  { name: '中期工作报告', kind: 'pdf', ext: 'pdf', contentType: 'application/pdf', size: [200_000, 3_000_000] },
  { name: '活动签到表', kind: 'xlsx', ext: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: [20_000, 300_000] },
  { name: '活动照片', kind: 'jpeg', ext: 'jpg', contentType: 'image/jpeg', size: [400_000, 6_000_000] },
  {
    name: '服务对象满意度调查汇总',
    kind: 'docx',
    ext: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    size: [30_000, 500_000],
  },
] as const;

export function pickWeighted<T extends { weight: number }>(r: ProjectRng, items: readonly T[]): T {
  const total = items.reduce((s, x) => s + x.weight, 0);
  let left = r.float() * total;
  for (const x of items) if ((left -= x.weight) < 0) return x;
  return items[items.length - 1]!;
}

export function reportText(title: string, activities: number, served: Record<string, number>, r: ProjectRng): string {
  const people = Object.entries(served)
    .map(([g, n]) => `${GROUP_WORDS[g] ?? '居民'}${n}人次`)
    .join('、');
  const visits = r.int(40, 300);
  return (
    `${title}上半年工作报告：项目团队按服务计划建立服务对象档案${r.int(30, 200)}份，开展入户探访${visits}次、集中活动${activities}场，服务${people}。` +
    `每场活动均有签到表和照片记录，服务对象满意度调查回收问卷${r.int(50, 300)}份，满意率${r.int(88, 99)}%。` +
    `存在的问题：部分服务对象白天外出，探访需改在晚间和周末；下半年将增加志愿者排班，按月向社区报告服务进度。`
  );
}
