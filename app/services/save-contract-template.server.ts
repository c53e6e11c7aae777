import { and, eq } from 'drizzle-orm';
import { contractTemplates } from '#db/schema';
import type { Db } from '#db/client';
import { TERM_SECTIONS, type ContractTermsText } from '~/domain/contract-document';
import { purchasingUnitOf } from '~/domain/intention';
import { decide } from '~/domain/permissions';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/**
 * A purchasing unit saves its contract template: the person's own unit (their most local bureau,
 * station or committee), never another's. The form sends the revision it showed; a save made in
 * between is not overwritten (409). Contracts drafted later copy it; drafted ones keep their terms.
 */
export async function saveContractTemplate(db: Db, ctx: UseCaseContext, input: { sections: ContractTermsText; revision: number }) {
  const unit = purchasingUnitOf(ctx.actor);
  if (!unit) throw new AppError('forbidden');
  const d = decide(ctx.actor, 'project:manage', { purchaserRole: unit.role, purchaserRegionCode: unit.regionCode, regionCode: unit.regionCode });
  if (!d.allowed) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const where = and(eq(contractTemplates.purchaserRole, unit.role), eq(contractTemplates.purchaserRegionCode, unit.regionCode));
    const [current] = await tx.select().from(contractTemplates).where(where).for('update');
    if ((current?.revision ?? 0) !== input.revision) throw new AppError('conflict', 'contractDoc.errors.staleTemplate');
    const revision = input.revision + 1;
    const values = { sections: input.sections, revision, updatedBy: ctx.actor.userId, updatedAt: now() };
    // Two first saves at once: the second meets the primary key, and its retry meets the revision check.
    if (current) await tx.update(contractTemplates).set(values).where(where);
    else await tx.insert(contractTemplates).values({ purchaserRole: unit.role, purchaserRegionCode: unit.regionCode, ...values });
    const changed = TERM_SECTIONS.filter((k) => current?.sections[k] !== input.sections[k]);
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: d.role,
      action: 'contractTemplate.save',
      subjectType: 'contractTemplate',
      subjectId: `${unit.role}:${unit.regionCode}`,
      summary: { revision, changed },
      requestId: ctx.requestId,
    });
    return { revision };
  });
}
