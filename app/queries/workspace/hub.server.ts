import { and, asc, inArray, isNull, type SQLWrapper } from 'drizzle-orm';
import { contracts } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { CONTRACT_TRANSITIONS } from '~/domain/contract';
import { contractCountQueries, contractTasks, put, type Buckets } from './contracts.server';
import { administeredOrgs } from './scope';

/**
 * A hub's (or county service organization's) workspace as the payer of its subcontracts (policy
 * §3.4; 政府采购法 §48, ADR 022): subcontracts to confirm, their deliverables to review, their
 * tranches to pay and amendments to answer (the payer's side of `contractTasks`), and the
 * subcontracts still waiting for the parent purchaser's written consent (nothing to do but wait).
 * Keyed by the organization's id, so the lists join its organization's section.
 */
export async function hubWorkspace(db: Executor, actor: Actor, today: string): Promise<Buckets> {
  const orgs = administeredOrgs(actor);
  if (!orgs.length) return new Map();
  const [buckets, waiting] = await Promise.all([
    contractTasks(db, { side: 'payer', units: [], organizationIds: orgs }, today),
    db
      .select({ id: contracts.id, title: contracts.title, payerOrgId: contracts.payerOrganizationId })
      .from(contracts)
      .where(and(inArray(contracts.payerOrganizationId, orgs), inArray(contracts.status, CONTRACT_TRANSITIONS.sign.from), isNull(contracts.consentDecision)))
      .orderBy(asc(contracts.createdAt)),
  ]);
  for (const s of waiting) {
    put(buckets, s.payerOrgId!, 'awaitingConsent', {
      label: { key: 'workspace.item.awaitingConsent', params: { title: s.title } },
      due: null,
      href: `/contracts/${s.id}`,
    });
  }
  return buckets;
}

/** The count queries of the subcontracts' payer tasks, to be summed. */
export function hubCountQueries(db: Executor, actor: Actor, today: string): SQLWrapper[] {
  const orgs = administeredOrgs(actor);
  return orgs.length ? contractCountQueries(db, { side: 'payer', units: [], organizationIds: orgs }, today) : [];
}
