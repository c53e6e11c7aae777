import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import { ORG_STATUS_TRANSITIONS, type OrgStatus, type OrgStatusAction } from './organization-status';
import { decide, type Actor, type Permission, type Resource } from './permissions';
import { canTransition } from './transitions';

/** What an organization's rules need to know about it. */
export interface OrganizationState {
  id: string;
  regionCode: string;
  legalStatus: 'registered' | 'filed';
  status: OrgStatus;
}

export const ORG_STATUS_ACTIONS = Object.keys(ORG_STATUS_TRANSITIONS) as OrgStatusAction[];

/** Edit the profile, manage members, record registration, and the standing changes of §4.3. */
export type OrganizationAction = 'edit' | 'manageMembers' | 'register' | OrgStatusAction;
export const ORGANIZATION_ACTIONS: readonly OrganizationAction[] = ['edit', 'manageMembers', 'register', ...ORG_STATUS_ACTIONS];

export const ORGANIZATION_PERMISSION: Record<OrganizationAction, Permission> = {
  edit: 'org:edit',
  manageMembers: 'org:manageMembers',
  register: 'org:register',
  suspend: 'org:changeStatus',
  reinstate: 'org:changeStatus',
  exit: 'org:changeStatus',
};

export function organizationResource(org: Pick<OrganizationState, 'id' | 'regionCode' | 'legalStatus'>): Resource {
  return { regionCode: org.regionCode, organizationId: org.id, legalStatus: org.legalStatus };
}

const notExited = (org: OrganizationState) => (org.status === 'exited' ? refuse('invalidTransition', 'org.errors.exited') : ALLOWED);

/** Whether this person may take this action on this organization now: who may first, then the state. */
export function organizationCapability(actor: Actor | null, org: OrganizationState, action: OrganizationAction): Capability {
  const who = decide(actor, ORGANIZATION_PERMISSION[action], organizationResource(org)).allowed ? ALLOWED : refuse('forbidden', 'errors.forbidden');
  switch (action) {
    case 'edit':
      return firstRefusal(who, notExited(org));
    case 'manageMembers':
      return who;
    case 'register':
      // Registration (§4.2) is the path from filed to registered; an exited organization has left.
      return firstRefusal(who, org.legalStatus === 'filed' ? ALLOWED : refuse('invalidTransition', 'org.errors.alreadyRegistered'), notExited(org));
    default:
      return firstRefusal(
        who,
        canTransition(ORG_STATUS_TRANSITIONS, org.status, action) ? ALLOWED : refuse('invalidTransition', 'org.errors.statusStale', { status: org.status }),
      );
  }
}

/** Every action on an organization, allowed or with the reason why not. */
export function organizationCapabilities(actor: Actor | null, org: OrganizationState): Capabilities<OrganizationAction> {
  return Object.fromEntries(ORGANIZATION_ACTIONS.map((a) => [a, organizationCapability(actor, org, a)])) as Capabilities<OrganizationAction>;
}

/** The standing changes this person may make now, in the transition table's order (the page's choices). */
export function allowedStatusActions(capabilities: Capabilities<OrganizationAction>): OrgStatusAction[] {
  return ORG_STATUS_ACTIONS.filter((a) => capabilities[a].allowed);
}

/** The role the actor acts in, for the audit row (null when they may not act). */
export function organizationActingRole(actor: Actor, org: OrganizationState, action: OrganizationAction) {
  const d = decide(actor, ORGANIZATION_PERMISSION[action], organizationResource(org));
  return d.allowed ? d.role : null;
}
