/** `--scale=province`, last part: a contract for every award without one (contracts-plan.ts). */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '#db/client';
import {
  attachments,
  awards,
  contracts,
  deliverables,
  ledgerAccounts,
  ledgerEntries,
  ledgerTransactions,
  milestones,
  organizations,
  projects,
  roleAssignments,
  tranches,
  users,
} from '#db/schema';
import { generateContracts } from './contracts-plan';
import { insertAll, seconds } from './insert';
import { Rng } from './rng';
import { ANCHOR } from './world';

export async function seedContracts(db: Db, seed: number) {
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
