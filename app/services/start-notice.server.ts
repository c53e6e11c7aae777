import type { Db } from '#db/client';
import { noticeEndsAt } from '~/domain/project';
import { now } from '~/lib/clock.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';

/** The purchaser publishes the ranked list for public notice (公示) for the project's notice days. */
export async function startNotice(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'startNotice' });
    const ends = noticeEndsAt(now(), project.noticeDays);
    await moveProject(tx, ctx, project, 'startNotice', role, { noticeEndsAt: ends }, { noticeEndsAt: ends.toISOString() });
    return { noticeEndsAt: ends };
  });
}
