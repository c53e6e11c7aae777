/** `--scale=province`, second part: the project library (projects-plan.ts) on the generated registry. */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client';
import { DEMO } from '#db/seed/demo';
import { awards, bids, organizations, projectCriteria, projects, rankings, regions, users } from '#db/schema';
import { insertAll, seconds } from './insert';
import { generateProjects, type OrgForBids, type ProjectPlan } from './projects-plan';
import { Rng } from './rng';
import { ANCHOR, DAY } from './world';

export async function seedProjects(db: Db, seed: number) {
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
export function steerAwardsToHubs(plan: ProjectPlan, orgs: OrgForBids[], role: string, county: string, count: number): number {
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
