import { eq } from 'drizzle-orm';
import { filingApplications } from '#db/schema';
import type { Db } from '#db/client';
import { FILING_TRANSITIONS } from '~/domain/filing';
import { filingReasonGiven } from '~/domain/filing-capabilities';
import { enforce } from '~/lib/errors';
import { lockApplicationFor, recordFilingStep } from './filing-common.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';

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
    return { status: to };
  });
}
