import { and, eq } from 'drizzle-orm';
import { projectChallenges } from '#db/schema';
import type { Db } from '#db/client';
import { CHALLENGE_TRANSITIONS, challengeCapabilities, challengeRemedyProblem, challengeTextProblem, type ChallengeOutcome } from '~/domain/challenge';
import { now } from '~/lib/clock.server';
import type { MessageKey } from '~/i18n/catalog';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockProject, purchaserRole } from './project-common.server';
import { notify } from './notify.server';
import { orgAdmins } from './recipients.server';

export interface AnswerChallengeInput {
  challengeId: string;
  answer: string;
  outcome: ChallengeOutcome;
  remedy?: string | null;
}

const NO_FILER = { organizationId: null, bidder: false, hasOpen: false };

/**
 * The purchasing unit answers a challenge in writing (政府采购法 §53; 财政部令第94号 §13–16): dismissed,
 * or upheld with the remedy it will take. Nothing else changes here: an upheld challenge does not
 * undo the ranking; the purchaser then cancels the project or, with every challenge answered and the
 * window closed, awards. The answer is public at once, without naming who challenged.
 */
export async function answerChallenge(db: Db, ctx: UseCaseContext, projectId: string, input: AnswerChallengeInput) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    const at = now();
    // Who may answer is checked before the challenge is looked up: an outsider learns nothing of it.
    enforce(challengeCapabilities(ctx.actor, project, { closesAt: null, filer: NO_FILER, challenge: null }, at).answerChallenge);
    const [challenge] = await tx
      .select()
      .from(projectChallenges)
      .where(and(eq(projectChallenges.id, input.challengeId), eq(projectChallenges.projectId, project.id)))
      .for('update');
    if (!challenge) throw new AppError('notFound');
    enforce(challengeCapabilities(ctx.actor, project, { closesAt: null, filer: NO_FILER, challenge }, at).answerChallenge);
    const fieldErrors: Record<string, MessageKey> = {};
    const answerProblem = challengeTextProblem(input.answer);
    if (answerProblem) fieldErrors.answer = answerProblem;
    const remedyProblem = challengeRemedyProblem(input.outcome, input.remedy);
    if (remedyProblem) fieldErrors.remedy = remedyProblem;
    const first = Object.values(fieldErrors)[0];
    if (first) throw new AppError('invalidInput', first, {}, fieldErrors);
    const to = CHALLENGE_TRANSITIONS.answer.to;
    await tx
      .update(projectChallenges)
      .set({
        status: to,
        answer: input.answer.trim(),
        outcome: input.outcome,
        remedy: input.outcome === 'upheld' ? input.remedy!.trim() : null,
        answeredAt: at,
        answeredBy: ctx.actor.userId,
      })
      .where(eq(projectChallenges.id, challenge.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: purchaserRole(ctx.actor, project),
      action: 'challenge.answer',
      subjectType: 'challenge',
      subjectId: challenge.id,
      summary: {
        projectId: project.id,
        before: { status: challenge.status },
        after: { status: to },
        outcome: input.outcome,
        overdue: at > challenge.answerDueAt,
      },
      requestId: ctx.requestId,
    });
    // Only the challenging organization's administrators are told: the filer is named to nobody else.
    await notify(tx, {
      recipients: await orgAdmins(tx, [challenge.organizationId]),
      kind: 'challenge.answered',
      params: { title: project.title, outcomeKey: `notification.outcome.${input.outcome}` },
      href: `/projects/${project.id}`,
      dedupeKey: `challenge.answered:${challenge.id}`,
    });
    return { outcome: input.outcome };
  });
}
