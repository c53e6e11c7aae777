import { eq } from 'drizzle-orm';
import { filingApplications } from '#db/schema';
import type { Db } from '#db/client';
import { lockApplicationFor, recordFilingStep } from './filing-common.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';

/** The applicant withdraws an application not yet passed by the committee. */
export async function withdrawFiling(db: Db, ctx: UseCaseContext, applicationId: string) {
  return db.transaction(async (tx) => {
    const { app, role } = await lockApplicationFor(tx, ctx, applicationId, 'withdraw');
    await tx.update(filingApplications).set({ status: 'withdrawn', updatedAt: now() }).where(eq(filingApplications.id, app.id));
    await recordFilingStep(tx, ctx, { applicationId: app.id, action: 'withdraw', role, from: app.status, revision: app.revision });
  });
}
