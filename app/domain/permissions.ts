import type { Role } from './catalog';

/**
 * The one place that decides who may do what (deny by default). Every loader and action asks
 * `decide(actor, permission, resource)`; a role only counts inside its scope: a region subtree
 * (bureau, station, committee: the resource's region code starts with the assignment's) or its own
 * organization (organization admin/member).
 */
export interface Assignment {
  role: Role;
  regionCode: string | null;
  organizationId: string | null;
}

export interface Actor {
  userId: string;
  assignments: Assignment[];
}

export interface Resource {
  regionCode?: string;
  organizationId?: string;
  /** The user who applied, for filing applications. */
  ownerUserId?: string;
  legalStatus?: 'registered' | 'filed';
  /** For projects: the purchasing unit (its role and region). */
  purchaserRole?: Role;
  purchaserRegionCode?: string;
}

interface Rule {
  role: Role | 'owner' | 'signedIn';
  /** Extra condition besides scope. */
  when?: (a: Assignment, r: Resource) => boolean;
  /** Skip the region-scope check (the rule needs no resource region). */
  unscoped?: boolean;
}

const inRegion = (a: Assignment, r: Resource) => a.regionCode !== null && r.regionCode !== undefined && r.regionCode.startsWith(a.regionCode);
const countyLevel = (a: Assignment) => a.regionCode?.length === 6;
const provinceLevel = (a: Assignment) => a.regionCode?.length === 2;
const provinceOrCityLevel = (a: Assignment) => a.regionCode?.length === 2 || a.regionCode?.length === 4;
/** The purchasing unit is a role at a region: only that unit's staff run its projects. */
const samePurchaser = (a: Assignment, r: Resource) => a.role === r.purchaserRole && a.regionCode === r.purchaserRegionCode;

export const POLICY = {
  /** Apply to file a new organization: anyone signed in (the leader of a group). */
  'filing:apply': [{ role: 'signedIn' }],
  /** Read an application and its timeline. */
  'filing:view': [{ role: 'owner' }, { role: 'committeeStaff' }, { role: 'stationStaff' }, { role: 'bureauStaff' }, { role: 'platformAdmin', unscoped: true }],
  /** See the queue of applications to review. */
  'filing:queue': [
    { role: 'committeeStaff', unscoped: true },
    { role: 'stationStaff', unscoped: true },
    { role: 'bureauStaff', unscoped: true },
    { role: 'platformAdmin', unscoped: true },
  ],
  /** Fix and resubmit, or withdraw, one's own application. */
  'filing:amend': [{ role: 'owner' }],
  /** First review: pass or return (the community committee of the home community). */
  'filing:firstReview': [{ role: 'committeeStaff' }],
  /** File or reject (the street station of the home community's street). */
  'filing:decide': [{ role: 'stationStaff' }],
  /** Record legal-person registration: the county bureau, the registration authority (§4.2). */
  'org:register': [{ role: 'bureauStaff', when: countyLevel }],
  /** Suspend, reinstate or exit: bureaus in scope; the street station for filed organizations (§4.3). */
  'org:changeStatus': [{ role: 'bureauStaff' }, { role: 'stationStaff', when: (_a, r) => r.legalStatus === 'filed' }],
  /** Edit the profile, charter and rules (§4.4). */
  'org:edit': [{ role: 'orgAdmin' }],
  /** See an organization's private workspace. */
  'org:workspace': [{ role: 'orgAdmin' }, { role: 'orgMember' }],
  /** Correct a community's urban/rural type. */
  'region:correctType': [{ role: 'bureauStaff' }],
  /**
   * Give or take staff roles: the platform administrator anywhere; a bureau inside its own region
   * subtree (it staffs its stations and committees). Which roles a bureau may give: grantableRoles.
   */
  // The page is open to every bureau; each grant is then checked on its role and region by canGrant.
  'role:grant': [
    { role: 'platformAdmin', unscoped: true },
    { role: 'bureauStaff', unscoped: true },
  ],
  /** Add or remove the members and administrators of one's own organization. */
  'org:manageMembers': [{ role: 'orgAdmin' }],
  /** Publish purchase projects for a region inside one's own (§3.4: bureaus, stations, committees). */
  'project:create': [{ role: 'bureauStaff' }, { role: 'stationStaff' }, { role: 'committeeStaff' }],
  /** Run one's own unit's project: edit, publish, panel, notice, award, cancel. */
  'project:manage': [
    { role: 'bureauStaff', unscoped: true, when: samePurchaser },
    { role: 'stationStaff', unscoped: true, when: samePurchaser },
    { role: 'committeeStaff', unscoped: true, when: samePurchaser },
  ],
  /** Draft purchase intentions (采购意向) for one's own purchasing unit: bureaus, stations, committees. */
  'intention:create': [{ role: 'bureauStaff' }, { role: 'stationStaff' }, { role: 'committeeStaff' }],
  /** Edit, publish and withdraw one's own unit's purchase intentions. */
  'intention:manage': [
    { role: 'bureauStaff', unscoped: true, when: samePurchaser },
    { role: 'stationStaff', unscoped: true, when: samePurchaser },
    { role: 'committeeStaff', unscoped: true, when: samePurchaser },
  ],
  /** Bid for one's own organization. */
  'bid:submit': [{ role: 'orgAdmin' }],
  /** Act for one's own organization on contracts: confirm, deliver, subcontract, pay subcontractors. */
  'contract:organization': [{ role: 'orgAdmin' }],
  /** Score bids as an evaluator (panel membership is checked by the use case). */
  'evaluation:score': [{ role: 'evaluator', unscoped: true }],
  /** Read the audit log and its verification. */
  'audit:view': [{ role: 'platformAdmin', unscoped: true }],
  /**
   * Oversee every contract of the province read-only (the list of parties, status, amount and what was paid, each
   * leading to its public fund trace): the platform administrator, who keeps every queue moving and acts on none.
   */
  'contract:oversee': [{ role: 'platformAdmin', unscoped: true }],
  /** Read the outbox of e-mail and SMS (addresses and what was written to them): the platform administrator only. */
  'outbox:view': [{ role: 'platformAdmin', unscoped: true }],
  /** See budget lines (ADR 023): a unit its own; a bureau also, read-only, those of the units below it. */
  'budget:view': [{ role: 'bureauStaff' }, { role: 'stationStaff' }, { role: 'committeeStaff' }],
  /** Record, raise and lower one's own unit's appropriations. */
  'budget:manage': [
    { role: 'bureauStaff', unscoped: true, when: samePurchaser },
    { role: 'stationStaff', unscoped: true, when: samePurchaser },
    { role: 'committeeStaff', unscoped: true, when: samePurchaser },
  ],
  /** Keep the working-day calendar (holidays, make-up days): one calendar for the whole province. */
  'calendar:maintain': [
    { role: 'platformAdmin', unscoped: true },
    { role: 'bureauStaff', unscoped: true, when: provinceLevel },
  ],
  /** List the expert pool (财库〔2016〕198号): the province's and the cities' bureaus keep it. */
  'experts:list': [{ role: 'bureauStaff', unscoped: true, when: provinceOrCityLevel }],
  /** Keep an expert's profile: the province bureau any, a city bureau those of its city (resource: the expert's region). */
  'experts:maintain': [{ role: 'bureauStaff', when: provinceOrCityLevel }],
  /** An expert keeps their own declared relations. */
  'experts:declare': [{ role: 'owner' }],
  /** Set the budget from which a panel has five members or more: the province decides it for every purchaser. */
  'experts:threshold': [{ role: 'bureauStaff', unscoped: true, when: provinceLevel }],
} satisfies Record<string, Rule[]>;

export type Permission = keyof typeof POLICY;
export const PERMISSIONS = Object.keys(POLICY) as Permission[];

export type Decision = { allowed: true; role: Role | 'owner' | 'signedIn' } | { allowed: false };

export function decide(actor: Actor | null, permission: Permission, resource: Resource = {}): Decision {
  if (!actor) return { allowed: false };
  for (const rule of POLICY[permission] as Rule[]) {
    if (rule.role === 'signedIn') return { allowed: true, role: 'signedIn' };
    if (rule.role === 'owner') {
      if (resource.ownerUserId !== undefined && resource.ownerUserId === actor.userId) return { allowed: true, role: 'owner' };
      continue;
    }
    for (const a of actor.assignments) {
      if (a.role !== rule.role) continue;
      const scoped =
        rule.unscoped ||
        (a.organizationId !== null ? resource.organizationId !== undefined && resource.organizationId === a.organizationId : inRegion(a, resource));
      if (scoped && (!rule.when || rule.when(a, resource))) return { allowed: true, role: a.role };
    }
  }
  return { allowed: false };
}

export function can(actor: Actor | null, permission: Permission, resource: Resource = {}): boolean {
  return decide(actor, permission, resource).allowed;
}

/** The regions an actor's staff roles cover, for filtering queues to what they may see. */
export function staffRegions(actor: Actor, roles: Role[]): string[] {
  return actor.assignments.filter((a) => roles.includes(a.role) && a.regionCode).map((a) => a.regionCode!);
}

/** Roles a bureau may give inside its subtree; the platform administrator may give any role. */
export const BUREAU_GRANTABLE: readonly Role[] = ['bureauStaff', 'stationStaff', 'committeeStaff'];

/** The level a region-scoped role needs: stations are streets, committees communities, bureaus province/city/county. */
export function roleFitsRegion(role: Role, regionCode: string | null): boolean {
  const len = regionCode?.length ?? 0;
  switch (role) {
    case 'bureauStaff':
      return len === 2 || len === 4 || len === 6;
    case 'stationStaff':
      return len === 9;
    case 'committeeStaff':
      return len === 12;
    default:
      return regionCode === null;
  }
}

/** Whether this actor may give `role` scoped to `regionCode` (organization roles go through org:manageMembers). */
export function canGrant(actor: Actor, role: Role, regionCode: string | null): boolean {
  if (role === 'orgAdmin' || role === 'orgMember') return false;
  if (!roleFitsRegion(role, regionCode)) return false;
  if (actor.assignments.some((a) => a.role === 'platformAdmin')) return true;
  if (!BUREAU_GRANTABLE.includes(role) || regionCode === null) return false;
  // A bureau staffs levels below its own, never its own level or above.
  return actor.assignments.some(
    (a) => a.role === 'bureauStaff' && a.regionCode !== null && regionCode.startsWith(a.regionCode) && regionCode.length > a.regionCode.length,
  );
}

/** The roles this actor may give somewhere (for the form's choices; canGrant still checks each grant). */
export function grantableRoles(actor: Actor): Role[] {
  if (actor.assignments.some((a) => a.role === 'platformAdmin')) return ['platformAdmin', 'bureauStaff', 'stationStaff', 'committeeStaff', 'evaluator'];
  const bureauLevels = actor.assignments.filter((a) => a.role === 'bureauStaff' && a.regionCode).map((a) => a.regionCode!.length);
  if (!bureauLevels.length) return [];
  return BUREAU_GRANTABLE.filter((r) => r !== 'bureauStaff' || bureauLevels.some((l) => l < 6));
}
