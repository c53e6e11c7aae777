import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import { FILING_ACTIONS, FILING_TRANSITIONS, type FilingAction, type FilingStatus } from './filing';
import { decide, type Actor, type Permission, type Resource } from './permissions';
import { canTransition } from './transitions';

/** What a filing application's rules need to know about it. */
export interface FilingState {
  status: FilingStatus;
  regionCode: string;
  applicantUserId: string;
}

/** Which side acts: the applicant amends, the community committee first-reviews, the street station decides (§4.2). */
export const FILING_PERMISSION: Record<FilingAction, Permission> = {
  resubmit: 'filing:amend',
  withdraw: 'filing:amend',
  pass: 'filing:firstReview',
  return: 'filing:firstReview',
  file: 'filing:decide',
  reject: 'filing:decide',
};

/** Actions that must carry a reason the applicant will read. */
const NEEDS_REASON: readonly FilingAction[] = ['return', 'reject'];

export function filingNeedsReason(action: FilingAction): boolean {
  return NEEDS_REASON.includes(action);
}

export function filingResource(filing: Pick<FilingState, 'regionCode' | 'applicantUserId'>): Resource {
  return { regionCode: filing.regionCode, ownerUserId: filing.applicantUserId };
}

/** Whether this person may take this action on this application now: who may first, then the state. */
export function filingCapability(actor: Actor | null, filing: FilingState, action: FilingAction): Capability {
  return firstRefusal(
    decide(actor, FILING_PERMISSION[action], filingResource(filing)).allowed ? ALLOWED : refuse('forbidden', 'errors.forbidden'),
    canTransition(FILING_TRANSITIONS, filing.status, action) ? ALLOWED : refuse('invalidTransition', 'filing.errors.stale', { status: filing.status }),
  );
}

/** Every action on an application, allowed or with the reason why not. */
export function filingCapabilities(actor: Actor | null, filing: FilingState): Capabilities<FilingAction> {
  return Object.fromEntries(FILING_ACTIONS.map((a) => [a, filingCapability(actor, filing, a)])) as Capabilities<FilingAction>;
}

/** A return or a rejection without a reason is refused; the other actions need none. */
export function filingReasonGiven(action: FilingAction, reason: string | undefined): Capability {
  return filingNeedsReason(action) && !reason?.trim() ? refuse('invalidInput', 'filing.errors.reason.required') : ALLOWED;
}

/** The role the actor acts in, for the timeline and the audit row (null when they may not act). */
export function filingActingRole(actor: Actor, filing: FilingState, action: FilingAction) {
  const d = decide(actor, FILING_PERMISSION[action], filingResource(filing));
  return d.allowed ? d.role : null;
}

/**
 * Reviewers (the committee, the station, the bureau above them) see similar organizations of the
 * community while the application is still open or rejected, to guide a merge (§4.2).
 */
export function seesMergeSuggestions(actor: Actor | null, filing: FilingState): boolean {
  const resource = filingResource(filing);
  const viewer = decide(actor, 'filing:view', resource);
  const reviewer =
    decide(actor, 'filing:firstReview', resource).allowed ||
    decide(actor, 'filing:decide', resource).allowed ||
    (viewer.allowed && viewer.role === 'bureauStaff');
  return reviewer && filing.status !== 'filed' && filing.status !== 'withdrawn';
}
