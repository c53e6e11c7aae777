import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import {
  AMENDMENT_TRANSITIONS,
  CONTRACT_TRANSITIONS,
  MILESTONE_TRANSITIONS,
  TRANCHE_TRANSITIONS,
  type AmendmentStatus,
  type ContractStatus,
  type MilestoneStatus,
  type TrancheStatus,
} from './contract';
import { canTransition } from './transitions';

/**
 * What each side of a contract may do (STYLE.md §11), from the side the person is on (decided by the
 * permission rules: `sideOf` in contract-common.server.ts; null for anyone else) and the state. The
 * contract page shows actions from these functions and the use cases refuse with the same ones.
 */
export type ContractSide = 'payer' | 'payee';

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');
const onSide = (side: ContractSide | null, need: ContractSide | 'either'): Capability => (side && (need === 'either' || side === need) ? ALLOWED : FORBIDDEN);
const signedOnly = (status: ContractStatus): Capability => (status === 'signed' ? ALLOWED : refuse('invalidTransition', 'contract.errors.notSigned'));

export interface ContractState {
  status: ContractStatus;
  /** Whether this side has already confirmed the draft (each side confirms once). */
  confirmedBySide: boolean;
  /** A subcontract the parent contract's purchaser has not consented to in writing (`consentPendingOf`): it cannot be signed. */
  consentPending?: boolean;
}

/** Whether a contract is a subcontract still without the purchaser's written consent (政府采购法 §48). */
export const consentPendingOf = (c: { parentContractId: string | null; consentDecision: string | null }): boolean =>
  !!c.parentContractId && c.consentDecision !== 'given';

export interface ContractFacts {
  milestones: readonly { status: MilestoneStatus }[];
  tranches: readonly { status: TrancheStatus }[];
  /** Whether an amendment is waiting for an answer (only one at a time). */
  amendmentOpen: boolean;
}

export type ContractAction = 'confirm' | 'complete' | 'terminate' | 'amend';

/** Whether this side has confirmed, read from the contract's two confirmations. */
export function confirmedBy(side: ContractSide | null, c: { payerConfirmedAt: unknown; payeeConfirmedAt: unknown }): boolean {
  return side === 'payer' ? c.payerConfirmedAt != null : side === 'payee' ? c.payeeConfirmedAt != null : false;
}

export function contractCapabilities(side: ContractSide | null, c: ContractState, facts: ContractFacts): Capabilities<ContractAction> {
  const stale = (action: 'sign' | 'complete' | 'terminate') =>
    canTransition(CONTRACT_TRANSITIONS, c.status, action) ? ALLOWED : refuse('invalidTransition', 'contract.errors.stale', { status: c.status });
  return {
    // Each side confirms the draft once; with both it is signed.
    confirm: firstRefusal(
      onSide(side, 'either'),
      stale('sign'),
      c.consentPending ? refuse('invalidTransition', 'execution.errors.noConsent') : ALLOWED,
      c.confirmedBySide ? refuse('conflict', 'contract.errors.alreadyConfirmed') : ALLOWED,
    ),
    // Final acceptance: every milestone accepted.
    complete: firstRefusal(
      onSide(side, 'payer'),
      stale('complete'),
      facts.milestones.every((m) => m.status === 'accepted') ? ALLOWED : refuse('invalidTransition', 'contract.errors.openMilestones'),
    ),
    // The payer may end the contract early, unless a payment is still waiting for its answer.
    terminate: firstRefusal(
      onSide(side, 'payer'),
      stale('terminate'),
      facts.tranches.some((t) => t.status === 'processing') ? refuse('invalidTransition', 'contract.errors.paymentInFlight') : ALLOWED,
    ),
    // Either side proposes an amendment to a signed contract while none waits.
    amend: firstRefusal(onSide(side, 'either'), signedOnly(c.status), facts.amendmentOpen ? refuse('conflict', 'amendment.errors.open') : ALLOWED),
  };
}

export type MilestoneAction = 'submit' | 'accept' | 'return';

/** Before the service period starts (`serviceStarted`, China time) nothing is accepted and nothing but an advance is paid. */
const BEFORE_START = refuse('invalidTransition', 'execution.errors.beforeStart');

/**
 * The payee hands in a milestone's deliverable; the payer accepts or returns it; only while the
 * contract is signed, and acceptance only once the service period has started.
 */
export function milestoneCapabilities(
  side: ContractSide | null,
  contractStatus: ContractStatus,
  m: { status: MilestoneStatus },
  started: boolean,
): Capabilities<MilestoneAction> {
  const step = (action: MilestoneAction) =>
    canTransition(MILESTONE_TRANSITIONS, m.status, action) ? ALLOWED : refuse('invalidTransition', 'deliverable.errors.stale', { status: m.status });
  return {
    submit: firstRefusal(onSide(side, 'payee'), signedOnly(contractStatus), step('submit')),
    accept: firstRefusal(onSide(side, 'payer'), signedOnly(contractStatus), step('accept'), started ? ALLOWED : BEFORE_START),
    return: firstRefusal(onSide(side, 'payer'), signedOnly(contractStatus), step('return')),
  };
}

export type TrancheAction = 'payTreasury' | 'payStripe';

export interface TrancheState {
  status: TrancheStatus;
  /** A Stripe attempt made and waiting for its answer (rail stripe, idempotency key stored): sending again retries it. */
  stripeAttempt: boolean;
  /** An advance (预付款) the contract names: payable before the service period starts. */
  advance: boolean;
}

/**
 * The payer pays an unlocked tranche of a signed (or completed) contract by the rail the contract
 * names; a Stripe payment still waiting for its answer may be sent again (the stored key makes it pay once).
 * Before the service period starts only an advance is paid.
 */
export function trancheCapabilities(
  side: ContractSide | null,
  c: { status: ContractStatus; paymentRail: 'treasury' | 'stripe' },
  t: TrancheState,
  started: boolean,
): Capabilities<TrancheAction> {
  const inPeriod = started || t.advance ? ALLOWED : BEFORE_START;
  const contractOpen = c.status === 'signed' || c.status === 'completed' ? ALLOWED : refuse('invalidTransition', 'contract.errors.notSigned');
  const stale = refuse('invalidTransition', 'tranche.errors.stale', { status: t.status });
  const disbursable = canTransition(TRANCHE_TRANSITIONS, t.status, 'disburse');
  return {
    payTreasury: firstRefusal(
      onSide(side, 'payer'),
      contractOpen,
      c.paymentRail === 'treasury' ? ALLOWED : refuse('invalidInput', 'tranche.errors.rail'),
      disbursable ? ALLOWED : stale,
      inPeriod,
    ),
    payStripe: firstRefusal(
      onSide(side, 'payer'),
      contractOpen,
      c.paymentRail === 'stripe' ? ALLOWED : refuse('invalidInput', 'tranche.errors.railStripe', { paymentRail: c.paymentRail }),
      disbursable || (t.status === 'processing' && t.stripeAttempt) ? ALLOWED : stale,
      inPeriod,
    ),
  };
}

/** Which payment action a contract's rail offers. */
export const payActionOf = (paymentRail: 'treasury' | 'stripe'): TrancheAction => (paymentRail === 'stripe' ? 'payStripe' : 'payTreasury');

export type AmendmentAction = 'confirm' | 'decline' | 'withdraw';

/** The other side confirms or declines an amendment waiting for an answer; the proposer may withdraw it. */
export function amendmentCapabilities(
  side: ContractSide | null,
  contractStatus: ContractStatus,
  a: { status: AmendmentStatus; proposedBySide: ContractSide },
): Capabilities<AmendmentAction> {
  const step = (action: AmendmentAction) =>
    canTransition(AMENDMENT_TRANSITIONS, a.status, action) ? ALLOWED : refuse('invalidTransition', 'amendment.errors.done');
  const otherSide = side === a.proposedBySide ? refuse('invalidTransition', 'amendment.errors.otherSide') : ALLOWED;
  return {
    confirm: firstRefusal(onSide(side, 'either'), step('confirm'), signedOnly(contractStatus), otherSide),
    decline: firstRefusal(onSide(side, 'either'), step('decline'), signedOnly(contractStatus), otherSide),
    withdraw: firstRefusal(
      onSide(side, 'either'),
      step('withdraw'),
      signedOnly(contractStatus),
      side === a.proposedBySide ? ALLOWED : refuse('invalidTransition', 'amendment.errors.notProposer'),
    ),
  };
}

/** The kinds of organization that may subcontract (§3.4): hubs and county service organizations. */
export const SUBCONTRACTING_KINDS: readonly string[] = ['hub', 'countyServiceOrg'];

/**
 * Whether the payee of a contract may subcontract under it (§3.4): a main contract (not itself a
 * subcontract), held by a hub or county service organization, signed, with some of the share the
 * contract allows left (`subcontractRemainingFen`; a contract allowing none has none left).
 * Whom to is checked per target by `subcontractProblem`.
 */
export function subcontractCapability(
  side: ContractSide | null,
  parent: { status: ContractStatus; isSubcontract: boolean },
  holderKind: string,
  remainingFen: number,
): Capability {
  return firstRefusal(
    onSide(side, 'payee'),
    parent.isSubcontract ? refuse('invalidInput', 'subcontract.errors.holderKind') : ALLOWED,
    SUBCONTRACTING_KINDS.includes(holderKind) ? ALLOWED : refuse('invalidInput', 'subcontract.errors.holderKind'),
    parent.status === 'signed' ? ALLOWED : refuse('invalidTransition', 'subcontract.errors.parentNotSigned'),
    remainingFen > 0 ? ALLOWED : refuse('invalidInput', 'execution.errors.overShare'),
  );
}

export type ConsentAction = 'consent' | 'refuseConsent';

/**
 * The parent contract's purchaser (its payer side) consents in writing to a subcontract, or refuses
 * it with a reason, once: while the subcontract is a draft waiting for the answer and the parent is signed.
 */
export function consentCapabilities(
  parentSide: ContractSide | null,
  parentStatus: ContractStatus,
  sub: { status: ContractStatus; consentDecision: string | null },
): Capabilities<ConsentAction> {
  const open = firstRefusal(
    onSide(parentSide, 'payer'),
    parentStatus === 'signed' ? ALLOWED : refuse('invalidTransition', 'subcontract.errors.parentNotSigned'),
    sub.status === 'draft' && sub.consentDecision === null ? ALLOWED : refuse('invalidTransition', 'execution.errors.consentDone'),
  );
  return { consent: open, refuseConsent: open };
}
