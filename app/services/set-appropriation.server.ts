import { and, eq } from 'drizzle-orm';
import { appropriations } from '#db/schema';
import type { Db } from '#db/client';
import { appropriationAccountRef, appropriationProblem, fundingAccountRef } from '~/domain/budget';
import { purchasingUnitOf } from '~/domain/intention';
import { decide } from '~/domain/permissions';
import { fundingProblem } from '~/domain/project';
import type { AppropriationInput } from '~/schemas/budget';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { recordAudit } from './audit.server';
import { usedOf, yuan } from './budget.server';
import type { UseCaseContext } from './context';
import { account, balanceForDebit, post } from './ledger.server';

/**
 * The unit's staff record an appropriation or raise or lower it. Never below what its projects hold
 * (reserved + committed); the change is posted to the ledger (appropriation line → the unit's
 * funding-source account, or back) and audited, in one transaction holding the line's row.
 */
export async function setAppropriation(db: Db, ctx: UseCaseContext, input: AppropriationInput) {
  const unit = purchasingUnitOf(ctx.actor);
  const resource = unit ? { regionCode: unit.regionCode, purchaserRole: unit.role, purchaserRegionCode: unit.regionCode } : {};
  const d = decide(ctx.actor, 'budget:manage', resource);
  if (!unit || !d.allowed) throw new AppError('forbidden');
  const wrongSource = fundingProblem(unit.role, input.fundingSource);
  if (wrongSource) throw new AppError('invalidInput', wrongSource, {}, { fundingSource: wrongSource });
  return db.transaction(async (tx) => {
    const key = { purchaserRole: unit.role, purchaserRegionCode: unit.regionCode, fundingSource: input.fundingSource, year: input.year };
    const where = and(
      eq(appropriations.purchaserRole, key.purchaserRole),
      eq(appropriations.purchaserRegionCode, key.purchaserRegionCode),
      eq(appropriations.fundingSource, key.fundingSource),
      eq(appropriations.year, key.year),
    );
    await tx
      .insert(appropriations)
      .values({ ...key, amountFen: 0, createdBy: ctx.actor.userId, createdAt: now(), updatedAt: now() })
      .onConflictDoNothing();
    const [line] = await tx.select().from(appropriations).where(where).for('update');
    const used = await usedOf(tx, line!.id);
    const problem = appropriationProblem(input.amount, used, yuan);
    if (problem) throw new AppError('invalidInput', problem.key, problem.params, { amount: problem.key });
    const delta = input.amount - line!.amountFen;
    if (delta !== 0) {
      const funding = await account(
        tx,
        'fundingSource',
        fundingAccountRef(key.fundingSource, key.purchaserRole, key.purchaserRegionCode),
        `${key.fundingSource} ${key.purchaserRegionCode}`,
      );
      // Lowering takes money out of the funding account: it must have it (contracts signed spent from it).
      if (delta < 0 && (await balanceForDebit(tx, funding)) < -delta)
        throw new AppError(
          'invalidInput',
          'budget.errors.belowUse',
          { used: yuan(used.reservedFen + used.committedFen) },
          { amount: 'budget.errors.belowUse' },
        );
      const source = await account(tx, 'appropriation', appropriationAccountRef(key), `${key.fundingSource} ${key.purchaserRegionCode} ${key.year}`);
      await post(tx, {
        kind: 'appropriation',
        appropriationId: line!.id,
        description: delta > 0 ? 'appropriation raised' : 'appropriation lowered',
        entries: [
          { accountId: source, amountFen: -delta },
          { accountId: funding, amountFen: delta },
        ],
      });
    }
    await tx.update(appropriations).set({ amountFen: input.amount, updatedAt: now() }).where(eq(appropriations.id, line!.id));
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: d.role,
      action: 'budget.appropriate',
      subjectType: 'appropriation',
      subjectId: line!.id,
      summary: { ...key, before: { amountFen: line!.amountFen }, after: { amountFen: input.amount }, ...used },
      requestId: ctx.requestId,
    });
    return { id: line!.id, changedFen: delta };
  });
}
