import { describe, expect, it } from 'vitest';
import { can, canGrant, decide, grantableRoles, roleFitsRegion, type Actor } from './permissions';

const committee: Actor = { userId: 'c', assignments: [{ role: 'committeeStaff', regionCode: '610113002001', organizationId: null }] };
const station: Actor = { userId: 's', assignments: [{ role: 'stationStaff', regionCode: '610113002', organizationId: null }] };
const countyBureau: Actor = { userId: 'b', assignments: [{ role: 'bureauStaff', regionCode: '610113', organizationId: null }] };
const cityBureau: Actor = { userId: 'cb', assignments: [{ role: 'bureauStaff', regionCode: '6101', organizationId: null }] };
const orgAdmin: Actor = { userId: 'o', assignments: [{ role: 'orgAdmin', regionCode: null, organizationId: 'org-1' }] };
const admin: Actor = { userId: 'a', assignments: [{ role: 'platformAdmin', regionCode: null, organizationId: null }] };
const nobody: Actor = { userId: 'n', assignments: [] };

const application = { regionCode: '610113002001', ownerUserId: 'n' };

describe('permissions: deny by default, scoped by region or organization', () => {
  it('refuses everyone who is not signed in', () => {
    expect(can(null, 'filing:apply')).toBe(false);
    expect(can(null, 'filing:view', application)).toBe(false);
  });

  it('any signed-in person may apply, only the applicant may amend', () => {
    expect(can(nobody, 'filing:apply')).toBe(true);
    expect(decide(nobody, 'filing:amend', application)).toEqual({ allowed: true, role: 'owner' });
    expect(can(committee, 'filing:amend', application)).toBe(false);
  });

  it('first review belongs to the committee of the home community only', () => {
    expect(decide(committee, 'filing:firstReview', application)).toEqual({ allowed: true, role: 'committeeStaff' });
    expect(can(committee, 'filing:firstReview', { ...application, regionCode: '610113002002' })).toBe(false);
    expect(can(station, 'filing:firstReview', application)).toBe(false);
    expect(can(countyBureau, 'filing:firstReview', application)).toBe(false);
  });

  it('filing belongs to the station of the street, not a neighbour street', () => {
    expect(can(station, 'filing:decide', application)).toBe(true);
    expect(can(station, 'filing:decide', { regionCode: '610113003001' })).toBe(false);
    expect(can(committee, 'filing:decide', application)).toBe(false);
  });

  it("a station's scope is its street's subtree, not the county above it", () => {
    expect(can(station, 'filing:decide', { regionCode: '610113002' })).toBe(true);
    expect(can(station, 'filing:decide', { regionCode: '610113' })).toBe(false);
  });

  it('only a county-level bureau records registration', () => {
    expect(can(countyBureau, 'org:register', { regionCode: '610113002001' })).toBe(true);
    expect(can(cityBureau, 'org:register', { regionCode: '610113002001' })).toBe(false);
    expect(can(countyBureau, 'org:register', { regionCode: '610112001001' })).toBe(false);
  });

  it('a station may suspend filed organizations in its street but not registered ones', () => {
    expect(can(station, 'org:changeStatus', { regionCode: '610113002001', legalStatus: 'filed' })).toBe(true);
    expect(can(station, 'org:changeStatus', { regionCode: '610113002001', legalStatus: 'registered' })).toBe(false);
    expect(can(cityBureau, 'org:changeStatus', { regionCode: '610113002001', legalStatus: 'registered' })).toBe(true);
  });

  it('an organization admin edits only their own organization', () => {
    expect(can(orgAdmin, 'org:edit', { organizationId: 'org-1', regionCode: '610113002001' })).toBe(true);
    expect(can(orgAdmin, 'org:edit', { organizationId: 'org-2', regionCode: '610113002001' })).toBe(false);
  });

  it('a platform admin reads the audit log but cannot file organizations', () => {
    expect(can(admin, 'audit:view')).toBe(true);
    expect(can(admin, 'filing:decide', application)).toBe(false);
    expect(can(countyBureau, 'audit:view')).toBe(false);
  });

  it('the outbox of e-mail and SMS is the platform administrator’s alone, whatever the region', () => {
    const provinceBureau: Actor = { userId: 'pb', assignments: [{ role: 'bureauStaff', regionCode: '61', organizationId: null }] };
    expect(decide(admin, 'outbox:view')).toEqual({ allowed: true, role: 'platformAdmin' });
    for (const other of [provinceBureau, cityBureau, countyBureau, station, committee, orgAdmin, nobody]) expect(can(other, 'outbox:view')).toBe(false);
    expect(can(null, 'outbox:view')).toBe(false);
    // Contracts are overseen, read-only, by the administrator alone; a bureau sees its own units' contracts through their side.
    expect(decide(admin, 'contract:oversee')).toEqual({ allowed: true, role: 'platformAdmin' });
    for (const other of [provinceBureau, cityBureau, countyBureau, station, committee, orgAdmin, nobody]) expect(can(other, 'contract:oversee')).toBe(false);
  });

  it('the working-day calendar is kept by the platform administrator and the province bureau only', () => {
    const provinceBureau: Actor = { userId: 'pb', assignments: [{ role: 'bureauStaff', regionCode: '61', organizationId: null }] };
    expect(decide(admin, 'calendar:maintain')).toEqual({ allowed: true, role: 'platformAdmin' });
    expect(decide(provinceBureau, 'calendar:maintain')).toEqual({ allowed: true, role: 'bureauStaff' });
    for (const other of [cityBureau, countyBureau, station, committee, orgAdmin, nobody]) expect(can(other, 'calendar:maintain')).toBe(false);
    expect(can(null, 'calendar:maintain')).toBe(false);
  });
});

describe('who may give which role', () => {
  it('a county bureau staffs its own stations and committees, not its neighbours nor itself', () => {
    expect(canGrant(countyBureau, 'stationStaff', '610113002')).toBe(true);
    expect(canGrant(countyBureau, 'committeeStaff', '610113002001')).toBe(true);
    expect(canGrant(countyBureau, 'stationStaff', '610112001')).toBe(false);
    expect(canGrant(countyBureau, 'bureauStaff', '610113')).toBe(false);
    expect(canGrant(cityBureau, 'bureauStaff', '610113')).toBe(true);
  });
  it('a bureau cannot make platform administrators or evaluators; the platform administrator can', () => {
    expect(canGrant(cityBureau, 'platformAdmin', null)).toBe(false);
    expect(canGrant(cityBureau, 'evaluator', null)).toBe(false);
    expect(canGrant(admin, 'evaluator', null)).toBe(true);
  });
  it('a role must sit at its level: a station on a street, a committee on a community', () => {
    expect(roleFitsRegion('stationStaff', '610113')).toBe(false);
    expect(roleFitsRegion('committeeStaff', '610113002001')).toBe(true);
    expect(canGrant(admin, 'committeeStaff', '610113002')).toBe(false);
  });
  it('the form offers only what the actor may give', () => {
    expect(grantableRoles(countyBureau)).toEqual(['stationStaff', 'committeeStaff']);
    expect(grantableRoles(cityBureau)).toEqual(['bureauStaff', 'stationStaff', 'committeeStaff']);
    expect(grantableRoles(committee)).toEqual([]);
  });
  it('organization roles are given by the organization, not through staff grants', () => {
    expect(canGrant(admin, 'orgAdmin', null)).toBe(false);
    expect(decide(orgAdmin, 'org:manageMembers', { organizationId: 'org-1' })).toEqual({ allowed: true, role: 'orgAdmin' });
    expect(can(orgAdmin, 'org:manageMembers', { organizationId: 'org-2' })).toBe(false);
  });

  it('the expert pool: listed by the province and city bureaus, kept within their region; an expert declares their own relations', () => {
    const provinceBureau: Actor = { userId: 'pb', assignments: [{ role: 'bureauStaff', regionCode: '61', organizationId: null }] };
    for (const keeper of [provinceBureau, cityBureau]) expect(can(keeper, 'experts:list')).toBe(true);
    for (const other of [countyBureau, station, committee, orgAdmin, admin, nobody, null]) expect(can(other, 'experts:list')).toBe(false);
    expect(can(provinceBureau, 'experts:maintain', { regionCode: '61' })).toBe(true);
    expect(can(cityBureau, 'experts:maintain', { regionCode: '610113001002' })).toBe(true);
    expect(can(cityBureau, 'experts:maintain', { regionCode: '61' })).toBe(false);
    expect(can(cityBureau, 'experts:maintain', { regionCode: '6102' })).toBe(false);
    expect(can(countyBureau, 'experts:maintain', { regionCode: '610113' })).toBe(false);
    expect(can(nobody, 'experts:declare', { ownerUserId: nobody.userId })).toBe(true);
    expect(can(nobody, 'experts:declare', { ownerUserId: 'someone-else' })).toBe(false);
  });
});
