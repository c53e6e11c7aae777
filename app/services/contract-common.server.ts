import { eq } from 'drizzle-orm';
import { contracts, tranches } from '#db/schema';
import type { Tx } from '#db/client';
import { decide, type Actor } from '~/domain/permissions';
import type { Role } from '~/domain/catalog';
import { AppError } from '~/lib/errors';

export type ContractRow = typeof contracts.$inferSelect;

/** Which side of the contract the actor is on: the payer (purchasing unit, or the hub for a subcontract) or the payee. */
export function sideOf(actor: Actor, c: ContractRow): { side: 'payer' | 'payee'; role: string } | null {
  if (c.payerOrganizationId) {
    const d = decide(actor, 'contract:organization', { organizationId: c.payerOrganizationId });
    if (d.allowed) return { side: 'payer', role: d.role };
  } else {
    const d = decide(actor, 'project:manage', {
      purchaserRole: c.purchaserRole as Role,
      purchaserRegionCode: c.purchaserRegionCode!,
      regionCode: c.purchaserRegionCode!,
    });
    if (d.allowed) return { side: 'payer', role: d.role };
  }
  const p = decide(actor, 'contract:organization', { organizationId: c.payeeOrganizationId });
  if (p.allowed) return { side: 'payee', role: p.role };
  return null;
}

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
