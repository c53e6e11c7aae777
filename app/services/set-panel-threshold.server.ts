import { panelSettings } from '#db/schema';
import type { Db } from '#db/client';
import { decide } from '~/domain/permissions';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { largeBudgetFenOf } from '~/queries/panel-settings.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';

/**
 * The province bureau sets the budget at or above which a panel has at least five members (财库〔2016〕198号
 * leaves it to the province; ADR 024). It applies to draws from then on; panels already drawn stay.
 */
export async function setPanelThreshold(db: Db, ctx: UseCaseContext, input: { largeBudget: number }) {
  const d = decide(ctx.actor, 'experts:threshold', {});
  if (!d.allowed) throw new AppError('forbidden');
  return db.transaction(async (tx) => {
    const before = await largeBudgetFenOf(tx);
    const at = now();
    await tx
      .insert(panelSettings)
      .values({ id: 1, largeBudgetFen: input.largeBudget, updatedBy: ctx.actor.userId, updatedAt: at })
      .onConflictDoUpdate({ target: panelSettings.id, set: { largeBudgetFen: input.largeBudget, updatedBy: ctx.actor.userId, updatedAt: at } });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: d.role,
      action: 'panel.threshold',
      subjectType: 'panelSettings',
      subjectId: '1',
      summary: { before: { largeBudgetFen: before.fen }, after: { largeBudgetFen: input.largeBudget } },
      requestId: ctx.requestId,
    });
  });
}
