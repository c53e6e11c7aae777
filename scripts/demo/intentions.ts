import { eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { roleAssignments, users } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import type { IntentionInput } from '~/schemas/intention';
import { todayInChina } from '~/lib/clock.server';
import { createIntention } from '~/services/create-intention.server';
import { publishIntention } from '~/services/publish-intention.server';
import { updateIntention } from '~/services/update-intention.server';
import { withdrawIntention } from '~/services/withdraw-intention.server';

async function actor(db: Db, email: string): Promise<Actor> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  const assignments = await db
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, u!.id));
  return { userId: u!.id, assignments };
}

type Stage = 'draft' | 'published' | 'revised' | 'withdrawn';

/**
 * Next year's purchase intentions (财库〔2020〕10号) of the demo county bureau (雁塔区) and its street
 * station (小寨路街道), through the real use cases: published ones, one revised after publication, one
 * withdrawn with its reason, and a draft only the station sees. Next year rather than a fixed one, so
 * the demo still seeds (no intention is for a year past) whenever it is started.
 */
export async function seedDemoIntentions(db: Db): Promise<Record<string, string>> {
  const bureau = await actor(db, 'bureau@demo.cn');
  const station = await actor(db, 'station@demo.cn');
  const ctx = (a: Actor) => ({ actor: a, requestId: 'seed' });
  const year = Number(todayInChina().slice(0, 4)) + 1;
  const ids: Record<string, string> = {};

  const plan: [string, Actor, Stage, Omit<IntentionInput, 'year'>][] = [
    [
      'bureau:elderly',
      bureau,
      'revised',
      {
        title: `雁塔区${year}年度居家养老上门服务`,
        description: '为全区80周岁以上空巢、独居老人提供每周一次上门探访、生活照料和健康监测服务，建立服务档案，覆盖约1,200名老人。',
        serviceCategories: ['elderlyCare', 'healthService'],
        budget: 1_200_000_00,
        fundingSource: 'publicFinance',
        expectedMonth: 3,
      },
    ],
    [
      'bureau:children',
      bureau,
      'published',
      {
        title: `雁塔区${year}年度困境儿童关爱服务`,
        description: '为辖区困境儿童和留守儿童提供课业辅导、心理疏导和假期托管服务，每个街道至少设一个服务点。',
        serviceCategories: ['childcare', 'psychologicalSupport'],
        budget: 450_000_00,
        fundingSource: 'publicFinance',
        expectedMonth: 5,
      },
    ],
    [
      'bureau:training',
      bureau,
      'published',
      {
        title: `雁塔区${year}年度社区社会组织骨干培训`,
        description: '面向全区社区社会组织负责人和骨干开展能力建设培训，不少于6期，每期不少于40人，内容包括项目管理、财务规范和社区动员。',
        serviceCategories: ['residentParticipation'],
        budget: 180_000_00,
        fundingSource: 'socialDonations',
        expectedMonth: 4,
      },
    ],
    [
      'bureau:mediation',
      bureau,
      'withdrawn',
      {
        title: `雁塔区${year}年度社区矛盾纠纷调解服务`,
        description: '在各街道开展邻里纠纷调解、法律咨询进社区服务，培训社区调解志愿者。',
        serviceCategories: ['mediation'],
        budget: 300_000_00,
        fundingSource: 'publicFinance',
        expectedMonth: 6,
      },
    ],
    [
      'station:culture',
      station,
      'published',
      {
        title: `小寨路街道${year}年度社区文化活动`,
        description: '在街道各社区组织广场舞、书法、合唱等群众文化活动，全年不少于40场，扶持社区文体队伍发展。',
        serviceCategories: ['culture', 'residentParticipation'],
        budget: 120_000_00,
        fundingSource: 'publicFinance',
        expectedMonth: 4,
      },
    ],
    [
      'station:volunteer',
      station,
      'draft',
      {
        title: `小寨路街道${year}年度志愿服务站点运营`,
        description: '委托社会组织运营街道志愿服务站点，组织志愿者开展助老、环保和便民服务。',
        serviceCategories: ['charity'],
        budget: 80_000_00,
        fundingSource: 'publicFinance',
        expectedMonth: 7,
      },
    ],
  ];

  for (const [key, by, stage, content] of plan) {
    const input: IntentionInput = { ...content, year };
    const { id } = await createIntention(db, ctx(by), input);
    ids[key] = id;
    if (stage === 'draft') continue;
    await publishIntention(db, ctx(by), id);
    if (stage === 'revised') await updateIntention(db, ctx(by), id, { ...input, budget: 1_150_000_00, expectedMonth: 4 });
    if (stage === 'withdrawn') await withdrawIntention(db, ctx(by), id, '该服务并入市级统一采购项目，本单位不再单独采购。');
  }
  return ids;
}
