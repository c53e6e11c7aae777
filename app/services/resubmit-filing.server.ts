import { eq } from 'drizzle-orm';
import { filingApplications } from '#db/schema';
import type { Db } from '#db/client';
import type { FilingInput } from '~/schemas/filing';
import { lockApplicationFor, recordFilingStep, requireCommunity } from './filing-common.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';
import { notify } from './notify.server';
import { filingReviewers } from './recipients.server';

/** The applicant fixes what the committee asked for and sends the application back to it. */
export async function resubmitFiling(db: Db, ctx: UseCaseContext, applicationId: string, input: FilingInput) {
  return db.transaction(async (tx) => {
    const { app, role } = await lockApplicationFor(tx, ctx, applicationId, 'resubmit');
    await requireCommunity(tx, input.regionCode);
    const changed = (Object.keys(input) as (keyof FilingInput)[]).filter((k) => JSON.stringify(input[k]) !== JSON.stringify(app[k]));
    await tx
      .update(filingApplications)
      .set({ ...input, status: 'submitted', revision: app.revision + 1, submittedAt: now(), updatedAt: now() })
      .where(eq(filingApplications.id, app.id));
    await recordFilingStep(tx, ctx, {
      applicationId: app.id,
      action: 'resubmit',
      role,
      from: app.status,
      revision: app.revision + 1,
      extra: { changed },
    });
    await notify(tx, {
      recipients: await filingReviewers(tx, app.id, 'committee'),
      kind: 'filing.submitted',
      params: { name: input.name },
      href: `/filings/${app.id}`,
      dedupeKey: `filing.submitted:${app.id}:${app.revision + 1}`,
    });
    return { revision: app.revision + 1 };
  });
}
