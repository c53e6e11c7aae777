import type { Actor } from '~/domain/permissions';

/**
 * Whom a workspace is for, read from the person's role assignments exactly as `permissions.ts`
 * scopes them: a purchasing unit is a staff role at one region (`project:manage` asks for the same
 * role and region, not a subtree); an organization role counts for its own organization only.
 */
export type UnitRole = 'bureauStaff' | 'stationStaff' | 'committeeStaff';
export interface Unit {
  role: UnitRole;
  regionCode: string;
}

const UNIT_ROLES: readonly string[] = ['bureauStaff', 'stationStaff', 'committeeStaff'];

/** The purchasing units the person works for (bureaus, street stations, community committees). */
export function unitsOf(actor: Actor): Unit[] {
  const seen = new Set<string>();
  const units: Unit[] = [];
  for (const a of actor.assignments) {
    if (!UNIT_ROLES.includes(a.role) || !a.regionCode) continue;
    const key = unitKey({ role: a.role as UnitRole, regionCode: a.regionCode });
    if (seen.has(key)) continue;
    seen.add(key);
    units.push({ role: a.role as UnitRole, regionCode: a.regionCode });
  }
  return units;
}

export const unitKey = (u: { role: string; regionCode: string }) => `${u.role}@${u.regionCode}`;

/** The organizations the person administers (may bid and act on contracts: `bid:submit`, `contract:organization`). */
export function administeredOrgs(actor: Actor): string[] {
  return [...new Set(actor.assignments.filter((a) => a.role === 'orgAdmin' && a.organizationId).map((a) => a.organizationId!))];
}

/** The organizations the person belongs to in any role (administrator or member). */
export function memberOrgs(actor: Actor): string[] {
  return [...new Set(actor.assignments.filter((a) => (a.role === 'orgAdmin' || a.role === 'orgMember') && a.organizationId).map((a) => a.organizationId!))];
}

export const isEvaluator = (actor: Actor) => actor.assignments.some((a) => a.role === 'evaluator');
export const isPlatformAdmin = (actor: Actor) => actor.assignments.some((a) => a.role === 'platformAdmin');
