import { describe, expect, it } from 'vitest';
import { allowedActions } from './capabilities';
import {
  allowedStatusActions,
  organizationActingRole,
  organizationCapabilities,
  organizationCapability,
  type OrganizationAction,
} from './organization-capabilities';
import type { OrgStatus } from './organization-status';
import type { Actor, Assignment } from './permissions';

const actor = (userId: string, ...assignments: Partial<Assignment>[]): Actor => ({
  userId,
  assignments: assignments.map((a) => ({ role: 'orgMember', regionCode: null, organizationId: null, ...a })),
});

const orgAdmin = actor('oa', { role: 'orgAdmin', organizationId: 'org-1' });
const otherOrgAdmin = actor('ob', { role: 'orgAdmin', organizationId: 'org-2' });
const orgMember = actor('om', { role: 'orgMember', organizationId: 'org-1' });
const countyBureau = actor('cb', { role: 'bureauStaff', regionCode: '610113' });
const otherCounty = actor('ob2', { role: 'bureauStaff', regionCode: '610112' });
const cityBureau = actor('ci', { role: 'bureauStaff', regionCode: '6101' });
const station = actor('st', { role: 'stationStaff', regionCode: '610113002' });
const committee = actor('co', { role: 'committeeStaff', regionCode: '610113002001' });
const admin = actor('pa', { role: 'platformAdmin' });

const org = (legalStatus: 'filed' | 'registered', status: OrgStatus) => ({ id: 'org-1', regionCode: '610113002001', legalStatus, status });

/** The standing changes the transition table allows from each status (§4.3). */
const STANDING: Record<OrgStatus, OrganizationAction[]> = { active: ['suspend', 'exit'], suspended: ['reinstate', 'exit'], exited: [] };

/** Who may do what, by the policy: the expected row of the role × status table. */
function expected(who: string, legalStatus: 'filed' | 'registered', status: OrgStatus): OrganizationAction[] {
  switch (who) {
    case 'orgAdmin':
      return [...(status === 'exited' ? [] : (['edit'] as const)), 'manageMembers'];
    case 'countyBureau':
      return [...(legalStatus === 'filed' && status !== 'exited' ? (['register'] as const) : []), ...STANDING[status]];
    case 'cityBureau':
      return STANDING[status];
    case 'station':
      return legalStatus === 'filed' ? STANDING[status] : [];
    default:
      return [];
  }
}

describe('organization capabilities (§4.2–4.4): role × status', () => {
  const people: [string, Actor | null][] = [
    ['orgAdmin', orgAdmin],
    ['countyBureau', countyBureau],
    ['cityBureau', cityBureau],
    ['station', station],
    ['another organization’s admin', otherOrgAdmin],
    ['a member', orgMember],
    ['another county’s bureau', otherCounty],
    ['the committee', committee],
    ['the platform administrator', admin],
    ['a visitor', null],
  ];
  for (const [who, a] of people) {
    for (const legalStatus of ['filed', 'registered'] as const) {
      for (const status of ['active', 'suspended', 'exited'] as const) {
        const want = expected(who, legalStatus, status);
        it(`${who}, ${legalStatus} and ${status}: ${want.join(', ') || 'nothing'}`, () => {
          expect(allowedActions(organizationCapabilities(a, org(legalStatus, status)))).toEqual(want);
        });
      }
    }
  }

  it('says why not: who may first, then the state', () => {
    expect(organizationCapability(committee, org('filed', 'exited'), 'edit')).toMatchObject({ code: 'forbidden', reason: 'errors.forbidden' });
    expect(organizationCapability(orgAdmin, org('filed', 'exited'), 'edit')).toMatchObject({ code: 'invalidTransition', reason: 'org.errors.exited' });
    expect(organizationCapability(countyBureau, org('registered', 'active'), 'register')).toMatchObject({ reason: 'org.errors.alreadyRegistered' });
    expect(organizationCapability(countyBureau, org('filed', 'exited'), 'register')).toMatchObject({ reason: 'org.errors.exited' });
    expect(organizationCapability(countyBureau, org('filed', 'active'), 'reinstate')).toEqual({
      allowed: false,
      code: 'invalidTransition',
      reason: 'org.errors.statusStale',
      params: { status: 'active' },
    });
  });

  it('the status form offers only the changes allowed now', () => {
    expect(allowedStatusActions(organizationCapabilities(countyBureau, org('filed', 'suspended')))).toEqual(['reinstate', 'exit']);
    expect(allowedStatusActions(organizationCapabilities(orgAdmin, org('filed', 'active')))).toEqual([]);
  });

  it('the audit row records the role each acts in', () => {
    expect(organizationActingRole(station, org('filed', 'active'), 'suspend')).toBe('stationStaff');
    expect(organizationActingRole(orgAdmin, org('filed', 'active'), 'edit')).toBe('orgAdmin');
    expect(organizationActingRole(station, org('registered', 'active'), 'suspend')).toBeNull();
  });
});
