import { ALLOWED, firstRefusal, refuse, type Capability } from './capabilities';
import { bidCapabilities } from './bid-capabilities';
import type { SealedProject } from './bid';
import { FILING_TRANSITIONS, type FilingStatus } from './filing';
import { filingResource, type FilingState } from './filing-capabilities';
import { decide, type Actor } from './permissions';

/**
 * Documents handed in with a bid or a filing application (issue 10, ADR 019). A bid's documents are
 * sealed with it: readable by whoever may read the bid (`readBid`), nobody else. A filing's are
 * readable by whoever may read the application (`filing:view`), never on a public page.
 */
export const BID_DOCUMENT_KINDS = ['qualification', 'budget', 'servicePlan', 'other'] as const;
export type BidDocumentKind = (typeof BID_DOCUMENT_KINDS)[number];

export const FILING_DOCUMENT_KINDS = ['charter', 'memberList', 'leaderId', 'premises', 'other'] as const;
export type FilingDocumentKind = (typeof FILING_DOCUMENT_KINDS)[number];

/**
 * What a filing is expected to carry: its charter and its member list (§4.4 asks for a charter; the
 * committee's first review checks the members). Expected, not required: the policy names no list of
 * documents for a filing, so a missing one is a warning to the applicant and the reviewers, never a refusal.
 */
export const EXPECTED_FILING_DOCUMENTS: readonly FilingDocumentKind[] = ['charter', 'memberList'];

export function missingFilingDocuments(present: readonly string[]): FilingDocumentKind[] {
  return EXPECTED_FILING_DOCUMENTS.filter((k) => !present.includes(k));
}

/**
 * Whether this organization's administrator may add a document to its bid now: while the bid may
 * still be replaced (published, before the deadline) and the bid is the live version. A replacement
 * carries the documents over (submitBid), so they always sit on the live version.
 */
export function bidDocumentCapability(actor: Actor | null, project: SealedProject, bid: { organizationId: string; status: string }, now: Date): Capability {
  return firstRefusal(
    bidCapabilities(actor, project, { organizationId: bid.organizationId }, now).bid,
    bid.status === 'submitted' ? ALLOWED : refuse('invalidTransition', 'bid.errors.closed'),
  );
}

/**
 * The applicant changes its documents while the application is in its hands or waiting for the first
 * review (the states it may still withdraw from: submitted, returned); once the committee passed it,
 * the documents are what the station decides on.
 */
export const FILING_DOCUMENT_STATES: readonly FilingStatus[] = FILING_TRANSITIONS.withdraw.from;

export function filingDocumentCapability(actor: Actor | null, filing: FilingState): Capability {
  return firstRefusal(
    decide(actor, 'filing:amend', filingResource(filing)).allowed ? ALLOWED : refuse('forbidden', 'errors.forbidden'),
    FILING_DOCUMENT_STATES.includes(filing.status) ? ALLOWED : refuse('invalidTransition', 'filing.errors.stale', { status: filing.status }),
  );
}
