import { eq } from 'drizzle-orm';
import type { Db } from '#db/client';
import { organizations, roleAssignments, users } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import type { ServiceCategory } from '~/domain/catalog';
import type { Actor } from '~/domain/permissions';
import { saveExpertProfile } from '~/services/save-expert-profile.server';

/**
 * The demo's expert pool (ADR 024), kept by the province bureau through the real use case. 周明, 何静 and
 * 罗军 cover every category of the demo's projects; 韩冰 works for 启航社工中心 and declared a relation with
 * the street's hub, and 杜娟 lives in 永松社区 like 永松社区助老服务队: the draws avoid them wherever those
 * bid, so each demo panel is drawn from the first three (and its record shows who was avoided and why).
 */
export async function seedDemoExperts(db: Db) {
  const userId = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
  const orgId = async (name: string) => (await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)))[0]!.id;
  const provinceId = await userId('province@demo.cn');
  const assignments = await db
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organizationId: roleAssignments.organizationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.userId, provinceId));
  const ctx = { actor: { userId: provinceId, assignments } satisfies Actor, requestId: 'seed' };
  const common: ServiceCategory[] = ['elderlyCare', 'childcare', 'psychologicalSupport', 'healthService', 'rehabilitation', 'mediation', 'familyService'];
  const agency = await orgId('雁塔区启航社会工作服务中心');
  const hub = await orgId('小寨路街道社区社会组织联合会');
  const profiles: [string, Parameters<typeof saveExpertProfile>[3]][] = [
    [
      'evaluator@demo.cn',
      {
        specialties: [...common, 'residentParticipation'],
        regionCode: DEMO.city,
        employerName: '西北大学社会学系',
        employerOrganizationId: undefined,
        active: true,
        relations: [],
      },
    ],
    [
      'evaluator2@demo.cn',
      {
        specialties: [...common, 'charity'],
        regionCode: DEMO.province,
        employerName: '陕西省社会工作协会',
        employerOrganizationId: undefined,
        active: true,
        relations: [],
      },
    ],
    [
      'evaluator3@demo.cn',
      {
        specialties: [...common, 'culture'],
        regionCode: '610112',
        employerName: '陕西秦衡律师事务所',
        employerOrganizationId: undefined,
        active: true,
        relations: [],
      },
    ],
    [
      'evaluator4@demo.cn',
      {
        specialties: ['elderlyCare', 'psychologicalSupport', 'familyService'],
        regionCode: DEMO.county,
        employerName: undefined,
        employerOrganizationId: agency,
        active: true,
        relations: [{ organizationId: hub, note: '2025年起担任联合会的项目督导顾问' }],
      },
    ],
    [
      'evaluator5@demo.cn',
      {
        specialties: ['culture', 'sports', 'education'],
        regionCode: DEMO.community,
        employerName: '雁塔区第二中学',
        employerOrganizationId: undefined,
        active: true,
        relations: [],
      },
    ],
  ];
  for (const [email, input] of profiles) await saveExpertProfile(db, ctx, await userId(email), input);
}
