import { projectQuestions } from '#db/schema';
import type { Db } from '#db/client';
import { clarificationCapabilities, clarificationTextProblem } from '~/domain/clarification';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockProject } from './project-common.server';

/**
 * A bidding organization's administrator asks about a published project before its deadline. Who
 * asked is kept on the question for the record only: the audit row, like a sealed bid's, names
 * neither the organization nor the person (the question's id leads to them for an auditor with the
 * database), so nobody reading the log learns who is interested in a project.
 */
export async function askQuestion(db: Db, ctx: UseCaseContext, projectId: string, input: { organizationId: string; question: string }) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    const at = now();
    enforce(clarificationCapabilities(ctx.actor, project, { organizationId: input.organizationId }, at).ask);
    const problem = clarificationTextProblem(input.question);
    if (problem) throw new AppError('invalidInput', problem, {}, { question: problem });
    const [question] = await tx
      .insert(projectQuestions)
      .values({ projectId: project.id, organizationId: input.organizationId, askedBy: ctx.actor.userId, question: input.question.trim(), askedAt: at })
      .returning({ id: projectQuestions.id });
    await recordAudit(tx, {
      actorUserId: null,
      actorRole: 'bidder',
      action: 'question.ask',
      subjectType: 'question',
      subjectId: question!.id,
      summary: { anonymous: true },
      requestId: ctx.requestId,
    });
    return { id: question!.id };
  });
}
