import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { expertProfiles, expertRelations, organizations, panelDraws, panelMembers, roleAssignments } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { candidatesFor, drawPanel, drawSizeProblem, sortIds, type Expert } from '~/domain/panel-draw';
import { now } from '~/lib/clock.server';
import { largeBudgetFenOf } from '~/queries/panel-settings.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { liveBids } from './evaluation-common.server';
import { lockProject, type ProjectRow } from './project-common.server';
import { notify } from './notify.server';

/** Each expert seated on a panel is told, privately (the panel's names are public only from the notice on). */
async function tellSeated(tx: Tx, project: ProjectRow, experts: string[]) {
  await notify(tx, {
    recipients: experts,
    kind: 'panel.seated',
    params: { title: project.title },
    href: `/projects/${project.id}`,
    dedupeKey: `panel.seated:${project.id}`,
  });
}

/** The pool as the draw sees it: every expert profile of a user who still holds the evaluator role. */
async function expertsOf(tx: Tx): Promise<Expert[]> {
  const profiles = await tx
    .selectDistinct({
      userId: expertProfiles.userId,
      active: expertProfiles.active,
      specialties: expertProfiles.specialties,
      regionCode: expertProfiles.regionCode,
      employerOrganizationId: expertProfiles.employerOrganizationId,
    })
    .from(expertProfiles)
    .innerJoin(roleAssignments, and(eq(roleAssignments.userId, expertProfiles.userId), eq(roleAssignments.role, 'evaluator')));
  if (!profiles.length) return [];
  const ids = profiles.map((p) => p.userId);
  const [relations, memberships] = await Promise.all([
    tx.select().from(expertRelations).where(inArray(expertRelations.expertUserId, ids)),
    tx
      .select({ userId: roleAssignments.userId, organizationId: roleAssignments.organizationId })
      .from(roleAssignments)
      .where(and(inArray(roleAssignments.userId, ids), isNotNull(roleAssignments.organizationId))),
  ]);
  return profiles.map((p) => ({
    ...p,
    relations: relations.filter((r) => r.expertUserId === p.userId).map((r) => r.organizationId),
    memberships: memberships.filter((m) => m.userId === p.userId).map((m) => m.organizationId!),
  }));
}

/** Who bids (live bids) and where each bidder is. */
async function biddersOf(tx: Tx, projectId: string) {
  const ids = [...new Set((await liveBids(tx, projectId)).map((b) => b.organizationId))];
  if (!ids.length) return [];
  return tx.select({ id: organizations.id, regionCode: organizations.regionCode }).from(organizations).where(inArray(organizations.id, ids));
}

/**
 * The purchaser asks for a panel of `size` and the platform draws it from the expert pool (ADR 024):
 * candidates are the active experts of the project's service categories (every active expert when too
 * few), less those who must avoid it; the seed comes from a cryptographic random source and is recorded
 * with the candidates, the avoided experts and their reasons, and who was drawn. Too few candidates: a
 * refusal, and nothing is written.
 */
export async function drawProjectPanel(db: Db, ctx: UseCaseContext, projectId: string, size: number) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'managePanel' });
    const large = (await largeBudgetFenOf(tx)).fen;
    const problem = drawSizeProblem(size, project.procurementMethod, project.budgetFen, large);
    if (problem) throw new AppError('invalidInput', problem.key, problem.params);
    // A panel already seated is drawn once; only a panel left short by recusals (no candidate left to
    // replace them) is topped up to `size` by a fresh draw from the pool, never re-seating anyone.
    const seated = await tx.select().from(panelMembers).where(eq(panelMembers.projectId, project.id));
    const active = seated.filter((m) => m.status === 'active').length;
    if (seated.length && !drawSizeProblem(active, project.procurementMethod, project.budgetFen, large))
      throw new AppError('conflict', 'panelDraw.errors.already');
    if (size <= active) throw new AppError('invalidInput', 'panelDraw.errors.tooSmall', { n: active + 1 });
    const seats = size - active;
    const steps = await tx.select({ step: panelDraws.step }).from(panelDraws).where(eq(panelDraws.projectId, project.id));
    const step = steps.length ? Math.max(...steps.map((s) => s.step)) + 1 : 0;
    const onPanel = new Set(seated.map((m) => m.evaluatorUserId));
    const experts = (await expertsOf(tx)).filter((e) => !onPanel.has(e.userId));
    const list = candidatesFor(
      experts,
      { categories: project.serviceCategories, purchaserUserId: project.createdBy, bidders: await biddersOf(tx, project.id) },
      seats,
    );
    if (list.candidates.length < seats) throw new AppError('conflict', 'panelDraw.errors.tooFew', { n: seats, have: list.candidates.length });
    const seed = randomBytes(32).toString('hex');
    const draw = drawPanel(list.candidates, seats, seed);
    const at = now();
    await tx
      .insert(panelMembers)
      .values(draw.drawn.map((evaluatorUserId) => ({ projectId: project.id, evaluatorUserId, status: 'active' as const, addedAt: at })));
    await tx.insert(panelDraws).values({
      projectId: project.id,
      step,
      seed,
      candidateIds: draw.candidates,
      excluded: list.excluded,
      fallback: list.fallback,
      size: seats,
      counterStart: 0,
      counterEnd: draw.nextCounter,
      drawnIds: draw.drawn,
      drawnBy: ctx.actor.userId,
      drawnAt: at,
    });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'panel.draw',
      subjectType: 'project',
      subjectId: project.id,
      summary: { after: { step, seed, size: seats, candidates: draw.candidates, excluded: list.excluded, fallback: list.fallback, drawn: draw.drawn } },
      requestId: ctx.requestId,
    });
    await tellSeated(tx, project, draw.drawn);
    return { drawn: draw.drawn, seed };
  });
}

/**
 * A drawn member recused: the replacement comes from the same draw's candidates not drawn yet, the
 * recorded seed continuing at the last step's counter (one more `drawPanel` call). Recorded as the next
 * step. When no candidate is left the step records none and the ranking waits (ADR 024).
 */
export async function drawReplacement(tx: Tx, ctx: UseCaseContext, project: ProjectRow, recusedUserId: string) {
  const steps = await tx.select().from(panelDraws).where(eq(panelDraws.projectId, project.id)).orderBy(asc(panelDraws.step));
  // The draw this continues: the latest one (a replacement continues its seed and candidates).
  const first = steps.findLast((s) => !s.replacesUserId);
  if (!first) return null; // A panel from before draws existed: nothing to continue.
  const last = steps.at(-1)!;
  const counterFrom = steps.filter((s) => s.step >= first.step).at(-1)!.counterEnd;
  const seatedIds = new Set(
    (await tx.select({ id: panelMembers.evaluatorUserId }).from(panelMembers).where(eq(panelMembers.projectId, project.id))).map((m) => m.id),
  );
  const remaining = sortIds(first.candidateIds.filter((id) => !seatedIds.has(id)));
  const draw = drawPanel(remaining, Math.min(1, remaining.length), first.seed, counterFrom);
  const at = now();
  const replacement = draw.drawn[0] ?? null;
  if (replacement) await tx.insert(panelMembers).values({ projectId: project.id, evaluatorUserId: replacement, status: 'active', addedAt: at });
  await tx.insert(panelDraws).values({
    projectId: project.id,
    step: last.step + 1,
    seed: first.seed,
    candidateIds: remaining,
    excluded: [],
    fallback: first.fallback,
    size: draw.drawn.length,
    counterStart: counterFrom,
    counterEnd: draw.nextCounter,
    drawnIds: draw.drawn,
    replacesUserId: recusedUserId,
    drawnBy: ctx.actor.userId,
    drawnAt: at,
  });
  await recordAudit(tx, {
    actorUserId: ctx.actor.userId,
    actorRole: 'evaluator',
    action: 'panel.replace',
    subjectType: 'project',
    subjectId: project.id,
    summary: {
      after: { step: last.step + 1, replaces: recusedUserId, seed: first.seed, counterStart: counterFrom, candidates: remaining, drawn: replacement },
    },
    requestId: ctx.requestId,
  });
  if (replacement) await tellSeated(tx, project, [replacement]);
  return replacement;
}
