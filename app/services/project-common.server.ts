import { eq } from 'drizzle-orm';
import { projects } from '#db/schema';
import type { Tx } from '#db/client';
import { decide, type Actor } from '~/domain/permissions';
import { PROJECT_TRANSITIONS, projectResource, type ProjectAction, type ProjectStatus } from '~/domain/project';
import { projectCapabilities, type ProjectCapability } from '~/domain/project-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';
import { releaseBudget } from './budget.server';

export type ProjectRow = typeof projects.$inferSelect;

export { projectResource };

/** The role in which the purchasing unit's staff act on its project (for the audit row). */
export function purchaserRole(actor: Actor, project: ProjectRow): string {
  const d = decide(actor, 'project:manage', projectResource(project));
  return d.allowed ? d.role : 'system';
}

/**
 * Locks the project and, given a capability, refuses unless the purchaser may take it now
 * (app/domain/project-capabilities.ts: the same answer the project page shows its buttons from).
 */
export async function lockProject(tx: Tx, ctx: UseCaseContext | null, id: string, opts: { capability?: ProjectCapability } = {}) {
  const [project] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
  if (!project) throw new AppError('notFound');
  if (!ctx || !opts.capability) return { project, role: 'system' };
  enforce(projectCapabilities(ctx.actor, project, { reissued: false })[opts.capability]);
  return { project, role: purchaserRole(ctx.actor, project) };
}

export async function moveProject(
  tx: Tx,
  ctx: UseCaseContext | null,
  project: ProjectRow,
  action: ProjectAction,
  role: string,
  set: Partial<ProjectRow> = {},
  extra: Record<string, unknown> = {},
) {
  const to: ProjectStatus = PROJECT_TRANSITIONS[action].to;
  await tx
    .update(projects)
    .set({ ...set, status: to, updatedAt: now() })
    .where(eq(projects.id, project.id));
  // Every way to cancelled or failed gives the reservation back (ADR 023).
  if (to === 'cancelled' || to === 'failed') await releaseBudget(tx, project.id);
  await recordAudit(tx, {
    actorUserId: ctx?.actor.userId ?? null,
    actorRole: role,
    action: `project.${action}`,
    subjectType: 'project',
    subjectId: project.id,
    summary: { before: { status: project.status }, after: { status: to }, ...extra },
    requestId: ctx?.requestId,
  });
  return to;
}
