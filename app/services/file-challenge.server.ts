import { and, eq } from 'drizzle-orm';
import { bids, projectChallenges, rankings } from '#db/schema';
import type { Db } from '#db/client';
import {
  challengeAnswerDue,
  challengeCapabilities,
  challengeMatterProblem,
  challengeTextProblem,
  challengeWindowClosesAt,
  type ChallengeMatter,
} from '~/domain/challenge';
import { decide } from '~/domain/permissions';
import { now } from '~/lib/clock.server';
import type { MessageKey } from '~/i18n/catalog';
import { AppError, enforce } from '~/lib/errors';
import { workCalendarOf } from '~/queries/calendar.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockProject } from './project-common.server';
import { notify } from './notify.server';
import { projectPurchasers } from './recipients.server';

export interface FileChallengeInput {
  organizationId: string;
  matter: ChallengeMatter;
  bidId?: string | null;
  reasons: string;
  evidence: string;
}

/**
 * A bidder's administrator challenges the result, a bid's ranking or the process, in writing with
 * reasons and evidence (政府采购法 §52; 财政部令第94号 §10, §12), while the challenge window is open. The
 * answer is due 7 working days after receipt (§13), fixed now on the province's calendar. The project
 * row is locked, so a challenge and an award never pass each other. The audit row names who filed (a
 * challenge is a signed act the purchaser answers); the public pages never do.
 */
export async function fileChallenge(db: Db, ctx: UseCaseContext, projectId: string, input: FileChallengeInput) {
  try {
    return await db.transaction(async (tx) => {
      const { project } = await lockProject(tx, null, projectId);
      const at = now();
      const cal = await workCalendarOf(tx);
      const [bid] = await tx
        .select({ id: bids.id })
        .from(bids)
        .where(and(eq(bids.projectId, project.id), eq(bids.organizationId, input.organizationId), eq(bids.status, 'submitted')))
        .limit(1);
      const [open] = await tx
        .select({ id: projectChallenges.id })
        .from(projectChallenges)
        .where(
          and(eq(projectChallenges.projectId, project.id), eq(projectChallenges.organizationId, input.organizationId), eq(projectChallenges.status, 'open')),
        )
        .limit(1);
      const closesAt = challengeWindowClosesAt(cal, project.noticeStartedAt, project.noticeEndsAt);
      enforce(
        challengeCapabilities(ctx.actor, project, { closesAt, filer: { organizationId: input.organizationId, bidder: !!bid, hasOpen: !!open } }, at)
          .fileChallenge,
      );
      const fieldErrors: Record<string, MessageKey> = {};
      const matterProblem = challengeMatterProblem(input.matter, input.bidId);
      if (matterProblem) fieldErrors.bidId = matterProblem;
      for (const field of ['reasons', 'evidence'] as const) {
        const problem = challengeTextProblem(input[field]);
        if (problem) fieldErrors[field] = problem;
      }
      const first = Object.values(fieldErrors)[0];
      if (first) throw new AppError('invalidInput', first, {}, fieldErrors);
      if (input.matter === 'ranking') {
        const [ranked] = await tx
          .select({ bidId: rankings.bidId })
          .from(rankings)
          .where(and(eq(rankings.projectId, project.id), eq(rankings.bidId, input.bidId!)));
        if (!ranked) throw new AppError('invalidInput', 'challenge.errors.bidUnknown', {}, { bidId: 'challenge.errors.bidUnknown' });
      }
      const answerDueAt = challengeAnswerDue(cal, at);
      const [row] = await tx
        .insert(projectChallenges)
        .values({
          projectId: project.id,
          organizationId: input.organizationId,
          filedBy: ctx.actor.userId,
          matter: input.matter,
          bidId: input.matter === 'ranking' ? input.bidId! : null,
          reasons: input.reasons.trim(),
          evidence: input.evidence.trim(),
          filedAt: at,
          answerDueAt,
        })
        .returning({ id: projectChallenges.id });
      const d = decide(ctx.actor, 'bid:submit', { organizationId: input.organizationId });
      await recordAudit(tx, {
        actorUserId: ctx.actor.userId,
        actorRole: d.allowed ? d.role : 'orgAdmin',
        action: 'challenge.file',
        subjectType: 'challenge',
        subjectId: row!.id,
        summary: { projectId: project.id, organizationId: input.organizationId, matter: input.matter, answerDueAt: answerDueAt.toISOString() },
        requestId: ctx.requestId,
      });
      // The purchasing unit must answer; it is not told who challenged (nor is anyone else).
      await notify(tx, {
        recipients: await projectPurchasers(tx, project.id),
        kind: 'challenge.filed',
        params: { title: project.title, answerDueAt: answerDueAt.toISOString() },
        href: `/projects/${project.id}`,
        dedupeKey: `challenge.filed:${row!.id}`,
      });
      return { id: row!.id, answerDueAt };
    });
  } catch (e) {
    // Two filings by one organization at once: the partial unique index keeps one open challenge.
    const code = (e as { code?: string; cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code;
    if (code === '23505') throw new AppError('conflict', 'challenge.errors.alreadyOpen');
    throw e;
  }
}
