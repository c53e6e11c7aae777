import { describe, expect, it } from 'vitest';
import type { Actor, Assignment } from './permissions';
import { sideOf, type ContractParties } from './contract-side';

const HUB = '00000000-0000-4000-8000-000000000001';
const ORG = '00000000-0000-4000-8000-000000000002';
const OTHER = '00000000-0000-4000-8000-000000000003';

const actor = (...assignments: Partial<Assignment>[]): Actor => ({
  userId: 'u',
  assignments: assignments.map((a) => ({ role: 'orgAdmin', regionCode: null, organizationId: null, ...a }) as Assignment),
});

/** A contract the street station of 610113002 pays to ORG. */
const byUnit: ContractParties = { payerOrganizationId: null, payeeOrganizationId: ORG, purchaserRole: 'stationStaff', purchaserRegionCode: '610113002' };
/** A subcontract the hub pays to ORG. */
const byHub: ContractParties = { payerOrganizationId: HUB, payeeOrganizationId: ORG, purchaserRole: null, purchaserRegionCode: null };

describe('sideOf', () => {
  it("the purchasing unit's staff are the payer; staff of a unit above or beside it are nobody", () => {
    expect(sideOf(actor({ role: 'stationStaff', regionCode: '610113002' }), byUnit)).toEqual({ side: 'payer', role: 'stationStaff' });
    expect(sideOf(actor({ role: 'bureauStaff', regionCode: '610113' }), byUnit)).toBeNull();
    expect(sideOf(actor({ role: 'stationStaff', regionCode: '610113003' }), byUnit)).toBeNull();
    expect(sideOf(actor({ role: 'committeeStaff', regionCode: '610113002' }), byUnit)).toBeNull();
  });

  it("the payee organization's administrators are the payee", () => {
    expect(sideOf(actor({ organizationId: ORG }), byUnit)).toEqual({ side: 'payee', role: 'orgAdmin' });
    expect(sideOf(actor({ organizationId: ORG }), byHub)).toEqual({ side: 'payee', role: 'orgAdmin' });
  });

  it("on a subcontract the hub's administrators pay, and the purchasing unit has no side", () => {
    expect(sideOf(actor({ organizationId: HUB }), byHub)).toEqual({ side: 'payer', role: 'orgAdmin' });
    expect(
      sideOf(actor({ role: 'stationStaff', regionCode: '610113002' }), { ...byHub, purchaserRole: 'stationStaff', purchaserRegionCode: '610113002' }),
    ).toBeNull();
  });

  it('an administrator of another organization, or no one signed in with a role, has no side', () => {
    expect(sideOf(actor({ organizationId: OTHER }), byUnit)).toBeNull();
    expect(sideOf(actor(), byHub)).toBeNull();
    expect(sideOf({ userId: 'u', assignments: [] }, byUnit)).toBeNull();
  });

  it('one holding both sides (payer first) is the payer', () => {
    expect(sideOf(actor({ organizationId: HUB }, { organizationId: ORG }), byHub)?.side).toBe('payer');
  });
});
