import { ALLOWED, firstRefusal, refuse, type Capabilities, type Capability } from './capabilities';
import { can, type Actor } from './permissions';
import { chinaDay } from './procurement-method';
import { projectResource } from './project';
import { canTransition, type TransitionTable } from './transitions';
import { addWorkingDays, endOfChinaDay, type WorkCalendar } from './working-days';
import type { MessageKey } from '../i18n/catalog';

/**
 * Challenges (质疑, 政府采购法 §52–53; 政府采购质疑和投诉办法, 财政部令第94号; ADR 021). A bidder of the
 * project (an organization whose bid took part, eligible or not) challenges the result, the ranking of
 * a named bid or the process, in writing with its reasons and evidence (94号令 §12), during the
 * challenge window. The purchasing unit answers in writing within 7 working days of receipt (§13);
 * the answer is published without naming who challenged. The award waits while the window is open or
 * any challenge is unanswered. An upheld challenge changes nothing on its own: the purchaser states
 * the remedy and then acts (cancels, or awards once everything is answered).
 *
 *   open ─answer (dismissed | upheld with a remedy)─▶ answered
 */
export const CHALLENGE_MATTERS = ['result', 'ranking', 'process'] as const;
export type ChallengeMatter = (typeof CHALLENGE_MATTERS)[number];
export const CHALLENGE_OUTCOMES = ['dismissed', 'upheld'] as const;
export type ChallengeOutcome = (typeof CHALLENGE_OUTCOMES)[number];
export type ChallengeStatus = 'open' | 'answered';
export type ChallengeAction = 'answer';

export const CHALLENGE_TRANSITIONS: TransitionTable<ChallengeStatus, ChallengeAction> = {
  answer: { from: ['open'], to: 'answered' },
};

/** Working days a supplier has to challenge (94号令 §10) and the purchaser to answer (§13). */
export const CHALLENGE_DAYS = 7;
export const ANSWER_DAYS = 7;

/**
 * When the challenge window closes: 7 working days after the notice starts (94号令 §10: from the day
 * the supplier knows, or should know, its rights are harmed — for the result, the day it is
 * published) or when the notice ends, whichever is later, so a bidder may always challenge for the
 * whole notice. Periods count from the next day and run out at 24:00 China time (民法典 §201, §203).
 * Null before any notice. A notice from before the start was recorded closes with the notice.
 */
export function challengeWindowClosesAt(cal: WorkCalendar, noticeStartedAt: Date | null, noticeEndsAt: Date | null): Date | null {
  if (!noticeEndsAt) return null;
  if (!noticeStartedAt) return noticeEndsAt;
  const seven = endOfChinaDay(addWorkingDays(cal, chinaDay(noticeStartedAt), CHALLENGE_DAYS));
  return seven > noticeEndsAt ? seven : noticeEndsAt;
}

/** The answer is due by 24:00 China time of the 7th working day after the challenge is received (94号令 §13). */
export function challengeAnswerDue(cal: WorkCalendar, filedAt: Date): Date {
  return endOfChinaDay(addWorkingDays(cal, chinaDay(filedAt), ANSWER_DAYS));
}

export function answerOverdue(challenge: { status: ChallengeStatus; answerDueAt: Date }, now: Date): boolean {
  return challenge.status === 'open' && now > challenge.answerDueAt;
}

/**
 * Why the project may not be awarded yet because of challenges, or null: the window is still open
 * (a bidder may still challenge), or challenges wait for their answer.
 */
export function challengeHold(closesAt: Date | null, openCount: number, now: Date): { key: MessageKey; params: Record<string, string | number> } | null {
  if (closesAt && now < closesAt) return { key: 'challenge.errors.windowRunning', params: { until: closesAt.toISOString() } };
  if (openCount > 0) return { key: 'challenge.errors.unanswered', params: { n: openCount } };
  return null;
}

export type ChallengeCapability = 'fileChallenge' | 'answerChallenge';

export interface ChallengeProject {
  status: string;
  regionCode: string;
  purchaserRole: string;
  purchaserRegionCode: string;
}

export interface ChallengeFiler {
  /** The organization challenging: one the actor administers (`bid:submit`). */
  organizationId: string | null;
  /** It has a bid on the project that took part (submitted, eligible or not). */
  bidder: boolean;
  /** It already has an unanswered challenge on the project. */
  hasOpen: boolean;
}

const FORBIDDEN = refuse('forbidden', 'errors.forbidden');

/**
 * Filing is a bidder's (its administrator's) while the project is in its public notice and the window
 * is open, one open challenge per organization; answering is the purchaser's (`project:manage`, as
 * awarding), once per challenge.
 */
export function challengeCapabilities(
  actor: Actor | null,
  project: ChallengeProject,
  o: { closesAt: Date | null; filer: ChallengeFiler; challenge?: { status: ChallengeStatus } | null },
  now: Date,
): Capabilities<ChallengeCapability> {
  const { filer } = o;
  const admin = filer.organizationId && can(actor, 'bid:submit', { organizationId: filer.organizationId }) ? ALLOWED : FORBIDDEN;
  const bidder = filer.bidder ? ALLOWED : refuse('forbidden', 'challenge.errors.notBidder');
  const windowOpen: Capability =
    project.status === 'publicNotice' && o.closesAt && now < o.closesAt ? ALLOWED : refuse('invalidTransition', 'challenge.errors.windowClosed');
  const one = filer.hasOpen ? refuse('conflict', 'challenge.errors.alreadyOpen') : ALLOWED;
  const purchaser = can(actor, 'project:manage', projectResource(project)) ? ALLOWED : FORBIDDEN;
  const open = !o.challenge || canTransition(CHALLENGE_TRANSITIONS, o.challenge.status, 'answer') ? ALLOWED : refuse('conflict', 'challenge.errors.answered');
  return {
    fileChallenge: firstRefusal(admin, bidder, windowOpen, one),
    answerChallenge: firstRefusal(purchaser, open),
  };
}

export const MIN_CHALLENGE_TEXT = 4;
export const MAX_CHALLENGE_TEXT = 4000;

/** Reasons, evidence, an answer or a remedy says something: at least 4 characters once trimmed, at most 4,000. */
export function challengeTextProblem(text: string): MessageKey | null {
  const length = [...text.trim()].length;
  if (length < MIN_CHALLENGE_TEXT) return 'challenge.errors.tooShort';
  if (length > MAX_CHALLENGE_TEXT) return 'challenge.errors.tooLong';
  return null;
}

/** A ranking challenge names the bid it is about; the other matters name none. */
export function challengeMatterProblem(matter: ChallengeMatter, bidId: string | null | undefined): MessageKey | null {
  if (matter === 'ranking' && !bidId) return 'challenge.errors.bidRequired';
  if (matter !== 'ranking' && bidId) return 'challenge.errors.bidNotAllowed';
  return null;
}

/** An upheld challenge states the remedy the purchaser will take; a dismissed one needs none. */
export function challengeRemedyProblem(outcome: ChallengeOutcome, remedy: string | null | undefined): MessageKey | null {
  if (outcome !== 'upheld') return null;
  if (!(remedy ?? '').trim()) return 'challenge.errors.remedyRequired';
  return challengeTextProblem(remedy!);
}
