import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '#db/client';
import { bids, filingApplications, panelMembers, projects, roleAssignments } from '#db/schema';
import type { ContractParties } from '~/domain/contract-side';
import { parentCode } from '~/domain/region-code';

/**
 * Who is told of an event (notify()): the people who hold a role, found from role assignments at
 * the moment of the event. A purchasing unit is its role at its exact region (a county bureau's
 * staff, not the province's); an organization is its administrators.
 */
export async function unitStaff(tx: Executor, role: 'bureauStaff' | 'stationStaff' | 'committeeStaff', regionCode: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.role, role), eq(roleAssignments.regionCode, regionCode)));
  return rows.map((r) => r.userId);
}

/** The staff of the unit that purchases a project. */
export async function projectPurchasers(tx: Executor, projectId: string): Promise<string[]> {
  const [p] = await tx.select({ role: projects.purchaserRole, region: projects.purchaserRegionCode }).from(projects).where(eq(projects.id, projectId));
  return p ? unitStaff(tx, p.role, p.region) : [];
}

/** The administrators of organizations. */
export async function orgAdmins(tx: Executor, organizationIds: ReadonlyArray<string>): Promise<string[]> {
  if (!organizationIds.length) return [];
  const rows = await tx
    .select({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.role, 'orgAdmin'), inArray(roleAssignments.organizationId, [...organizationIds])));
  return [...new Set(rows.map((r) => r.userId))];
}

/** The organizations with a live (submitted) bid on a project. */
export async function biddingOrganizations(tx: Executor, projectId: string): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ id: bids.organizationId })
    .from(bids)
    .where(and(eq(bids.projectId, projectId), eq(bids.status, 'submitted')));
  return rows.map((r) => r.id);
}

/** The experts seated on a project's panel (recused ones are no longer told). */
export async function panelExperts(tx: Executor, projectId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: panelMembers.evaluatorUserId })
    .from(panelMembers)
    .where(and(eq(panelMembers.projectId, projectId), eq(panelMembers.status, 'active')));
  return rows.map((r) => r.userId);
}

type UnitRole = 'bureauStaff' | 'stationStaff' | 'committeeStaff';
const UNIT_ROLES: readonly string[] = ['bureauStaff', 'stationStaff', 'committeeStaff'];

/**
 * The two sides of a contract, as `sideOf` (app/domain/contract-side.ts) decides them: the payer is
 * the purchasing unit's staff, or for a subcontract the paying hub's administrators; the payee is
 * the organization's administrators.
 */
export async function contractSides(tx: Executor, c: ContractParties): Promise<{ payer: string[]; payee: string[] }> {
  const payer = c.payerOrganizationId
    ? await orgAdmins(tx, [c.payerOrganizationId])
    : c.purchaserRole && UNIT_ROLES.includes(c.purchaserRole) && c.purchaserRegionCode
      ? await unitStaff(tx, c.purchaserRole as UnitRole, c.purchaserRegionCode)
      : [];
  return { payer, payee: await orgAdmins(tx, [c.payeeOrganizationId]) };
}

/**
 * Who reviews a filing application next: the home community's committee (first review), then the
 * street station of that community (§4.2).
 */
export async function filingReviewers(tx: Executor, applicationId: string, stage: 'committee' | 'station'): Promise<string[]> {
  const [app] = await tx.select({ regionCode: filingApplications.regionCode }).from(filingApplications).where(eq(filingApplications.id, applicationId));
  if (!app) return [];
  return stage === 'committee' ? unitStaff(tx, 'committeeStaff', app.regionCode) : unitStaff(tx, 'stationStaff', parentCode(app.regionCode) ?? '');
}
