import { eq } from 'drizzle-orm';
import { filingApplications } from '#db/schema';
import type { Db } from '#db/client';
import { FILING_TRANSITIONS } from '~/domain/filing';
import { filingReasonGiven } from '~/domain/filing-capabilities';
import { enforce } from '~/lib/errors';
import { lockApplicationFor, recordFilingStep } from './filing-common.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';
import { notify } from './notify.server';
import { filingReviewers } from './recipients.server';

/** The community committee's first review (§4.2): pass it on to the street station, or return it with a reason. */
export async function firstReviewFiling(db: Db, ctx: UseCaseContext, input: { applicationId: string; decision: 'pass' | 'return'; reason?: string }) {
  enforce(filingReasonGiven(input.decision, input.reason));
  return db.transaction(async (tx) => {
    const { app, role } = await lockApplicationFor(tx, ctx, input.applicationId, input.decision);
    const to = FILING_TRANSITIONS[input.decision].to;
    await tx
      .update(filingApplications)
      .set({ status: to, decisionReason: input.decision === 'return' ? input.reason!.trim() : null, updatedAt: now() })
      .where(eq(filingApplications.id, app.id));
    await recordFilingStep(tx, ctx, {
      applicationId: app.id,
      action: input.decision,
      role,
      from: app.status,
      reason: input.reason?.trim() || null,
      revision: app.revision,
    });
    // The applicant learns the result; a passed application goes on to its street station for review.
    const href = `/filings/${app.id}`;
    await notify(tx, {
      recipients: [app.applicantUserId],
      kind: input.decision === 'pass' ? 'filing.passed' : 'filing.returned',
      params: { name: app.name, ...(input.decision === 'return' ? { reason: input.reason!.trim() } : {}) },
      href,
      dedupeKey: `filing.firstReview:${app.id}:${app.revision}`,
    });
    if (input.decision === 'pass') {
      await notify(tx, {
        recipients: await filingReviewers(tx, app.id, 'station'),
        kind: 'filing.submitted',
        params: { name: app.name },
        href,
        dedupeKey: `filing.passed:${app.id}:${app.revision}`,
      });
    }
    return { status: to };
  });
}
