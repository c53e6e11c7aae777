import { eq } from 'drizzle-orm';
import { projects } from '#db/schema';
import type { Tx } from '#db/client';
import { decide, type Permission } from '~/domain/permissions';
import { PROJECT_TRANSITIONS, projectResource, type ProjectAction, type ProjectStatus } from '~/domain/project';
import { canTransition } from '~/domain/transitions';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';

export type ProjectRow = typeof projects.$inferSelect;

export { projectResource };

/** Locks the project, checks the permission (purchaser by default) and, if given, the transition. */
export async function lockProject(tx: Tx, ctx: UseCaseContext | null, id: string, opts: { permission?: Permission; action?: ProjectAction } = {}) {
  const [project] = await tx.select().from(projects).where(eq(projects.id, id)).for('update');
  if (!project) throw new AppError('notFound');
  let role: string = 'system';
  if (ctx && opts.permission) {
    const d = decide(ctx.actor, opts.permission, projectResource(project));
    if (!d.allowed) throw new AppError('forbidden');
    role = d.role;
  }
  if (opts.action && !canTransition(PROJECT_TRANSITIONS, project.status, opts.action)) {
    throw new AppError('invalidTransition', 'project.errors.stale', { status: project.status });
  }
  return { project, role };
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
