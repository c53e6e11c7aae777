import type { TransitionTable } from './transitions';
import type { MessageKey } from '../i18n/catalog';

/**
 * Project-based management (policy §3.4).
 *
 * Contract:  draft ─confirm (each side; signed when both have)─▶ signed ─complete (final acceptance)─▶ completed
 *            draft | signed ─terminate (with reason)─▶ terminated
 * Milestone: pending ─submit─▶ submitted ─accept─▶ accepted
 *                              submitted ─return (with reasons)─▶ returned ─submit─▶ submitted …
 * Tranche:   locked ─unlock (signing, or its milestone accepted)─▶ unlocked ─disburse─▶ processing ─confirm─▶ paid
 *            processing ─fail (the rail refused)─▶ unlocked (a retry pays exactly once: same idempotency key)
 * A treasury transfer is recorded already done: unlocked ─disburse─▶ processing ─confirm─▶ paid in one transaction.
 */
export type ContractStatus = 'draft' | 'signed' | 'completed' | 'terminated';
export type ContractAction = 'sign' | 'complete' | 'terminate';
export const CONTRACT_TRANSITIONS: TransitionTable<ContractStatus, ContractAction> = {
  sign: { from: ['draft'], to: 'signed' },
  complete: { from: ['signed'], to: 'completed' },
  terminate: { from: ['draft', 'signed'], to: 'terminated' },
};

export type MilestoneStatus = 'pending' | 'submitted' | 'accepted' | 'returned';
export type MilestoneAction = 'submit' | 'accept' | 'return';
export const MILESTONE_TRANSITIONS: TransitionTable<MilestoneStatus, MilestoneAction> = {
  submit: { from: ['pending', 'returned'], to: 'submitted' },
  accept: { from: ['submitted'], to: 'accepted' },
  return: { from: ['submitted'], to: 'returned' },
};

export type TrancheStatus = 'locked' | 'unlocked' | 'processing' | 'paid';
export type TrancheAction = 'unlock' | 'disburse' | 'confirm' | 'fail';
export const TRANCHE_TRANSITIONS: TransitionTable<TrancheStatus, TrancheAction> = {
  unlock: { from: ['locked'], to: 'unlocked' },
  disburse: { from: ['unlocked'], to: 'processing' },
  confirm: { from: ['processing'], to: 'paid' },
  fail: { from: ['processing'], to: 'unlocked' },
};

/**
 * Amendment (补充协议) to a signed contract: one side proposes, with a reason; the other side confirms
 * (it is in force and applies) or declines; the proposer may withdraw it while it waits. Ending the
 * contract (completion, termination) withdraws one still waiting.
 */
export type AmendmentStatus = 'proposed' | 'inForce' | 'declined' | 'withdrawn';
export type AmendmentAction = 'confirm' | 'decline' | 'withdraw';
export const AMENDMENT_TRANSITIONS: TransitionTable<AmendmentStatus, AmendmentAction> = {
  confirm: { from: ['proposed'], to: 'inForce' },
  decline: { from: ['proposed'], to: 'declined' },
  withdraw: { from: ['proposed'], to: 'withdrawn' },
};

/** What an amendment changes: the end date, and due dates of milestones by id. */
export interface AmendmentChanges {
  endDate?: string;
  dueDates?: Record<string, string>;
}

/**
 * Problems with amending a contract's dates, as [field, message key] pairs: the new end not before
 * the start; every due date, new or kept, within the new period; no change to a milestone already
 * accepted; and something must change. Fields: 'endDate', 'due_<milestone id>', 'changes'.
 */
export function amendmentProblems(
  contract: { startDate: string; endDate: string },
  milestones: readonly { id: string; dueDate: string; status: string }[],
  changes: AmendmentChanges,
): [string, MessageKey][] {
  const issues: [string, MessageKey][] = [];
  const dueDates = changes.dueDates ?? {};
  const endDate = changes.endDate ?? contract.endDate;
  const endChanged = changes.endDate !== undefined && changes.endDate !== contract.endDate;
  if (!endChanged && !Object.keys(dueDates).length) return [['changes', 'amendment.errors.empty']];
  if (endDate < contract.startDate) issues.push(['endDate', 'contract.errors.dates']);
  for (const [id, due] of Object.entries(dueDates)) {
    const m = milestones.find((x) => x.id === id);
    if (!m) issues.push(['changes', 'amendment.errors.milestone']);
    else if (m.status === 'accepted') issues.push([`due_${id}`, 'amendment.errors.milestoneDone']);
    else if (due === m.dueDate) issues.push([`due_${id}`, 'amendment.errors.sameDate']);
  }
  // Every milestone's due date as it would be after the amendment must lie within the period.
  for (const m of milestones) {
    const due = dueDates[m.id] ?? m.dueDate;
    if (m.status !== 'accepted' && (due < contract.startDate || due > endDate)) issues.push([`due_${m.id}`, 'contract.errors.milestoneDue']);
  }
  return issues;
}

export const MILESTONE_KINDS = ['delivery', 'reporting', 'payment'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A deliverable is late when submitted after the end of its due day (Beijing time). */
export function isLate(dueDate: string, submittedAt: Date): boolean {
  return submittedAt.getTime() > new Date(`${dueDate}T23:59:59.999+08:00`).getTime();
}

/**
 * Who may subcontract to whom (§3.4, 政府采购法 §48): hubs to organizations of their street (the hub's
 * region code is a prefix of the target's), county organizations to those of their county. The target
 * is another organization, a community organization, active, and filed (with its filing number) or
 * registered (with its credit code).
 */
export function subcontractProblem(
  holder: { id?: string; kind: string; regionCode: string },
  target: { id?: string; kind: string; legalStatus: string; status: string; regionCode: string; filingNumber: string | null; uscc: string | null },
): MessageKey | null {
  if (holder.kind !== 'hub' && holder.kind !== 'countyServiceOrg') return 'subcontract.errors.holderKind';
  if (holder.id && holder.id === target.id) return 'execution.errors.targetSelf';
  if (target.kind !== 'communityOrg') return 'subcontract.errors.targetKind';
  if (target.status !== 'active') return 'subcontract.errors.targetInactive';
  const standing = target.legalStatus === 'filed' ? target.filingNumber : target.legalStatus === 'registered' ? target.uscc : null;
  if (!standing?.trim()) return 'execution.errors.targetStanding';
  const area = holder.kind === 'hub' ? holder.regionCode : holder.regionCode.slice(0, 6);
  if (!target.regionCode.startsWith(area)) return 'subcontract.errors.targetRegion';
  return null;
}
