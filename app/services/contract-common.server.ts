import { eq } from 'drizzle-orm';
import { contracts, tranches } from '#db/schema';
import type { Tx } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { sideOf } from '~/domain/contract-side';
import { AppError } from '~/lib/errors';

export type ContractRow = typeof contracts.$inferSelect;

export async function lockContract(tx: Tx, actor: Actor, id: string, need: 'payer' | 'payee' | 'either') {
  const [c] = await tx.select().from(contracts).where(eq(contracts.id, id)).for('update');
  if (!c) throw new AppError('notFound');
  const side = sideOf(actor, c);
  if (!side || (need !== 'either' && side.side !== need)) throw new AppError('forbidden');
  return { contract: c, ...side };
}

/**
 * A tranche to pay, locked after its contract. Every writer takes a contract before its tranches
 * (signing, reviews, termination); a payment that took the tranche first and a termination at the
 * same moment each held what the other waited for, and PostgreSQL failed one of them (a 500).
 */
export async function lockTrancheOfContract(tx: Tx, actor: Actor, trancheId: string, need: 'payer' | 'payee' | 'either') {
  const [ref] = await tx.select({ contractId: tranches.contractId }).from(tranches).where(eq(tranches.id, trancheId));
  if (!ref) throw new AppError('notFound');
  const locked = await lockContract(tx, actor, ref.contractId, need);
  const [tranche] = await tx.select().from(tranches).where(eq(tranches.id, trancheId)).for('update');
  return { ...locked, tranche: tranche! };
}
