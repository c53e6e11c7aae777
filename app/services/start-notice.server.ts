import type { Db } from '#db/client';
import { now } from '~/lib/clock.server';
import { noticeFrom } from './challenge-common.server';
import type { UseCaseContext } from './context';
import { lockProject, moveProject } from './project-common.server';
import { sweepAt } from './sweep-deadlines.server';

/** The purchaser publishes the ranked list for public notice (公示) for the project's notice days (working days, ADR 021). */
export async function startNotice(db: Db, ctx: UseCaseContext, projectId: string) {
  return db.transaction(async (tx) => {
    const { project, role } = await lockProject(tx, ctx, projectId, { capability: 'startNotice' });
    const notice = await noticeFrom(tx, now(), project.noticeDays);
    // The purchasing unit is told when the notice ends (the deadlines sweep, ADR 025).
    await sweepAt(tx, notice.noticeEndsAt, `notice:${project.id}`);
    await moveProject(tx, ctx, project, 'startNotice', role, notice, { noticeEndsAt: notice.noticeEndsAt.toISOString() });
    return { noticeEndsAt: notice.noticeEndsAt };
  });
}
