import { describe, expect, it } from 'vitest';
import { actionsFrom, canTransition } from './transitions';
import {
  AMENDMENT_TRANSITIONS,
  amendmentProblems,
  CONTRACT_TRANSITIONS,
  isLate,
  MILESTONE_TRANSITIONS,
  subcontractProblem,
  TRANCHE_TRANSITIONS,
} from './contract';
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
  const filed = { kind: 'communityOrg', legalStatus: 'filed', status: 'active', regionCode: '610113001002', filingNumber: '备-001', uscc: null };
  it('a hub hands work to community organizations of its street', () => {
    expect(subcontractProblem(hub, filed)).toBeNull();
    expect(subcontractProblem(hub, { ...filed, regionCode: '610113002001' })).toBe('subcontract.errors.targetRegion');
    expect(subcontractProblem({ kind: 'countyServiceOrg', regionCode: '610113' }, { ...filed, regionCode: '610113002001' })).toBeNull();
    expect(subcontractProblem({ kind: 'communityOrg', regionCode: '610113001002' }, filed)).toBe('subcontract.errors.holderKind');
    expect(subcontractProblem(hub, { ...filed, status: 'suspended' })).toBe('subcontract.errors.targetInactive');
    expect(subcontractProblem(hub, { ...filed, status: 'exited' })).toBe('subcontract.errors.targetInactive');
  });
  it("the hub's region code is a prefix of the target's: its street, not a neighbouring code that shares digits", () => {
    expect(subcontractProblem(hub, { ...filed, regionCode: '610113001999' })).toBeNull();
    expect(subcontractProblem(hub, { ...filed, regionCode: '610113010001' })).toBe('subcontract.errors.targetRegion');
    expect(subcontractProblem(hub, { ...filed, regionCode: '610114001002' })).toBe('subcontract.errors.targetRegion');
  });
  it('the target is filed with its number or registered with its credit code, and is not the hub itself', () => {
    expect(subcontractProblem(hub, { ...filed, filingNumber: null })).toBe('execution.errors.targetStanding');
    expect(subcontractProblem(hub, { ...filed, filingNumber: '  ' })).toBe('execution.errors.targetStanding');
    expect(subcontractProblem(hub, { ...filed, legalStatus: 'registered', filingNumber: '备-001', uscc: null })).toBe('execution.errors.targetStanding');
    expect(subcontractProblem(hub, { ...filed, legalStatus: 'registered', uscc: '51610113MJX000001A' })).toBeNull();
    expect(subcontractProblem(hub, { ...filed, legalStatus: 'unknown' })).toBe('execution.errors.targetStanding');
    expect(subcontractProblem({ ...hub, id: 'h' }, { ...filed, id: 'h', kind: 'hub', regionCode: '610113001' })).toBe('execution.errors.targetSelf');
  });
});

describe('ledger invariants', () => {
  const entries = [
    // The appropriation funds the funding source (ADR 023), the contract is committed from it.
    { transactionId: 't0', accountKind: 'appropriation' as const, accountRef: 'f:2027', amountFen: -1000 },
    { transactionId: 't0', accountKind: 'fundingSource' as const, accountRef: 'f', amountFen: 1000 },
    { transactionId: 't1', accountKind: 'fundingSource' as const, accountRef: 'f', amountFen: -1000 },
    { transactionId: 't1', accountKind: 'contract' as const, accountRef: 'c', amountFen: 1000 },
    { transactionId: 't2', accountKind: 'contract' as const, accountRef: 'c', amountFen: -500 },
    { transactionId: 't2', accountKind: 'organization' as const, accountRef: 'o', amountFen: 500 },
  ];
  it('a clean ledger has no violations', () => {
    const r = checkInvariants({
      entries,
      contracts: [{ id: 'c', amountFen: 1000, paidFen: 500, subcontractedFen: 0 }],
      tranchePayments: [{ trancheId: 'x', payments: 1 }],
    });
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
      'no funding-source account goes negative': 0,
    });
  });
  it('names a funding source spent beyond its appropriations', () => {
    const r = checkInvariants({
      entries: [
        ...entries,
        { transactionId: 't4', accountKind: 'fundingSource', accountRef: 'f', amountFen: -1 },
        { transactionId: 't4', accountKind: 'contract', accountRef: 'c2', amountFen: 1 },
      ],
      contracts: [],
      tranchePayments: [],
    });
    expect(r.find((i) => i.name === 'no funding-source account goes negative')!.violations).toEqual(['fundingSource:f at -1 fen']);
    expect(r.filter((i) => i.violations.length).map((i) => i.name)).toEqual(['no funding-source account goes negative']);
  });
});

describe('amendments (补充协议)', () => {
  const contract = { startDate: '2027-01-01', endDate: '2027-12-31' };
  const ms = [
    { id: 'm1', dueDate: '2027-06-30', status: 'accepted' },
    { id: 'm2', dueDate: '2027-12-31', status: 'pending' },
  ];

  it('wait for an answer, then are in force, declined or withdrawn, and nothing after that', () => {
    expect(actionsFrom(AMENDMENT_TRANSITIONS, 'proposed')).toEqual(['confirm', 'decline', 'withdraw']);
    for (const end of ['inForce', 'declined', 'withdrawn'] as const) expect(actionsFrom(AMENDMENT_TRANSITIONS, end)).toEqual([]);
  });

  it('must change something', () => {
    expect(amendmentProblems(contract, ms, {})).toEqual([['changes', 'amendment.errors.empty']]);
    expect(amendmentProblems(contract, ms, { endDate: '2027-12-31' })).toEqual([['changes', 'amendment.errors.empty']]);
  });

  it('moves the end and a due date together, within the new period', () => {
    expect(amendmentProblems(contract, ms, { endDate: '2028-03-31', dueDates: { m2: '2028-03-31' } })).toEqual([]);
    // The due date would fall after the new, earlier end.
    expect(amendmentProblems(contract, ms, { endDate: '2027-10-31' })).toEqual([['due_m2', 'contract.errors.milestoneDue']]);
    expect(amendmentProblems(contract, ms, { endDate: '2026-12-31', dueDates: { m2: '2026-12-01' } })).toEqual([
      ['endDate', 'contract.errors.dates'],
      ['due_m2', 'contract.errors.milestoneDue'],
    ]);
  });

  it('leaves accepted milestones and other contracts’ milestones alone', () => {
    expect(amendmentProblems(contract, ms, { dueDates: { m1: '2027-07-31' } })).toEqual([['due_m1', 'amendment.errors.milestoneDone']]);
    expect(amendmentProblems(contract, ms, { dueDates: { other: '2027-07-31' } })).toEqual([['changes', 'amendment.errors.milestone']]);
    // An earlier end date does not make an accepted milestone's past due date a problem.
    expect(amendmentProblems(contract, ms, { endDate: '2027-05-31', dueDates: { m2: '2027-05-31' } })).toEqual([]);
  });
});
