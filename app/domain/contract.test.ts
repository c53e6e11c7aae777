import { describe, expect, it } from 'vitest';
import { actionsFrom, canTransition } from './transitions';
import { CONTRACT_TRANSITIONS, isLate, MILESTONE_TRANSITIONS, subcontractProblem, TRANCHE_TRANSITIONS } from './contract';
import { checkInvariants } from './ledger';

describe('contract, milestone and tranche transitions', () => {
  it('a signed contract cannot be signed again; completed and terminated are final', () => {
    expect(canTransition(CONTRACT_TRANSITIONS, 'signed', 'sign')).toBe(false);
    expect(actionsFrom(CONTRACT_TRANSITIONS, 'completed')).toEqual([]);
    expect(actionsFrom(CONTRACT_TRANSITIONS, 'terminated')).toEqual([]);
  });
  it('a returned deliverable goes back by resubmission, an accepted one stays accepted', () => {
    expect(actionsFrom(MILESTONE_TRANSITIONS, 'returned')).toEqual(['submit']);
    expect(actionsFrom(MILESTONE_TRANSITIONS, 'accepted')).toEqual([]);
  });
  it('a tranche is paid only from processing, and a failed payment can be retried', () => {
    expect(canTransition(TRANCHE_TRANSITIONS, 'locked', 'disburse')).toBe(false);
    expect(canTransition(TRANCHE_TRANSITIONS, 'paid', 'disburse')).toBe(false);
    expect(TRANCHE_TRANSITIONS.fail.to).toBe('unlocked');
  });
  it('late means after the due day in Beijing', () => {
    expect(isLate('2026-06-30', new Date('2026-06-30T15:59:59Z'))).toBe(false);
    expect(isLate('2026-06-30', new Date('2026-06-30T16:00:00Z'))).toBe(true);
  });
});

describe('subcontracts (§3.4)', () => {
  const hub = { kind: 'hub', regionCode: '610113001' };
  const filed = { kind: 'communityOrg', legalStatus: 'filed', status: 'active', regionCode: '610113001002' };
  it('a hub hands work to community organizations of its street', () => {
    expect(subcontractProblem(hub, filed)).toBeNull();
    expect(subcontractProblem(hub, { ...filed, regionCode: '610113002001' })).toBe('subcontract.errors.targetRegion');
    expect(subcontractProblem({ kind: 'countyServiceOrg', regionCode: '610113' }, { ...filed, regionCode: '610113002001' })).toBeNull();
    expect(subcontractProblem({ kind: 'communityOrg', regionCode: '610113001002' }, filed)).toBe('subcontract.errors.holderKind');
    expect(subcontractProblem(hub, { ...filed, status: 'suspended' })).toBe('subcontract.errors.targetInactive');
  });
});

describe('ledger invariants', () => {
  const entries = [
    { transactionId: 't1', accountKind: 'fundingSource' as const, accountRef: 'f', amountFen: -1000 },
    { transactionId: 't1', accountKind: 'contract' as const, accountRef: 'c', amountFen: 1000 },
    { transactionId: 't2', accountKind: 'contract' as const, accountRef: 'c', amountFen: -500 },
    { transactionId: 't2', accountKind: 'organization' as const, accountRef: 'o', amountFen: 500 },
  ];
  it('a clean ledger has no violations', () => {
    const r = checkInvariants({ entries, contracts: [{ id: 'c', amountFen: 1000, paidFen: 500, subcontractedFen: 0 }], tranchePayments: [{ trancheId: 'x', payments: 1 }] });
    expect(r.every((i) => i.violations.length === 0)).toBe(true);
  });
  it('names each broken invariant', () => {
    const r = checkInvariants({
      entries: [...entries, { transactionId: 't3', accountKind: 'organization', accountRef: 'o', amountFen: -600 }],
      contracts: [{ id: 'c', amountFen: 1000, paidFen: 1100, subcontractedFen: 1200 }],
      tranchePayments: [{ trancheId: 'x', payments: 2 }],
    });
    const broken = Object.fromEntries(r.map((i) => [i.name, i.violations.length]));
    expect(broken).toEqual({
      'each transaction balances': 1,
      'paid on a contract ≤ its amount': 1,
      'subcontracted ≤ the contract amount': 1,
      'a tranche is paid at most once': 1,
      'no organization account goes negative': 1,
      'no contract account goes negative': 0,
    });
  });
});
