import { ALLOWED, firstRefusal, refuse, type Capabilities } from './capabilities';
import { can, type Actor } from './permissions';
import { PROJECT_TRANSITIONS, projectResource, type ProjectStatus } from './project';
import { canTransition } from './transitions';
import type { MessageKey } from '../i18n/catalog';

/**
 * Clarifications (澄清, 政府采购法实施条例 §31; 87号令 §27): while bidding is open a bidding
 * organization's administrator asks, and the purchasing unit answers every bidder at once without
 * saying who asked. An answer that changes the documents is a material amendment (it restarts the
 * method's amendment window); the use case records it. Both close with bidding: after the deadline a
 * question could no longer change a bid.
 */
export type ClarificationCapability = 'ask' | 'answer';

export interface ClarificationProject {
  status: string;
  bidDeadline: Date;
  regionCode: string;
  purchaserRole: string;
  purchaserRegionCode: string;
}

/** The shortest question or answer, in characters after trimming (the reason fields' rule). */
export const MIN_CLARIFICATION_LENGTH = 4;
export const MAX_CLARIFICATION_LENGTH = 2000;

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

/** Bidding is open: the state bidding closes from, its deadline still ahead. */
function open(project: ClarificationProject, now: Date) {
  return canTransition(PROJECT_TRANSITIONS, project.status as ProjectStatus, 'close') && project.bidDeadline > now
    ? ALLOWED
    : refuse('invalidTransition', 'clarification.errors.closed');
}

/**
 * `organizationId` is the organization asking (one the actor administers, `bid:submit`); answering
 * is the purchaser's (`project:manage` over the project).
 */
export function clarificationCapabilities(
  actor: Actor | null,
  project: ClarificationProject,
  target: { organizationId: string | null },
  now: Date,
): Capabilities<ClarificationCapability> {
  const asker = target.organizationId && can(actor, 'bid:submit', { organizationId: target.organizationId }) ? ALLOWED : FORBIDDEN;
  const purchaser = can(actor, 'project:manage', projectResource(project)) ? ALLOWED : FORBIDDEN;
  return {
    ask: firstRefusal(asker, open(project, now)),
    answer: firstRefusal(purchaser, open(project, now)),
  };
}

/** A question or an answer says something: at least four characters once trimmed, at most 2,000. */
export function clarificationTextProblem(text: string): MessageKey | null {
  const length = [...text.trim()].length;
  if (length < MIN_CLARIFICATION_LENGTH) return 'clarification.errors.tooShort';
  if (length > MAX_CLARIFICATION_LENGTH) return 'clarification.errors.tooLong';
  return null;
}
