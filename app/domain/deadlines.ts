import { chinaDay } from './procurement-method';
import { SIGN_WITHIN_DAYS } from './contract-document';
import { addCalendarDays, addWorkingDays, endOfChinaDay, type WorkCalendar } from './working-days';

/**
 * What the deadlines sweep (app/services/sweep-deadlines.server.ts) acts on and when: the pure
 * date rules, days in China. The sweep runs every minute and at each deadline; it tells each event
 * once (dedupe keys below), so a rule only has to say whether the moment has come.
 */

/** A milestone is "due soon" from this many days before its due date, the due day included. */
export const MILESTONE_REMINDER_DAYS = 7;

/**
 * A contract still unsigned this many days after its award notice is reminded: 5 days before the
 * 30-day limit (政府采购法 §46, `signingDeadline` in contract-document.ts).
 */
export const UNSIGNED_REMINDER_DAYS = 25;

/**
 * Nothing in the law or the project fixes when a panel's scores are due, so an expert who has not
 * submitted is reminded once three working days of evaluation have passed (counted from the day
 * after evaluation started, or after the expert joined the panel if later: 民法典 §201).
 */
export const SCORES_DUE_WORKING_DAYS = 3;

/** Whole days from `today` to `day` ('YYYY-MM-DD', China days); negative when `day` is past. */
export function daysUntil(today: string, day: string): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The due dates a milestone reminder looks at today: today to `MILESTONE_REMINDER_DAYS` ahead. */
export function milestoneReminderWindow(today: string): { from: string; to: string } {
  return { from: today, to: addCalendarDays(today, MILESTONE_REMINDER_DAYS) };
}

/** Whether a milestone due on `dueDate` is due within the reminder window (and not yet past). */
export function milestoneDueSoon(dueDate: string, today: string): boolean {
  const left = daysUntil(today, dueDate);
  return left >= 0 && left <= MILESTONE_REMINDER_DAYS;
}

/** The China day from which an award still without a signed contract is reminded. */
export function unsignedReminderDay(awardedAt: Date): string {
  return addCalendarDays(chinaDay(awardedAt), UNSIGNED_REMINDER_DAYS);
}

/** Whether an award of `awardedAt` still unsigned at `at` is to be reminded. */
export function unsignedReminderDue(awardedAt: Date, at: Date): boolean {
  return chinaDay(at) >= unsignedReminderDay(awardedAt);
}

/** The last day to sign (the 30th day after the award notice), as the reminder states it. */
export function signBy(awardedAt: Date): string {
  return addCalendarDays(chinaDay(awardedAt), SIGN_WITHIN_DAYS);
}

/**
 * When an expert's scores are overdue: the end (24:00 China time) of the third working day after
 * evaluation started, or after the expert was seated if that was later (a replacement).
 */
export function scoresDueAt(cal: WorkCalendar, evaluationStartedAt: Date, seatedAt?: Date | null): Date {
  const from = seatedAt && seatedAt > evaluationStartedAt ? seatedAt : evaluationStartedAt;
  return endOfChinaDay(addWorkingDays(cal, chinaDay(from), SCORES_DUE_WORKING_DAYS));
}

/** The dedupe keys of the events the sweep tells (one notification per person and key). */
export const sweepKeys = {
  biddingClosed: (projectId: string) => `bidding-closed:${projectId}`,
  /** A decline restarts the notice: its new end is a new event. */
  noticeEnded: (projectId: string, endsAt: Date) => `notice-ended:${projectId}:${endsAt.toISOString()}`,
  /** An amended due date is a new event. */
  milestoneDueSoon: (milestoneId: string, dueDate: string) => `milestone-due:${milestoneId}:${dueDate}`,
  unsignedContract: (awardId: string) => `contract-unsigned:${awardId}`,
  scoresDue: (projectId: string) => `scores-due:${projectId}`,
};
