/** `--scale=province`, first part: the registry (organizations, people, filings), see registry-plan.ts. */
import { sql } from 'drizzle-orm';
import type { Db } from '#db/client';
import { DEMO_PASSWORD } from '#db/seed/demo';
import { filingApplications, filingSteps, organizations, regions, roleAssignments, users } from '#db/schema';
import { hashPassword } from '~/auth/password.server';
import { insertAll, seconds } from './insert';
import { generate, type Existing, type OrgRow, type RegionInfo } from './registry-plan';
import { Rng } from './rng';

export async function seedOrganizations(db: Db, seed: number) {
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
