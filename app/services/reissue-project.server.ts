import { asc, eq } from 'drizzle-orm';
import { projectCriteria, projects } from '#db/schema';
import type { Db } from '#db/client';
import { projectCapabilities } from '~/domain/project-capabilities';
import { now } from '~/lib/clock.server';
import { enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockProject, purchaserRole } from './project-common.server';

const REISSUE_DEADLINE_DAYS = 20;

/**
 * Puts a cancelled or failed project out again as a new draft of the same purchasing unit, with the
 * same service, budget, eligibility and criteria, for the purchaser to check and publish. The new
 * project starts with no bids: the earlier project's bids stay with it (sealed for good if it was
 * never opened), so knowledge of them cannot travel with the repeat.
 */
export async function reissueProject(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project } = await lockProject(tx, ctx, projectId);
    const [already] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.reissueOf, project.id));
    enforce(projectCapabilities(ctx.actor, project, { reissued: !!already }).reissue);
    const role = purchaserRole(ctx.actor, project);
    const at = now();
    // A deadline the purchaser will usually change; never one already past.
    const floor = new Date(at.getTime() + REISSUE_DEADLINE_DAYS * 86_400_000);
    const {
      id: _id,
      status: _s,
      statusReason: _r,
      amendmentCount: _a,
      publishedAt: _p,
      closedAt: _c,
      rankedAt: _k,
      noticeStartedAt: _ns,
      noticeEndsAt: _n,
      awardedAt: _w,
      createdAt: _ca,
      updatedAt: _u,
      reissueOf: _ro,
      createdBy: _cb,
      ...content
    } = project;
    const [copy] = await tx
      .insert(projects)
      .values({
        ...content,
        bidDeadline: project.bidDeadline > floor ? project.bidDeadline : floor,
        reissueOf: project.id,
        createdBy: ctx.actor.userId,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: projects.id });
    const criteria = await tx.select().from(projectCriteria).where(eq(projectCriteria.projectId, project.id)).orderBy(asc(projectCriteria.position));
    await tx.insert(projectCriteria).values(criteria.map(({ name, weight, kind, position }) => ({ name, weight, kind, position, projectId: copy!.id })));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'project.reissue',
      subjectType: 'project',
      subjectId: copy!.id,
      summary: { after: { reissueOf: project.id, status: 'draft', title: project.title } },
      requestId: ctx.requestId,
    });
    return { id: copy!.id };
  });
}
