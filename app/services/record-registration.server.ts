import { and, eq, ne } from 'drizzle-orm';
import { organizations } from '#db/schema';
import type { Db } from '#db/client';
import { isValidUscc } from '~/domain/uscc';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockOrganizationFor } from './organization-common.server';
import { now } from '~/lib/clock.server';

/** §4.2: a filed organization that qualifies is registered by the county bureau; we record it. */
export async function recordRegistration(db: Db, ctx: UseCaseContext, input: { organizationId: string; uscc: string; registeredOn: string }) {
  const uscc = input.uscc.trim().toUpperCase();
  if (!isValidUscc(uscc)) throw new AppError('invalidInput', 'org.errors.uscc.checkCharacter');
  return db.transaction(async (tx) => {
    const { org, role } = await lockOrganizationFor(tx, ctx, input.organizationId, 'register');
    const [taken] = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.uscc, uscc), ne(organizations.id, org.id)));
    if (taken) throw new AppError('conflict', 'org.errors.usccTaken');
    const registeredAt = new Date(`${input.registeredOn}T00:00:00+08:00`);
    await tx.update(organizations).set({ legalStatus: 'registered', uscc, registeredAt, updatedAt: now() }).where(eq(organizations.id, org.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'organization.register',
      subjectType: 'organization',
      subjectId: org.id,
      summary: { before: { legalStatus: 'filed' }, after: { legalStatus: 'registered', uscc, registeredOn: input.registeredOn } },
      requestId: ctx.requestId,
    });
  });
}
