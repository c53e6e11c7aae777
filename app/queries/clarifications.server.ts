import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { projectQuestions } from '#db/schema';
import type { Executor } from '#db/client';

/**
 * The project's clarifications as each reader may see them. No query here selects who asked
 * (`organizationId`, `askedBy`): the answered ones are public, the unanswered ones go to the purchaser
 * without a name, and an organization sees only its own unanswered questions.
 */
const PUBLIC_COLUMNS = {
  id: projectQuestions.id,
  question: projectQuestions.question,
  askedAt: projectQuestions.askedAt,
  answer: projectQuestions.answer,
  answeredAt: projectQuestions.answeredAt,
  changesDocuments: projectQuestions.changesDocuments,
};

export async function answeredQuestions(db: Executor, projectId: string) {
  const rows = await db
    .select(PUBLIC_COLUMNS)
    .from(projectQuestions)
    .where(and(eq(projectQuestions.projectId, projectId), isNotNull(projectQuestions.answeredAt)))
    .orderBy(asc(projectQuestions.answeredAt), asc(projectQuestions.askedAt));
  return rows.map((r) => ({
    id: r.id,
    question: r.question,
    answer: r.answer ?? '',
    answeredAt: r.answeredAt!.toISOString(),
    changesDocuments: r.changesDocuments,
  }));
}

/** Unanswered questions: all of them for the purchaser, or those of the given organizations. */
export async function unansweredQuestions(db: Executor, projectId: string, organizationIds?: string[]) {
  if (organizationIds && !organizationIds.length) return [];
  const rows = await db
    .select(PUBLIC_COLUMNS)
    .from(projectQuestions)
    .where(
      and(
        eq(projectQuestions.projectId, projectId),
        isNull(projectQuestions.answeredAt),
        organizationIds ? inArray(projectQuestions.organizationId, organizationIds) : undefined,
      ),
    )
    .orderBy(asc(projectQuestions.askedAt));
  return rows.map((r) => ({ id: r.id, question: r.question, askedAt: r.askedAt.toISOString() }));
}
