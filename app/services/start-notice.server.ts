import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { noticeFrom } from './challenge-common.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/** The purchaser publishes the ranked list for public notice (公示) for the project's notice days (working days, ADR 021). */
export async function startNotice(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'startNotice' });
    const notice = await noticeFrom(tx, now(), project.noticeDays);
    await moveProject(tx, ctx, project, 'startNotice', role, notice, { noticeEndsAt: notice.noticeEndsAt.toISOString() });
    return { noticeEndsAt: notice.noticeEndsAt };
  });
}
