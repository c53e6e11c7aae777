import { describe, expect, it } from 'vitest';
import { allowedActions, mayOf } from './capabilities';
import type { AmendmentStatus, ContractStatus, MilestoneStatus, TrancheStatus } from './contract';
import {
  amendmentCapabilities,
  confirmedBy,
  consentCapabilities,
  consentPendingOf,
  contractCapabilities,
  milestoneCapabilities,
  subcontractCapability,
  trancheCapabilities,
  type ContractSide,
} from './contract-capabilities';

const SIDES: (ContractSide | null)[] = ['payer', 'payee', null];
const CONTRACT: ContractStatus[] = ['draft', 'signed', 'completed', 'terminated'];
const MILESTONE: MilestoneStatus[] = ['pending', 'submitted', 'accepted', 'returned'];
const TRANCHE: TrancheStatus[] = ['locked', 'unlocked', 'processing', 'paid'];
const AMENDMENT: AmendmentStatus[] = ['proposed', 'inForce', 'declined', 'withdrawn'];
const quiet = { milestones: [{ status: 'accepted' as const }], tranches: [{ status: 'paid' as const }], amendmentOpen: false };

describe('contract capabilities, side × status', () => {
  const table = Object.fromEntries(
    SIDES.flatMap((side) =>
      CONTRACT.map((status) => [`${side ?? 'none'}:${status}`, allowedActions(contractCapabilities(side, { status, confirmedBySide: false }, quiet))]),
    ),
  );
  it('matches the table', () => {
    expect(table).toEqual({
      'payer:draft': ['confirm', 'terminate'],
      'payer:signed': ['complete', 'terminate', 'amend'],
      'payer:completed': [],
      'payer:terminated': [],
      'payee:draft': ['confirm'],
      'payee:signed': ['amend'],
      'payee:completed': [],
      'payee:terminated': [],
      'none:draft': [],
      'none:signed': [],
      'none:completed': [],
      'none:terminated': [],
    });
  });
  it('refuses with the reasons the use cases give', () => {
    const signed = { status: 'signed' as const, confirmedBySide: false };
    expect(contractCapabilities(null, signed, quiet).amend).toMatchObject({ code: 'forbidden', reason: 'errors.forbidden' });
    expect(contractCapabilities('payee', signed, quiet).complete).toMatchObject({ code: 'forbidden' });
    expect(contractCapabilities('payer', { status: 'completed', confirmedBySide: true }, quiet).complete).toMatchObject({
      reason: 'contract.errors.stale',
      params: { status: 'completed' },
    });
    expect(contractCapabilities('payer', signed, { ...quiet, milestones: [{ status: 'submitted' }] }).complete).toMatchObject({
      reason: 'contract.errors.openMilestones',
    });
    expect(contractCapabilities('payer', signed, { ...quiet, tranches: [{ status: 'processing' }] }).terminate).toMatchObject({
      reason: 'contract.errors.paymentInFlight',
    });
    expect(contractCapabilities('payee', signed, { ...quiet, amendmentOpen: true }).amend).toMatchObject({ code: 'conflict', reason: 'amendment.errors.open' });
    expect(contractCapabilities('payee', { status: 'draft', confirmedBySide: true }, quiet).confirm).toMatchObject({
      reason: 'contract.errors.alreadyConfirmed',
    });
    expect(contractCapabilities('payer', { status: 'completed', confirmedBySide: false }, quiet).amend).toMatchObject({ reason: 'contract.errors.notSigned' });
  });
  it('reads which side has confirmed', () => {
    const c = { payerConfirmedAt: '2027-01-01', payeeConfirmedAt: null };
    expect([confirmedBy('payer', c), confirmedBy('payee', c), confirmedBy(null, c)]).toEqual([true, false, false]);
  });
});

describe('milestone capabilities, side × contract status × milestone status', () => {
  it('only on a signed contract: the payee submits pending or returned, the payer reviews submitted', () => {
    const table = Object.fromEntries(
      SIDES.flatMap((side) =>
        CONTRACT.flatMap((c) => MILESTONE.map((m) => [`${side ?? 'none'}:${c}:${m}`, allowedActions(milestoneCapabilities(side, c, { status: m }, true))])),
      ),
    );
    const allowed = Object.entries(table).filter(([, a]) => a.length);
    expect(Object.fromEntries(allowed)).toEqual({
      'payer:signed:submitted': ['accept', 'return'],
      'payee:signed:pending': ['submit'],
      'payee:signed:returned': ['submit'],
    });
  });
  it('refuses in order: side, contract, milestone', () => {
    expect(milestoneCapabilities('payer', 'draft', { status: 'pending' }, true).submit).toMatchObject({ code: 'forbidden' });
    expect(milestoneCapabilities('payee', 'draft', { status: 'pending' }, true).submit).toMatchObject({ reason: 'contract.errors.notSigned' });
    expect(milestoneCapabilities('payer', 'signed', { status: 'accepted' }, true).accept).toMatchObject({
      reason: 'deliverable.errors.stale',
      params: { status: 'accepted' },
    });
  });
  it('before the service period starts the payer may return a round but not accept it; the payee may still hand one in', () => {
    const early = milestoneCapabilities('payer', 'signed', { status: 'submitted' }, false);
    expect(early.accept).toMatchObject({ code: 'invalidTransition', reason: 'execution.errors.beforeStart' });
    expect(early.return.allowed).toBe(true);
    expect(milestoneCapabilities('payee', 'signed', { status: 'pending' }, false).submit.allowed).toBe(true);
  });
});

describe('tranche capabilities, side × contract status × tranche status', () => {
  it('the payer pays by the contract rail; a Stripe attempt may be sent again', () => {
    const rows: string[] = [];
    for (const side of SIDES)
      for (const status of CONTRACT)
        for (const rail of ['treasury', 'stripe'] as const)
          for (const t of TRANCHE)
            for (const stripeAttempt of [false, true]) {
              const may = allowedActions(trancheCapabilities(side, { status, paymentRail: rail }, { status: t, stripeAttempt, advance: false }, true));
              if (may.length) rows.push(`${side}:${status}:${rail}:${t}:${stripeAttempt} ${may.join(',')}`);
            }
    expect(rows).toEqual([
      'payer:signed:treasury:unlocked:false payTreasury',
      'payer:signed:treasury:unlocked:true payTreasury',
      'payer:signed:stripe:unlocked:false payStripe',
      'payer:signed:stripe:unlocked:true payStripe',
      'payer:signed:stripe:processing:true payStripe',
      'payer:completed:treasury:unlocked:false payTreasury',
      'payer:completed:treasury:unlocked:true payTreasury',
      'payer:completed:stripe:unlocked:false payStripe',
      'payer:completed:stripe:unlocked:true payStripe',
      'payer:completed:stripe:processing:true payStripe',
    ]);
  });
  it('gives the use cases their reasons', () => {
    const caps = trancheCapabilities('payer', { status: 'signed', paymentRail: 'treasury' }, { status: 'paid', stripeAttempt: false, advance: false }, true);
    expect(caps.payTreasury).toMatchObject({ reason: 'tranche.errors.stale', params: { status: 'paid' } });
    expect(caps.payStripe).toMatchObject({ code: 'invalidInput', reason: 'tranche.errors.railStripe', params: { paymentRail: 'treasury' } });
    expect(
      trancheCapabilities('payer', { status: 'draft', paymentRail: 'stripe' }, { status: 'unlocked', stripeAttempt: false, advance: false }, true).payTreasury,
    ).toMatchObject({
      reason: 'contract.errors.notSigned',
    });
  });
  it('before the service period starts only an advance is paid, by either rail', () => {
    for (const rail of ['treasury', 'stripe'] as const) {
      const action = rail === 'stripe' ? 'payStripe' : 'payTreasury';
      const c = { status: 'signed' as const, paymentRail: rail };
      expect(trancheCapabilities('payer', c, { status: 'unlocked', stripeAttempt: false, advance: false }, false)[action]).toMatchObject({
        code: 'invalidTransition',
        reason: 'execution.errors.beforeStart',
      });
      expect(trancheCapabilities('payer', c, { status: 'unlocked', stripeAttempt: false, advance: true }, false)[action].allowed).toBe(true);
      expect(trancheCapabilities('payer', c, { status: 'unlocked', stripeAttempt: false, advance: false }, true)[action].allowed).toBe(true);
    }
  });
});

describe('amendment capabilities, side × contract status × amendment status', () => {
  it('the other side answers, the proposer withdraws, only while waiting on a signed contract', () => {
    const rows: string[] = [];
    for (const side of SIDES)
      for (const c of CONTRACT)
        for (const a of AMENDMENT) {
          const may = allowedActions(amendmentCapabilities(side, c, { status: a, proposedBySide: 'payer' }));
          if (may.length) rows.push(`${side}:${c}:${a} ${may.join(',')}`);
        }
    expect(rows).toEqual(['payer:signed:proposed withdraw', 'payee:signed:proposed confirm,decline']);
  });
  it('refuses with the reasons the use case gives', () => {
    expect(amendmentCapabilities('payee', 'signed', { status: 'inForce', proposedBySide: 'payer' }).confirm).toMatchObject({ reason: 'amendment.errors.done' });
    expect(amendmentCapabilities('payer', 'signed', { status: 'proposed', proposedBySide: 'payer' }).decline).toMatchObject({
      reason: 'amendment.errors.otherSide',
    });
    expect(amendmentCapabilities('payee', 'signed', { status: 'proposed', proposedBySide: 'payer' }).withdraw).toMatchObject({
      reason: 'amendment.errors.notProposer',
    });
    expect(amendmentCapabilities('payee', 'completed', { status: 'proposed', proposedBySide: 'payer' }).confirm).toMatchObject({
      reason: 'contract.errors.notSigned',
    });
  });
});

describe('subcontract capability', () => {
  it('the payee of a signed main contract, a hub or county service organization, with money left', () => {
    const rows: string[] = [];
    for (const side of SIDES)
      for (const status of CONTRACT)
        for (const kind of ['hub', 'countyServiceOrg', 'communityOrg'])
          for (const isSubcontract of [false, true])
            if (mayOf({ s: subcontractCapability(side, { status, isSubcontract }, kind, 100) }).s) rows.push(`${side}:${status}:${kind}:${isSubcontract}`);
    expect(rows).toEqual(['payee:signed:hub:false', 'payee:signed:countyServiceOrg:false']);
  });
  it('refuses in the order the page explains it', () => {
    const main = { status: 'draft' as const, isSubcontract: false };
    expect(subcontractCapability('payee', main, 'communityOrg', 0)).toMatchObject({ reason: 'subcontract.errors.holderKind' });
    expect(subcontractCapability('payee', main, 'hub', 0)).toMatchObject({ reason: 'subcontract.errors.parentNotSigned' });
    expect(subcontractCapability('payee', { ...main, status: 'signed' }, 'hub', 0)).toMatchObject({ reason: 'execution.errors.overShare' });
    expect(subcontractCapability('payer', { ...main, status: 'signed' }, 'hub', 10)).toMatchObject({ code: 'forbidden' });
  });
});

describe('written consent to a subcontract (政府采购法 §48)', () => {
  it('a subcontract without consent cannot be confirmed by either side; with it, it can; a main contract needs none', () => {
    const draft = { status: 'draft' as const, confirmedBySide: false };
    for (const side of ['payer', 'payee'] as const) {
      expect(contractCapabilities(side, { ...draft, consentPending: true }, quiet).confirm).toMatchObject({
        code: 'invalidTransition',
        reason: 'execution.errors.noConsent',
      });
      expect(contractCapabilities(side, { ...draft, consentPending: false }, quiet).confirm.allowed).toBe(true);
    }
    expect(consentPendingOf({ parentContractId: null, consentDecision: null })).toBe(false);
    expect(consentPendingOf({ parentContractId: 'p', consentDecision: null })).toBe(true);
    expect(consentPendingOf({ parentContractId: 'p', consentDecision: 'refused' })).toBe(true);
    expect(consentPendingOf({ parentContractId: 'p', consentDecision: 'given' })).toBe(false);
  });
  it('only the parent purchaser answers, once, a draft subcontract of a signed contract', () => {
    const rows: string[] = [];
    for (const side of SIDES)
      for (const parent of CONTRACT)
        for (const sub of CONTRACT)
          for (const decision of [null, 'given', 'refused'])
            if (allowedActions(consentCapabilities(side, parent, { status: sub, consentDecision: decision })).length)
              rows.push(`${side}:${parent}:${sub}:${decision}`);
    expect(rows).toEqual(['payer:signed:draft:null']);
    expect(consentCapabilities('payee', 'signed', { status: 'draft', consentDecision: null }).consent).toMatchObject({ code: 'forbidden' });
    expect(consentCapabilities('payer', 'signed', { status: 'draft', consentDecision: 'given' }).refuseConsent).toMatchObject({
      reason: 'execution.errors.consentDone',
    });
    expect(consentCapabilities('payer', 'completed', { status: 'draft', consentDecision: null }).consent).toMatchObject({
      reason: 'subcontract.errors.parentNotSigned',
    });
  });
});
