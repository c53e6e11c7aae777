import { eq } from 'drizzle-orm';
import { filingApplications, filingSteps, regions } from '#db/schema';
import type { Tx } from '#db/client';
import { FILING_TRANSITIONS, type FilingAction } from '~/domain/filing';
import { filingActingRole, filingCapability } from '~/domain/filing-capabilities';
import { AppError, enforce } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { now } from '~/lib/clock.server';

/** Locks the application row and refuses unless the actor may take this action on it now (filing-capabilities.ts). */
export async function lockApplicationFor(tx: Tx, ctx: UseCaseContext, id: string, action: FilingAction) {
  const [app] = await tx.select().from(filingApplications).where(eq(filingApplications.id, id)).for('update');
  if (!app) throw new AppError('notFound');
  enforce(filingCapability(ctx.actor, app, action));
  return { app, role: filingActingRole(ctx.actor, app, action)! };
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
