import { eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type contractAmendments, contracts, type deliverables, type milestones, organizations, regions, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { isUuid } from '~/domain/ids';

/**
 * What the contract read models share: the aliased joins, the rows json_build_object gives, the
 * payer as shown, and the contract itself. Dates leave here as ISO strings; money as integer fen.
 */

export const payerOrgs = alias(organizations, 'payer_orgs');
export const payeeOrgs = alias(organizations, 'payee_orgs');
export const purchaserRegions = alias(regions, 'contract_purchaser_regions');
export const parentContracts = alias(contracts, 'parent_contracts');

export type ContractRecord = typeof contracts.$inferSelect;

export const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Rows as json_build_object gives them (read models below fetch a contract's children in one query):
 * dates as text, timestamps as text with their offset (isoText makes them ISO strings), money as numbers.
 */
export type Timestamp = string;

export interface MilestoneJson {
  id: string;
  position: number;
  title: string;
  kind: (typeof milestones.$inferSelect)['kind'];
  dueDate: string;
  status: (typeof milestones.$inferSelect)['status'];
  acceptedAt: Timestamp | null;
}

export interface TrancheJson {
  id: string;
  position: number;
  percent: number;
  amountFen: number;
  milestoneId: string | null;
  status: (typeof tranches.$inferSelect)['status'];
  advance: boolean;
  rail: (typeof tranches.$inferSelect)['rail'];
  voucherNumber: string | null;
  bankReference: string | null;
  paymentDate: string | null;
  paidAt: Timestamp | null;
}

export interface DeliverableJson {
  id: string;
  milestoneId: string;
  round: number;
  report: string;
  beneficiaries: Record<string, number>;
  activityCount: number;
  late: boolean;
  status: (typeof deliverables.$inferSelect)['status'];
  reviewReason: string | null;
  submittedAt: Timestamp;
  reviewedAt: Timestamp | null;
}

export interface SubcontractJson {
  id: string;
  title: string;
  status: ContractRecord['status'];
  amountFen: number;
  payeeName: string;
  paidFen: number;
  /** The parent purchaser's written answer (ADR 022): null while it waits. */
  consentDecision: 'given' | 'refused' | null;
  consentText: string | null;
  consentAt: Timestamp | null;
  consentByName: string | null;
}

export interface AmendmentJson {
  id: string;
  number: number;
  status: (typeof contractAmendments.$inferSelect)['status'];
  changes: { endDate?: string; dueDates?: Record<string, string> };
  before: { endDate?: string; dueDates?: Record<string, string> } | null;
  reason: string | null;
  proposedBySide: 'payer' | 'payee';
  payerConfirmedAt: Timestamp | null;
  payeeConfirmedAt: Timestamp | null;
  closedAt: Timestamp | null;
  closeReason: string | null;
  createdAt: Timestamp;
}

export type PaymentJson = Pick<TrancheJson, 'id' | 'position' | 'amountFen' | 'rail' | 'paymentDate' | 'voucherNumber' | 'paidAt'> & {
  status: 'paid' | 'processing';
};

/** JSON from the driver: postgres.js and PGlite parse it; text is parsed here should a driver not. */
export function jsonValue<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function isoText(at: Timestamp): string;
export function isoText(at: Timestamp | null): string | null;
export function isoText(at: Timestamp | null) {
  return at === null ? null : new Date(at).toISOString();
}

/** What a paid (or paying) tranche adds up to, per contract. */
export const paidFen = sql<string>`coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = ${contracts.id} AND t.status = 'paid'), 0)`;

export async function getContract(db: Executor, id: string): Promise<ContractRecord | null> {
  if (!isUuid(id)) return null;
  const [c] = await db.select().from(contracts).where(eq(contracts.id, id));
  return c ?? null;
}

/** The payer as shown: an organization (a hub paying a subcontract) or a purchasing unit (role at a region). */
export type PayerView = { kind: 'organization'; id: string; name: string } | { kind: 'unit'; role: string; regionCode: string; regionName: string };

export function payerOf(r: {
  payerOrgId: string | null;
  payerOrgName: string | null;
  purchaserRole: string | null;
  purchaserRegionCode: string | null;
  purchaserRegionName: string | null;
}): PayerView {
  return r.payerOrgId
    ? { kind: 'organization', id: r.payerOrgId, name: r.payerOrgName ?? '' }
    : { kind: 'unit', role: r.purchaserRole ?? '', regionCode: r.purchaserRegionCode ?? '', regionName: r.purchaserRegionName ?? '' };
}

export const partyColumns = {
  payerOrgId: payerOrgs.id,
  payerOrgName: payerOrgs.name,
  purchaserRole: contracts.purchaserRole,
  purchaserRegionCode: contracts.purchaserRegionCode,
  purchaserRegionName: purchaserRegions.name,
  payeeOrgId: payeeOrgs.id,
  payeeOrgName: payeeOrgs.name,
  payeeOrgKind: payeeOrgs.kind,
};
