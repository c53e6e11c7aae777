import { and, asc, eq, inArray } from 'drizzle-orm';
import { organizations, panelMembers, projectCriteria, rankings, scores } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { decide } from '~/domain/permissions';
import { isCommunitySocialOrg } from '~/domain/catalog';
import { rankBids } from '~/domain/ranking';
import { now } from '~/lib/clock.server';
import { evaluationCapabilities } from '~/domain/evaluation-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { liveBids, panelOf } from './evaluation-common.server';
import { METHOD_RULES, panelProblem } from '~/domain/procurement-method';
import type { UseCaseContext } from './context';
import { lockProject, moveProject, type ProjectRow } from './project-common.server';

export interface ScoreInput {
  bidId: string;
  criterionId: string;
  /** Points in hundredths, 0 … weight × 100. */
  pointsHundredths: number;
  comment: string;
}

/** This evaluator's seat on the panel, refused unless they may score now (app/domain/evaluation-capabilities.ts). */
async function requireScoringSeat(tx: Tx, ctx: UseCaseContext, project: ProjectRow) {
  if (!decide(ctx.actor, 'evaluation:score').allowed) throw new AppError('forbidden');
  const [member] = await tx
    .select()
    .from(panelMembers)
    .where(and(eq(panelMembers.projectId, project.id), eq(panelMembers.evaluatorUserId, ctx.actor.userId)));
  enforce(evaluationCapabilities(ctx.actor, project, member).score);
  return member!;
}

/** Saves (drafts of) an evaluator's points; each scored criterion of each eligible bid, 0 … its weight. */
export async function saveScores(db: Db, ctx: UseCaseContext, projectId: string, input: ScoreInput[]) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    await requireScoringSeat(tx, ctx, project);
    const criteria = await tx.select().from(projectCriteria).where(eq(projectCriteria.projectId, project.id));
    const eligible = new Set((await liveBids(tx, project.id)).filter((b) => b.eligible).map((b) => b.id));
    for (const s of input) {
      const c = criteria.find((x) => x.id === s.criterionId);
      if (!c || c.kind !== 'scored' || !eligible.has(s.bidId)) throw new AppError('invalidInput', 'score.errors.target');
      if (!Number.isInteger(s.pointsHundredths) || s.pointsHundredths < 0 || s.pointsHundredths > c.weight * 100) {
        throw new AppError('invalidInput', 'score.errors.range', { max: c.weight });
      }
    }
    for (const s of input) {
      await tx
        .insert(scores)
        .values({ projectId: project.id, evaluatorUserId: ctx.actor.userId, ...s, updatedAt: now() })
        .onConflictDoUpdate({
          target: [scores.bidId, scores.evaluatorUserId, scores.criterionId],
          set: { pointsHundredths: s.pointsHundredths, comment: s.comment, updatedAt: now() },
        });
    }
    return { saved: input.length };
  });
}

/**
 * Submits the evaluator's scores, which locks them. When the last active evaluator submits, the
 * ranking is computed with its explanations and stored, and the project is ranked.
 */
export async function submitScores(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, null, projectId);
    await requireScoringSeat(tx, ctx, project);
    const criteria = (await tx.select().from(projectCriteria).where(eq(projectCriteria.projectId, project.id))).filter((c) => c.kind === 'scored');
    const eligible = (await liveBids(tx, project.id)).filter((b) => b.eligible);
    const mine = await tx
      .select()
      .from(scores)
      .where(and(eq(scores.projectId, project.id), eq(scores.evaluatorUserId, ctx.actor.userId)));
    const missing = eligible.length * criteria.length - mine.filter((s) => eligible.some((b) => b.id === s.bidId)).length;
    if (missing > 0) throw new AppError('invalidInput', 'score.errors.incomplete', { n: missing });
    await tx
      .update(panelMembers)
      .set({ submittedAt: now() })
      .where(and(eq(panelMembers.projectId, project.id), eq(panelMembers.evaluatorUserId, ctx.actor.userId)));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: 'evaluator',
      action: 'evaluation.submit',
      subjectType: 'project',
      subjectId: project.id,
      summary: { scores: mine.length },
      requestId: ctx.requestId,
    });
    return rankIfComplete(tx, ctx, project);
  });
}

/**
 * Ranks once every active evaluator has submitted and the panel is still one the method allows (a
 * recusal during evaluation can leave too few, or an even number: the purchaser adds an evaluator first).
 */
export async function rankIfComplete(tx: Tx, ctx: UseCaseContext, project: ProjectRow) {
  const active = (await panelOf(tx, project.id)).filter((m) => m.status === 'active');
  const pending = active.filter((m) => !m.submittedAt).length;
  if (pending) return { ranked: false, waitingFor: pending };
  if (panelProblem(project.procurementMethod, active.length)) {
    return { ranked: false, waitingFor: Math.max(METHOD_RULES[project.procurementMethod].minPanel - active.length, 1) };
  }
  await storeRanking(tx, project);
  await moveProject(tx, ctx, project, 'rank', 'evaluator', { rankedAt: now() });
  return { ranked: true, waitingFor: 0 };
}

/** Runs rankBids on the submitted scores of active evaluators and stores each bid's place and explanation. */
export async function storeRanking(tx: Tx, project: ProjectRow) {
  const criteria = await tx.select().from(projectCriteria).where(eq(projectCriteria.projectId, project.id)).orderBy(asc(projectCriteria.position));
  const live = await liveBids(tx, project.id);
  const active = (await panelOf(tx, project.id)).filter((m) => m.status === 'active').map((m) => m.evaluatorUserId);
  const allScores =
    live.length && active.length
      ? await tx
          .select()
          .from(scores)
          .where(and(eq(scores.projectId, project.id), inArray(scores.evaluatorUserId, active)))
      : [];
  const orgs = live.length
    ? await tx
        .select({ id: organizations.id, kind: organizations.kind })
        .from(organizations)
        .where(
          inArray(
            organizations.id,
            live.map((b) => b.organizationId),
          ),
        )
    : [];
  const ranked = rankBids({
    method: project.scoringMethod,
    tolerance: project.toleranceHundredths / 100,
    criteria: criteria.map((c) => ({ id: c.id, weight: c.weight, kind: c.kind })),
    bids: live.map((b) => ({
      id: b.id,
      isCommunityOrg: isCommunitySocialOrg(orgs.find((o) => o.id === b.organizationId)?.kind ?? ''),
      eligible: b.eligible,
      price: b.priceFen,
      scores: allScores
        .filter((s) => s.bidId === b.id)
        .map((s) => ({ evaluatorId: s.evaluatorUserId, criterionId: s.criterionId, points: s.pointsHundredths / 100 })),
    })),
  });
  await tx.delete(rankings).where(eq(rankings.projectId, project.id));
  if (ranked.length) {
    await tx.insert(rankings).values(
      ranked.map((r) => ({
        projectId: project.id,
        bidId: r.id,
        rank: r.rank,
        totalHundredths: Math.round(r.total * 100),
        preferred: r.preferred,
        reasons: r.reasons,
        computedAt: now(),
      })),
    );
  }
  return ranked;
}
