import { and, count, desc, eq, exists, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { panelMembers, projects, scores } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { evaluationCapabilities } from '~/domain/evaluation-capabilities';
import { PANEL_OPEN } from '~/domain/project';
import { isEvaluator } from './scope';
import { LIST_LIMIT, type WorkItem, type WorkList } from './types';

/**
 * An evaluator's workspace (87号令 Art 47–48): the bids to score on panels under evaluation, the
 * panels not yet evaluating on which to declare a conflict before scoring, and the panels they sit
 * on. `evaluationCapabilities` decides each seat's step. The panel sees the bids only after the
 * opening; nothing here names a bidder or a price.
 */

/** Active seats, not yet submitted, on panels that may still change: each waits for a score or a declaration. */
function openSeatsWhere(userId: string): SQL {
  return and(
    eq(panelMembers.evaluatorUserId, userId),
    eq(panelMembers.status, 'active'),
    isNull(panelMembers.submittedAt),
    inArray(projects.status, PANEL_OPEN),
  )!;
}

export async function evaluatorWorkspace(db: Executor, actor: Actor): Promise<WorkList[]> {
  if (!isEvaluator(actor)) return [];
  const [open, panels] = await Promise.all([
    db
      .select({
        projectId: projects.id,
        title: projects.title,
        status: projects.status,
        seatStatus: panelMembers.status,
        submittedAt: panelMembers.submittedAt,
        addedAt: panelMembers.addedAt,
        // Whether this evaluator has saved any points yet (drafts), to say "continue" rather than "start".
        started: sql<boolean>`${exists(
          db
            .select({ one: sql`1` })
            .from(scores)
            .where(and(eq(scores.projectId, projects.id), eq(scores.evaluatorUserId, actor.userId))),
        )}`,
      })
      .from(panelMembers)
      .innerJoin(projects, eq(projects.id, panelMembers.projectId))
      .where(openSeatsWhere(actor.userId))
      .orderBy(panelMembers.addedAt),
    db
      .select({
        projectId: projects.id,
        title: projects.title,
        status: projects.status,
        seatStatus: panelMembers.status,
        submittedAt: panelMembers.submittedAt,
        total: sql<number>`count(*) OVER ()`.mapWith(Number),
      })
      .from(panelMembers)
      .innerJoin(projects, eq(projects.id, panelMembers.projectId))
      .where(eq(panelMembers.evaluatorUserId, actor.userId))
      .orderBy(desc(panelMembers.addedAt))
      .limit(LIST_LIMIT),
  ]);

  const toScore: WorkItem[] = [];
  const conflicts: WorkItem[] = [];
  for (const s of open) {
    const caps = evaluationCapabilities(actor, s, { status: s.seatStatus, submittedAt: s.submittedAt });
    if (caps.score.allowed) {
      toScore.push({
        label: { key: s.started ? 'workspace.item.scoreContinue' : 'workspace.item.score', params: { title: s.title } },
        due: null,
        href: `/projects/${s.projectId}/score`,
      });
    } else if (caps.declareConflict.allowed) {
      conflicts.push({ label: { key: 'workspace.item.conflict', params: { title: s.title } }, due: null, href: `/projects/${s.projectId}#evaluator-title` });
    }
  }
  const lists: WorkList[] = [];
  if (toScore.length) lists.push({ id: 'toScore', task: true, total: toScore.length, items: toScore.slice(0, LIST_LIMIT) });
  if (conflicts.length) lists.push({ id: 'conflicts', task: true, total: conflicts.length, items: conflicts.slice(0, LIST_LIMIT) });
  if (panels.length) {
    lists.push({
      id: 'panels',
      task: false,
      total: panels[0]!.total,
      items: panels.map((p) => ({
        label: {
          key: p.seatStatus === 'recused' ? 'workspace.item.panelRecused' : p.submittedAt ? 'workspace.item.panelSubmitted' : 'workspace.item.panel',
          params: { title: p.title },
        },
        due: null,
        href: `/projects/${p.projectId}`,
      })),
    });
  }
  return lists;
}

/** The count query of the evaluator's tasks (every open seat is one, to score or to declare), to be summed. */
export function evaluatorCountQueries(db: Executor, actor: Actor): SQLWrapper[] {
  if (!isEvaluator(actor)) return [];
  return [db.select({ n: count() }).from(panelMembers).innerJoin(projects, eq(projects.id, panelMembers.projectId)).where(openSeatsWhere(actor.userId))];
}
