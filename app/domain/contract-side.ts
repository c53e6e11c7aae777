import { decide, type Actor } from './permissions';
import type { Role } from './catalog';

/** What deciding a side needs of a contract: its two parties (the payer is a unit or, for a subcontract, the hub). */
export interface ContractParties {
  /** The hub paying a subcontract; null when the purchasing unit pays. */
  payerOrganizationId: string | null;
  payeeOrganizationId: string;
  purchaserRole: string | null;
  purchaserRegionCode: string | null;
}

export type ContractSide = { side: 'payer' | 'payee'; role: string };

/**
 * Which side of the contract the actor is on: the payer (the purchasing unit's staff, or the hub's
 * administrators for a subcontract) or the payee (the organization's administrators); null for anyone
 * else. Use cases lock by it; the attachment query and the contract page show by it.
 */
export function sideOf(actor: Actor, c: ContractParties): ContractSide | null {
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
