import { eq } from 'drizzle-orm';
import { regions } from '#db/schema';
import type { Db } from '#db/client';
import { decide } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/** A bureau corrects a community's urban/rural type where the name rule got it wrong; audited. */
export async function correctCommunityType(db: Db, ctx: UseCaseContext, input: { regionCode: string; communityType: 'urban' | 'rural'; reason: string }) {
  return db.transaction(async (tx) => {
    const [region] = await tx.select().from(regions).where(eq(regions.code, input.regionCode)).for('update');
    if (!region || region.level !== 'community') throw new AppError('notFound');
    const decision = decide(ctx.actor, 'region:correctType', { regionCode: region.code });
    if (!decision.allowed) throw new AppError('forbidden');
    if (region.communityType === input.communityType) throw new AppError('invalidInput', 'region.errors.sameType');
    await tx.update(regions).set({ communityType: input.communityType, communityTypeReason: 'corrected' }).where(eq(regions.code, region.code));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: decision.role,
      action: 'region.correctCommunityType',
      subjectType: 'region',
      subjectId: region.code,
      summary: {
        before: { communityType: region.communityType, reason: region.communityTypeReason },
        after: { communityType: input.communityType, reason: 'corrected' },
        note: input.reason,
      },
      requestId: ctx.requestId,
    });
  });
}
