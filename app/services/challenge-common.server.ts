import { and, count, eq } from 'drizzle-orm';
import { projectChallenges } from '#db/schema';
import type { Executor } from '#db/client';
import { challengeHold, challengeWindowClosesAt } from '~/domain/challenge';
import { noticeEndsAt } from '~/domain/project';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { workCalendarOf } from '~/queries/calendar.server';
import type { ProjectRow } from './project-common.server';

/**
 * The public notice that starts at `at` (the ranking published, or again after a decline): its start
 * and its end, `days` working days later on the province's calendar (ADR 021). The columns to set on
 * the project.
 */
export async function noticeFrom(tx: Executor, at: Date, days: number) {
  const ends = noticeEndsAt(await workCalendarOf(tx), at, days);
  return { noticeStartedAt: at, noticeEndsAt: ends };
}

/** When the project's challenge window closes (null before any notice). */
export async function challengeWindowOf(tx: Executor, project: Pick<ProjectRow, 'noticeStartedAt' | 'noticeEndsAt'>) {
  return challengeWindowClosesAt(await workCalendarOf(tx), project.noticeStartedAt, project.noticeEndsAt);
}

export async function openChallengeCount(tx: Executor, projectId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(projectChallenges)
    .where(and(eq(projectChallenges.projectId, projectId), eq(projectChallenges.status, 'open')));
  return Number(row?.n ?? 0);
}

/**
 * The award waits while the challenge window is open or a challenge is unanswered (政府采购法 §52–53):
 * refused with the reason, saying until when or how many. Called by `awardProject` inside its
 * transaction, after the project is locked (a challenge filed meanwhile waits for the lock).
 */
export async function refuseAwardWhileChallengeable(tx: Executor, project: Pick<ProjectRow, 'id' | 'noticeStartedAt' | 'noticeEndsAt'>) {
  const hold = challengeHold(await challengeWindowOf(tx, project), await openChallengeCount(tx, project.id), now());
  if (hold) throw new AppError('invalidTransition', hold.key, hold.params);
}
