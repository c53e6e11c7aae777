/**
 * The demo a new user finds after `npm start` (app/lib/startup.server.ts seeds it into an empty
 * database) and every test starts from (tests/support/global-setup.ts): accounts for every role and a
 * registry with something in every filing state, carried there through the real use cases, then the
 * project library (projects.ts) and its contracts (contracts.ts). The data it is made of (places,
 * accounts, password) is db/seed/demo.ts.
 */
import type { Db } from '#db/client';
import { organizations, roleAssignments, users } from '#db/schema';
import { DEMO, DEMO_PASSWORD, DEMO_USERS } from '#db/seed/demo';
import type { Actor } from '~/domain/permissions';
import { makeUscc } from '~/domain/uscc';
import { hashPassword } from '~/auth/password.server';
import { recordAudit } from '~/services/audit.server';
import { submitFiling } from '~/services/submit-filing.server';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { decideFiling } from '~/services/decide-filing.server';
import { recordRegistration } from '~/services/record-registration.server';
import type { FilingInput } from '~/schemas/filing';
import { seedDemoExperts } from './experts';
import { seedDemoIntentions } from './intentions';
import { seedDemoProjects } from './projects';
import { demoPdf } from './documents';
import { attachFilingDocument } from '~/services/attach-document.server';
import { seedDemoBudgets } from './budgets';

const CHARTER =
  '第一条 本组织由社区居民自愿组成，在社区党组织领导和社区居委会指导下开展活动。第二条 本组织宗旨是服务社区居民、弘扬邻里互助精神。第三条 本组织实行民主管理，重大事项由成员大会讨论决定。';
const RULES = '每月第一个周六召开成员例会；活动经费公开透明，每季度向社区居委会报告一次。';

function filing(
  name: string,
  community: string,
  categories: FilingInput['serviceCategories'],
  groups: FilingInput['beneficiaryGroups'],
  leader: string,
  members: number,
): FilingInput {
  return {
    name,
    regionCode: community,
    serviceCategories: categories,
    beneficiaryGroups: groups,
    leaderName: leader,
    contactPhone: '02985200000',
    foundedOn: '2024-03-01',
    memberCount: members,
    charter: CHARTER,
    rules: RULES,
  };
}

/** Demo accounts for every role and a registry with something in every filing state. */
export async function seedDemo(db: Db): Promise<Record<string, string>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const [row] = await db.insert(users).values({ displayName: u.displayName, email: u.email, mobile: u.mobile, passwordHash }).returning({ id: users.id });
    ids[u.key] = row!.id;
    if (u.role) await db.insert(roleAssignments).values({ userId: row!.id, role: u.role, regionCode: u.regionCode ?? null });
  }
  const actor = (key: string): Actor => ({ userId: ids[key]!, assignments: [] });
  const staff = (key: string): Actor => {
    const u = DEMO_USERS.find((x) => x.key === key)!;
    return { userId: ids[key]!, assignments: [{ role: u.role!, regionCode: u.regionCode ?? null, organizationId: null }] };
  };
  const ctx = (a: Actor) => ({ actor: a, requestId: 'seed' });

  // Registered organizations recorded by the county bureau: the street's hub and a social-work agency.
  const registered = [
    {
      key: 'hub',
      name: '小寨路街道社区社会组织联合会',
      kind: 'hub' as const,
      regionCode: DEMO.street,
      uscc: makeUscc('1', DEMO.county, 'MJY000012'),
      categories: ['residentParticipation', 'charity'],
      leader: '孙伟',
    },
    {
      key: 'agency',
      name: '雁塔区启航社会工作服务中心',
      kind: 'socialWorkAgency' as const,
      regionCode: DEMO.county,
      uscc: makeUscc('2', DEMO.county, 'MJY000029'),
      categories: ['psychologicalSupport', 'elderlyCare', 'childcare'],
      leader: '郑华',
    },
  ];
  for (const r of registered) {
    await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(organizations)
        .values({
          name: r.name,
          kind: r.kind,
          legalStatus: 'registered',
          uscc: r.uscc,
          regionCode: r.regionCode,
          serviceCategories: r.categories,
          beneficiaryGroups: ['allResidents', 'emptyNestElderly'],
          leaderName: r.leader,
          contactPhone: '02985211111',
          foundedOn: '2019-06-01',
          memberCount: 25,
          charter: CHARTER,
          rules: RULES,
          registeredAt: new Date('2020-01-15T00:00:00+08:00'),
        })
        .returning({ id: organizations.id });
      ids[`org:${r.key}`] = org!.id;
      await recordAudit(tx, {
        actorUserId: ids.bureau!,
        actorRole: 'bureauStaff',
        action: 'organization.seedRegistered',
        subjectType: 'organization',
        subjectId: org!.id,
        summary: { after: { name: r.name, kind: r.kind, legalStatus: 'registered', uscc: r.uscc } },
        requestId: 'seed',
      });
    });
  }
  await db.insert(roleAssignments).values([
    { userId: ids.hub!, role: 'orgAdmin', organizationId: ids['org:hub']! },
    { userId: ids.agency!, role: 'orgAdmin', organizationId: ids['org:agency']! },
  ]);

  // Filed organizations go through the real workflow, so their timelines and audit rows are real too.
  const filedOrgs: [string, FilingInput][] = [
    ['org', filing('永松社区夕阳红舞蹈队', DEMO.community, ['culture', 'sports'], ['emptyNestElderly', 'allResidents'], '张秀兰', 32)],
    ['org', filing('永松社区邻里调解志愿队', DEMO.community, ['mediation'], ['allResidents'], '张秀兰', 12)],
    ['org', filing('永松社区助老服务队', DEMO.community, ['elderlyCare', 'charity'], ['emptyNestElderly', 'disabled'], '张秀兰', 18)],
    ['org', filing('小寨东路社区四点半课堂', DEMO.neighbourCommunity, ['childcare', 'education'], ['childrenInDifficulty'], '张秀兰', 9)],
  ];
  for (const [who, input] of filedOrgs) {
    const { id } = await submitFiling(db, ctx(actor(who)), input);
    if (input.regionCode === DEMO.community) {
      await firstReviewFiling(db, ctx(staff('committee')), { applicationId: id, decision: 'pass' });
    } else {
      await firstReviewFiling(
        db,
        ctx({ userId: ids.committee!, assignments: [{ role: 'committeeStaff', regionCode: DEMO.neighbourCommunity, organizationId: null }] }),
        { applicationId: id, decision: 'pass' },
      );
    }
    const { organizationId } = await decideFiling(db, ctx(staff('station')), { applicationId: id, decision: 'file' });
    ids[`org:${input.name}`] = organizationId!;
  }
  // One of them later qualified and was registered by the county bureau (§4.2: from filed to registered).
  await recordRegistration(db, ctx(staff('bureau')), {
    organizationId: ids['org:永松社区助老服务队']!,
    uscc: makeUscc('2', DEMO.county, 'MJY000045'),
    registeredOn: '2025-09-01',
  });

  // Applications waiting at each step, for the committee and the station to act on.
  const waiting = await submitFiling(db, ctx(actor('leader')), filing('永松社区广场舞蹈队', DEMO.community, ['culture'], ['allResidents'], '吴刚', 15));
  ids['filing:waiting'] = waiting.id;
  // It hands in its charter (its member list is still missing: the page warns).
  await attachFilingDocument(db, ctx(actor('leader')), waiting.id, 'charter', { name: '章程.pdf', bytes: demoPdf('Charter (demo)') });
  const returned = await submitFiling(
    db,
    ctx(actor('leader')),
    filing('永松社区读书会', DEMO.community, ['education', 'culture'], ['allResidents'], '吴刚', 6),
  );
  await firstReviewFiling(db, ctx(staff('committee')), { applicationId: returned.id, decision: 'return', reason: '章程缺少经费管理条款，请补充后重新提交。' });
  ids['filing:returned'] = returned.id;
  const passed = await submitFiling(
    db,
    ctx(actor('leader')),
    filing('永松社区科普志愿队', DEMO.community, ['education', 'charity'], ['childrenInDifficulty', 'allResidents'], '吴刚', 11),
  );
  await firstReviewFiling(db, ctx(staff('committee')), { applicationId: passed.id, decision: 'pass' });
  ids['filing:passed'] = passed.id;

  // Each purchasing unit's appropriations, before any project reserves on them.
  await seedDemoBudgets(db);
  // The purchase project library, one project in every status.
  await seedDemoExperts(db);
  const projectIds = await seedDemoProjects(db);
  for (const [stage, id] of Object.entries(projectIds)) ids[`project:${stage}`] = id;

  // Next year's purchase intentions of the county bureau and the street station.
  for (const [key, id] of Object.entries(await seedDemoIntentions(db))) ids[`intention:${key}`] = id;
  return ids;
}
