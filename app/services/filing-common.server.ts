import { eq } from 'drizzle-orm';
import { filingApplications, filingSteps, regions } from '#db/schema';
import type { Tx } from '#db/client';
import { decide, type Permission } from '~/domain/permissions';
import { canTransition } from '~/domain/transitions';
import { FILING_TRANSITIONS, type FilingAction } from '~/domain/filing';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';

/** Locks the application row, checks the actor's permission in its region and the transition. */
export async function lockApplicationFor(tx: Tx, ctx: UseCaseContext, id: string, permission: Permission, action: FilingAction) {
  const [app] = await tx.select().from(filingApplications).where(eq(filingApplications.id, id)).for('update');
  if (!app) throw new AppError('notFound');
  const decision = decide(ctx.actor, permission, { regionCode: app.regionCode, ownerUserId: app.applicantUserId });
  if (!decision.allowed) throw new AppError('forbidden');
  if (!canTransition(FILING_TRANSITIONS, app.status, action)) {
    throw new AppError('invalidTransition', 'filing.errors.stale', { status: app.status });
  }
  return { app, role: decision.role };
}

/** Writes the timeline step and the audit row for one filing transition. */
export async function recordFilingStep(
  tx: Tx,
  ctx: UseCaseContext,
  args: {
    applicationId: string;
    action: FilingAction | 'submit';
    role: string;
    from: string;
    reason?: string | null;
    revision: number;
    extra?: Record<string, unknown>;
  },
) {
  const at = now();
  await tx.insert(filingSteps).values({
    applicationId: args.applicationId,
    action: args.action,
    actorUserId: ctx.actor.userId,
    actorRole: args.role,
    reason: args.reason ?? null,
    revision: args.revision,
    at,
  });
  await recordAudit(tx, {
    actorUserId: ctx.actor.userId,
    actorRole: args.role,
    action: `filing.${args.action}`,
    subjectType: 'filingApplication',
    subjectId: args.applicationId,
    summary: {
      before: { status: args.from },
      after: { status: args.action === 'submit' ? 'submitted' : FILING_TRANSITIONS[args.action].to },
      ...(args.reason ? { reason: args.reason } : {}),
      ...(args.extra ?? {}),
    },
    requestId: ctx.requestId,
  });
}

/** The home community must be a community (居委会/村委会), not a street or county. */
export async function requireCommunity(tx: Tx, regionCode: string) {
  const [region] = await tx.select().from(regions).where(eq(regions.code, regionCode));
  if (!region || region.level !== 'community') throw new AppError('invalidInput', 'filing.errors.community');
  return region;
}
