import { filingApplications } from '#db/schema';
import type { Db } from '#db/client';
import { decide } from '~/domain/permissions';
import type { FilingInput } from '~/schemas/filing';
import { AppError } from '~/lib/errors';
import { recordFilingStep, requireCommunity } from './filing-common.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';
import { notify } from './notify.server';
import { filingReviewers } from './recipients.server';

/** A group's leader applies to be filed (§4.2). The application goes to the home community's committee. */
export async function submitFiling(db: Db, ctx: UseCaseContext, input: FilingInput) {
  if (!decide(ctx.actor, 'filing:apply').allowed) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    await requireCommunity(tx, input.regionCode);
    const [app] = await tx
      .insert(filingApplications)
      .values({ ...input, applicantUserId: ctx.actor.userId, status: 'submitted', submittedAt: now() })
      .returning({ id: filingApplications.id });
    const id = app!.id;
    await recordFilingStep(tx, ctx, {
      applicationId: id,
      action: 'submit',
      role: 'owner',
      from: 'new',
      revision: 1,
      extra: { name: input.name, regionCode: input.regionCode },
    });
    await notify(tx, {
      recipients: await filingReviewers(tx, id, 'committee'),
      kind: 'filing.submitted',
      params: { name: input.name },
      href: `/filings/${id}`,
      dedupeKey: `filing.submitted:${id}:1`,
    });
    return { id };
  });
}
