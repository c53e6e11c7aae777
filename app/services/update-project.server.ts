import { asc, eq } from 'drizzle-orm';
import { projectAmendments, projectCriteria, projects, regions } from '#db/schema';
import type { Db } from '#db/client';
import { amendedDeadline, deadlineProblem, isMaterialAmendment } from '~/domain/project';
import type { ProjectInput } from '~/schemas/project';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { checkIntention, checkMethod, projectValues, singleSourceSupplier } from './create-project.server';
import { amendmentFloor } from '~/domain/procurement-method';
import { workCalendarOf } from '~/queries/calendar.server';
import type { UseCaseContext } from './context';
import { lockProject } from './project-common.server';
import { reserveBudget } from './budget.server';
import { notify } from './notify.server';
import { biddingOrganizations, orgAdmins } from './recipients.server';
import { closeBiddingIfDue } from './close-bidding.server';
import { sweepAt } from './sweep-deadlines.server';

/**
 * A draft is edited freely. A published project is amended: the changes are numbered and shown to
 * bidders. The deadline may only move later; a material change (anything but the title) restarts the
 * method's amendment window (app/domain/procurement-method.ts), and every bidder sees it on the project and in the workspace.
 */
export async function updateProject(db: Db, ctx: UseCaseContext, projectId: string, input: ProjectInput) {
  // Past its deadline, bidding closes first (the sweep may not have come yet): an amendment then
  // cannot reopen bidding after the time every bidder was given.
  await closeBiddingIfDue(db, projectId);
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'edit' });
    const [region] = await tx.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode));
    if (!region || !input.regionCode.startsWith(project.purchaserRegionCode)) throw new AppError('invalidInput', 'project.errors.region');
    const next = { ...projectValues(input), singleSourceOrganizationId: await singleSourceSupplier(tx, input) };
    const calendar = await workCalendarOf(tx);
    await checkIntention(tx, project, input.intentionId);
    // A draft's deadline must leave the method's window from now; a published one is amended below.
    checkMethod(project.purchaserRole, next, project.status === 'draft' ? calendar : null);
    const oldCriteria = await tx.select().from(projectCriteria).where(eq(projectCriteria.projectId, project.id)).orderBy(asc(projectCriteria.position));
    const sameCriteria =
      JSON.stringify(oldCriteria.map((c) => [c.name, c.weight, c.kind])) === JSON.stringify(input.criteria.map((c) => [c.name, c.weight, c.kind]));
    const changed: string[] = (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(project[k]));
    if (!sameCriteria) changed.push('criteria');
    const describe = (k: string, side: 'before' | 'after') =>
      k === 'criteria'
        ? (side === 'before' ? oldCriteria : input.criteria).map((c) => `${c.name} ${c.weight}`)
        : side === 'before'
          ? project[k as keyof typeof project]
          : next[k as keyof typeof next];
    if (!changed.length) return { changed: [] as string[], material: false };

    let bidDeadline = next.bidDeadline;
    let material = false;
    if (project.status === 'published') {
      const earlier = deadlineProblem(project.status, project.bidDeadline, next.bidDeadline);
      if (earlier) throw new AppError('invalidInput', earlier);
      material = isMaterialAmendment(changed);
      bidDeadline = amendedDeadline(next.bidDeadline, material, amendmentFloor(next.procurementMethod, now(), calendar));
      if (bidDeadline <= now()) throw new AppError('invalidInput', 'project.errors.deadlinePast');
      await tx.insert(projectAmendments).values({
        projectId: project.id,
        number: project.amendmentCount + 1,
        changes: Object.fromEntries(changed.map((k) => [k, { before: describe(k, 'before'), after: describe(k, 'after') }])),
        material,
        previousDeadline: project.bidDeadline,
        newDeadline: bidDeadline,
        note: material ? 'material' : 'minor',
        actorUserId: ctx.actor.userId,
        at: now(),
      });
    }
    await tx
      .update(projects)
      .set({
        ...next,
        bidDeadline,
        amendmentCount: project.status === 'published' ? project.amendmentCount + 1 : project.amendmentCount,
        updatedAt: now(),
      })
      .where(eq(projects.id, project.id));
    // A published project's reservation follows its amended budget, source and service year, and
    // bidding closes at its (maybe moved) deadline.
    if (project.status === 'published') {
      await reserveBudget(tx, { ...project, ...next });
      if (bidDeadline.getTime() !== project.bidDeadline.getTime()) await sweepAt(tx, bidDeadline, `deadline:${project.id}`);
    }
    if (!sameCriteria) {
      await tx.delete(projectCriteria).where(eq(projectCriteria.projectId, project.id));
      await tx.insert(projectCriteria).values(input.criteria.map((c, position) => ({ ...c, projectId: project.id, position })));
    }
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: project.status === 'published' ? 'project.amend' : 'project.edit',
      subjectType: 'project',
      subjectId: project.id,
      summary: { changed, material, bidDeadline: { before: project.bidDeadline.toISOString(), after: bidDeadline.toISOString() } },
      requestId: ctx.requestId,
    });
    // Bidders who have bid are told of a published project's amendment (each only of their own bid's project).
    if (project.status === 'published') {
      await notify(tx, {
        recipients: await orgAdmins(tx, await biddingOrganizations(tx, project.id)),
        kind: 'project.amended',
        params: { title: next.title, number: project.amendmentCount + 1, deadlineAt: bidDeadline.toISOString() },
        href: `/projects/${project.id}`,
        dedupeKey: `project.amended:${project.id}:${project.amendmentCount + 1}`,
      });
    }
    return { changed, material };
  });
}
