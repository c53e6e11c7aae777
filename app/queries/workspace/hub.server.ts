import type { SQLWrapper } from 'drizzle-orm';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { contractCountQueries, contractTasks, type Buckets } from './contracts.server';
import { administeredOrgs } from './scope';

/**
 * A hub's (or county service organization's) workspace as the payer of its subcontracts (policy
 * §3.4; 政府采购法 §48, ADR 022): subcontracts to confirm, their deliverables to review, their
 * tranches to pay and amendments to answer (the payer's side of `contractTasks`), and the
 * subcontracts still waiting for the parent purchaser's written consent (nothing to do but follow).
 * Keyed by the organization's id, so the lists join its organization's section.
 */
export async function hubWorkspace(db: Executor, actor: Actor, today: string): Promise<Buckets> {
  const orgs = administeredOrgs(actor);
  return orgs.length ? contractTasks(db, { side: 'payer', units: [], organizationIds: orgs }, today) : new Map();
}

/** The count queries of the subcontracts' payer tasks, to be summed. */
export function hubCountQueries(db: Executor, actor: Actor, today: string): SQLWrapper[] {
  const orgs = administeredOrgs(actor);
  return orgs.length ? contractCountQueries(db, { side: 'payer', units: [], organizationIds: orgs }, today) : [];
}
