import { and, eq } from 'drizzle-orm';
import { projectAmendments, projectQuestions, projects } from '#db/schema';
import type { Db } from '#db/client';
import { clarificationCapabilities, clarificationTextProblem } from '~/domain/clarification';
import { amendmentFloor } from '~/domain/procurement-method';
import { amendedDeadline } from '~/domain/project';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { workCalendarOf } from '~/queries/calendar.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockProject, purchaserRole } from './project-common.server';
import { notify } from './notify.server';
import { biddingOrganizations, orgAdmins } from './recipients.server';
import { sweepAt } from './sweep-deadlines.server';

/**
 * The purchasing unit answers a question to every bidder at once, before the deadline. An answer
 * that changes the documents is a material amendment like an edit of the project (update-project):
 * numbered, the deadline moved out to at least the method's amendment window from now, and bidders
 * who have bid are told on the project and in their workspace; all in this transaction.
 */
export async function answerQuestion(db: Db, ctx: UseCaseContext, projectId: string, input: { questionId: string; answer: string; changesDocuments: boolean }) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    const at = now();
    enforce(clarificationCapabilities(ctx.actor, project, { organizationId: null }, at).answer);
    const [question] = await tx
      .select()
      .from(projectQuestions)
      .where(and(eq(projectQuestions.id, input.questionId), eq(projectQuestions.projectId, project.id)))
      .for('update');
    if (!question) throw new AppError('notFound');
    if (question.answeredAt) throw new AppError('conflict', 'clarification.errors.answered');
    const problem = clarificationTextProblem(input.answer);
    if (problem) throw new AppError('invalidInput', problem, {}, { answer: problem });
    const answer = input.answer.trim();
    await tx
      .update(projectQuestions)
      .set({ answer, answeredAt: at, answeredBy: ctx.actor.userId, changesDocuments: input.changesDocuments })
      .where(eq(projectQuestions.id, question.id));
    let bidDeadline = project.bidDeadline;
    let amendment: number | null = null;
    if (input.changesDocuments) {
      bidDeadline = amendedDeadline(project.bidDeadline, true, amendmentFloor(project.procurementMethod, at, await workCalendarOf(tx)));
      amendment = project.amendmentCount + 1;
      await tx.insert(projectAmendments).values({
        projectId: project.id,
        number: amendment,
        changes: { clarification: { before: null, after: answer } },
        material: true,
        previousDeadline: project.bidDeadline,
        newDeadline: bidDeadline,
        note: 'material',
        actorUserId: ctx.actor.userId,
        at,
      });
      await tx.update(projects).set({ bidDeadline, amendmentCount: amendment, updatedAt: at }).where(eq(projects.id, project.id));
      if (bidDeadline.getTime() !== project.bidDeadline.getTime()) await sweepAt(tx, bidDeadline, `deadline:${project.id}`);
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: purchaserRole(ctx.actor, project),
      action: 'question.answer',
      subjectType: 'project',
      subjectId: project.id,
      summary: {
        question: question.id,
        changesDocuments: input.changesDocuments,
        ...(amendment ? { amendment, bidDeadline: { before: project.bidDeadline.toISOString(), after: bidDeadline.toISOString() } } : {}),
      },
      requestId: ctx.requestId,
    });
    // Every bidder, and the organization that asked (privately: who asked is never shown), is told;
    // an answer that changes the documents is told as the amendment it is.
    const recipients = await orgAdmins(tx, [...(await biddingOrganizations(tx, project.id)), question.organizationId]);
    const href = `/projects/${project.id}`;
    if (amendment) {
      await notify(tx, {
        recipients,
        kind: 'project.amended',
        params: { title: project.title, number: amendment, deadlineAt: bidDeadline.toISOString() },
        href,
        dedupeKey: `project.amended:${project.id}:${amendment}`,
      });
    } else {
      await notify(tx, { recipients, kind: 'project.clarified', params: { title: project.title }, href, dedupeKey: `project.clarified:${question.id}` });
    }
    return { amendment, bidDeadline };
  });
}
