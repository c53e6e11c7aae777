import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { contractAmendments, contracts, deliverables, milestones, organizations, projects, regions, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { inSubtree } from './regions.server';
import { isUuid } from '~/domain/ids';

/**
 * Read models of contracts (policy §3.4): the contract page, the workspaces of organizations and
 * purchasing units, and the public fund trace of a project. Dates leave here as ISO strings; money as
 * integer fen.
 */

const payerOrgs = alias(organizations, 'payer_orgs');
const payeeOrgs = alias(organizations, 'payee_orgs');
const purchaserRegions = alias(regions, 'contract_purchaser_regions');
const parentContracts = alias(contracts, 'parent_contracts');

export type ContractRecord = typeof contracts.$inferSelect;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Rows as json_build_object gives them (read models below fetch a contract's children in one query):
 * dates as text, timestamps as text with their offset (isoText makes them ISO strings), money as numbers.
 */
type Timestamp = string;

interface MilestoneJson {
  id: string;
  position: number;
  title: string;
  kind: (typeof milestones.$inferSelect)['kind'];
  dueDate: string;
  status: (typeof milestones.$inferSelect)['status'];
  acceptedAt: Timestamp | null;
}

interface TrancheJson {
  id: string;
  position: number;
  percent: number;
  amountFen: number;
  milestoneId: string | null;
  status: (typeof tranches.$inferSelect)['status'];
  rail: (typeof tranches.$inferSelect)['rail'];
  voucherNumber: string | null;
  bankReference: string | null;
  paymentDate: string | null;
  paidAt: Timestamp | null;
}

interface DeliverableJson {
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

interface SubcontractJson {
  id: string;
  title: string;
  status: ContractRecord['status'];
  amountFen: number;
  payeeName: string;
  paidFen: number;
}

interface AmendmentJson {
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

type PaymentJson = Pick<TrancheJson, 'id' | 'position' | 'amountFen' | 'rail' | 'paymentDate' | 'voucherNumber' | 'paidAt'> & { status: 'paid' | 'processing' };

/** JSON from the driver: postgres.js and PGlite parse it; text is parsed here should a driver not. */
function jsonValue<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function isoText(at: Timestamp): string;
function isoText(at: Timestamp | null): string | null;
function isoText(at: Timestamp | null) {
  return at === null ? null : new Date(at).toISOString();
}

/** What a paid (or paying) tranche adds up to, per contract. */
const paidFen = sql<string>`coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = ${contracts.id} AND t.status = 'paid'), 0)`;

export async function getContract(db: Executor, id: string): Promise<ContractRecord | null> {
  if (!isUuid(id)) return null;
  const [c] = await db.select().from(contracts).where(eq(contracts.id, id));
  return c ?? null;
}

/** The project's live main contract (not a subcontract, not terminated), for links from the project page. */
export async function contractOfProject(db: Executor, projectId: string) {
  if (!isUuid(projectId)) return null;
  const [c] = await db
    .select({ id: contracts.id, status: contracts.status })
    .from(contracts)
    .where(and(eq(contracts.projectId, projectId), isNull(contracts.parentContractId), ne(contracts.status, 'terminated')))
    .orderBy(desc(contracts.createdAt))
    .limit(1);
  return c ?? null;
}

/** The payer as shown: an organization (a hub paying a subcontract) or a purchasing unit (role at a region). */
export type PayerView = { kind: 'organization'; id: string; name: string } | { kind: 'unit'; role: string; regionCode: string; regionName: string };

function payerOf(r: {
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

const partyColumns = {
  payerOrgId: payerOrgs.id,
  payerOrgName: payerOrgs.name,
  purchaserRole: contracts.purchaserRole,
  purchaserRegionCode: contracts.purchaserRegionCode,
  purchaserRegionName: purchaserRegions.name,
  payeeOrgId: payeeOrgs.id,
  payeeOrgName: payeeOrgs.name,
  payeeOrgKind: payeeOrgs.kind,
};

/**
 * Everything about one contract for the two sides: parties, schedule, every round of every
 * deliverable, payments, subcontracts with what was paid on them. Not public (reports are inside).
 */
export async function contractView(db: Executor, c: ContractRecord) {
  // One query: the parties, the project and the parent contract in the row, the schedule, every
  // round, the payments and the subcontracts as JSON beside them.
  const [row] = await db
    .select({
      ...partyColumns,
      project: { id: projects.id, title: projects.title, serviceStart: projects.serviceStart, serviceEnd: projects.serviceEnd },
      parentId: parentContracts.id,
      parentTitle: parentContracts.title,
      milestones: sql<MilestoneJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', m.id, 'position', m.position, 'title', m.title, 'kind', m.kind, 'dueDate', m.due_date, 'status', m.status, 'acceptedAt', m.accepted_at
        ) ORDER BY m.position)
        FROM ${milestones} m WHERE m.contract_id = ${contracts.id}), '[]'::json)`.mapWith(jsonValue<MilestoneJson[]>),
      tranches: sql<TrancheJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', t.id, 'position', t.position, 'percent', t.percent, 'amountFen', t.amount_fen, 'milestoneId', t.milestone_id, 'status', t.status,
          'rail', t.rail, 'voucherNumber', t.voucher_number, 'bankReference', t.bank_reference, 'paymentDate', t.payment_date, 'paidAt', t.paid_at
        ) ORDER BY t.position)
        FROM ${tranches} t WHERE t.contract_id = ${contracts.id}), '[]'::json)`.mapWith(jsonValue<TrancheJson[]>),
      // Through the contract's milestones: deliverables are indexed by (milestone_id, round), not by contract.
      deliverables: sql<DeliverableJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', d.id, 'milestoneId', d.milestone_id, 'round', d.round, 'report', d.report, 'beneficiaries', d.beneficiaries,
          'activityCount', d.activity_count, 'late', d.late, 'status', d.status, 'reviewReason', d.review_reason,
          'submittedAt', d.submitted_at, 'reviewedAt', d.reviewed_at
        ) ORDER BY d.submitted_at, d.round)
        FROM ${deliverables} d
        WHERE d.milestone_id IN (SELECT m.id FROM ${milestones} m WHERE m.contract_id = ${contracts.id}) AND d.contract_id = ${contracts.id}), '[]'::json)`.mapWith(
        jsonValue<DeliverableJson[]>,
      ),
      subcontracts: sql<SubcontractJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', s.id, 'title', s.title, 'status', s.status, 'amountFen', s.amount_fen, 'payeeName', o.name,
          'paidFen', coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = s.id AND t.status = 'paid'), 0)
        ) ORDER BY s.created_at)
        FROM ${contracts} s JOIN ${organizations} o ON o.id = s.payee_organization_id
        WHERE s.parent_contract_id = ${contracts.id}), '[]'::json)`.mapWith(jsonValue<SubcontractJson[]>),
      amendments: sql<AmendmentJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', a.id, 'number', a.number, 'status', a.status, 'changes', a.changes, 'before', a.before, 'reason', a.reason,
          'proposedBySide', a.proposed_by_side, 'payerConfirmedAt', a.payer_confirmed_at, 'payeeConfirmedAt', a.payee_confirmed_at,
          'closedAt', a.closed_at, 'closeReason', a.close_reason, 'createdAt', a.created_at
        ) ORDER BY a.number)
        FROM ${contractAmendments} a WHERE a.contract_id = ${contracts.id}), '[]'::json)`.mapWith(jsonValue<AmendmentJson[]>),
    })
    .from(contracts)
    .innerJoin(payeeOrgs, eq(payeeOrgs.id, contracts.payeeOrganizationId))
    .innerJoin(projects, eq(projects.id, contracts.projectId))
    .leftJoin(payerOrgs, eq(payerOrgs.id, contracts.payerOrganizationId))
    .leftJoin(purchaserRegions, eq(purchaserRegions.code, contracts.purchaserRegionCode))
    .leftJoin(parentContracts, eq(parentContracts.id, contracts.parentContractId))
    .where(eq(contracts.id, c.id));
  const parties = row!;
  const { milestones: ms, tranches: ts, deliverables: ds, subcontracts: subs, amendments } = parties;
  return {
    contract: {
      id: c.id,
      title: c.title,
      status: c.status,
      amountFen: c.amountFen,
      fundingSource: c.fundingSource,
      startDate: c.startDate,
      endDate: c.endDate,
      paymentRail: c.paymentRail,
      payerConfirmedAt: iso(c.payerConfirmedAt),
      payeeConfirmedAt: iso(c.payeeConfirmedAt),
      signedAt: iso(c.signedAt),
      rating: c.rating,
      ratingComment: c.ratingComment,
      completedAt: iso(c.completedAt),
      statusReason: c.statusReason,
      terminatedAt: iso(c.terminatedAt),
      createdAt: c.createdAt.toISOString(),
      isSubcontract: !!c.parentContractId,
    },
    payer: payerOf(parties),
    payee: { id: parties.payeeOrgId, name: parties.payeeOrgName, kind: parties.payeeOrgKind },
    project: parties.project,
    parent: parties.parentId ? { id: parties.parentId, title: parties.parentTitle! } : null,
    milestones: ms.map((m) => ({
      id: m.id,
      position: m.position,
      title: m.title,
      kind: m.kind,
      dueDate: m.dueDate,
      status: m.status,
      acceptedAt: isoText(m.acceptedAt),
      rounds: ds
        .filter((d) => d.milestoneId === m.id)
        .sort((a, b) => a.round - b.round)
        .map((d) => ({
          id: d.id,
          round: d.round,
          report: d.report,
          beneficiaries: d.beneficiaries,
          activityCount: d.activityCount,
          late: d.late,
          status: d.status,
          reviewReason: d.reviewReason,
          submittedAt: isoText(d.submittedAt),
          reviewedAt: isoText(d.reviewedAt),
        })),
    })),
    tranches: ts.map((t) => ({
      id: t.id,
      position: t.position,
      percent: t.percent,
      amountFen: t.amountFen,
      milestoneId: t.milestoneId,
      status: t.status,
      rail: t.rail,
      voucherNumber: t.voucherNumber,
      bankReference: t.bankReference,
      paymentDate: t.paymentDate,
      paidAt: isoText(t.paidAt),
    })),
    subcontracts: subs.map((s) => ({ ...s, paidFen: Number(s.paidFen) })),
    amendments: amendments.map((a) => ({
      id: a.id,
      number: a.number,
      status: a.status,
      endDate: a.changes.endDate ? { before: a.before?.endDate ?? null, after: a.changes.endDate } : null,
      dueDates: Object.entries(a.changes.dueDates ?? {}).map(([milestoneId, after]) => ({
        milestoneId,
        before: a.before?.dueDates?.[milestoneId] ?? null,
        after,
      })),
      reason: a.reason,
      proposedBySide: a.proposedBySide,
      payerConfirmedAt: isoText(a.payerConfirmedAt),
      payeeConfirmedAt: isoText(a.payeeConfirmedAt),
      closedAt: isoText(a.closedAt),
      closeReason: a.closeReason,
      createdAt: isoText(a.createdAt),
    })),
  };
}

/** Who may pay in the actor's name: the purchasing units (role at a region) and the organizations they administer. */
export interface ContractScope {
  organizationIds: string[];
  units: { role: string; regionCode: string }[];
}

export function contractScopeOf(actor: Actor): ContractScope {
  return {
    organizationIds: actor.assignments.filter((a) => a.role === 'orgAdmin' && a.organizationId).map((a) => a.organizationId!),
    units: actor.assignments
      .filter((a) => (a.role === 'bureauStaff' || a.role === 'stationStaff' || a.role === 'committeeStaff') && a.regionCode)
      .map((a) => ({ role: a.role, regionCode: a.regionCode! })),
  };
}

/** Contracts this scope pays: its purchasing units' contracts (never subcontracts) and its organizations' subcontracts. */
function payerCondition(scope: ContractScope): SQL | undefined {
  const parts: SQL[] = scope.units.map((u) =>
    and(isNull(contracts.payerOrganizationId), eq(contracts.purchaserRole, u.role), eq(contracts.purchaserRegionCode, u.regionCode))!,
  );
  if (scope.organizationIds.length) parts.push(inArray(contracts.payerOrganizationId, scope.organizationIds));
  return parts.length ? or(...parts) : undefined;
}

/** Contracts this scope pays or is paid under. */
function eitherSideCondition(scope: ContractScope): SQL | undefined {
  const asPayer = payerCondition(scope);
  const asPayee = scope.organizationIds.length ? inArray(contracts.payeeOrganizationId, scope.organizationIds) : undefined;
  return asPayer && asPayee ? or(asPayer, asPayee) : (asPayer ?? asPayee);
}

function isPayer(scope: ContractScope, r: { payerOrgId: string | null; purchaserRole: string | null; purchaserRegionCode: string | null }) {
  return r.payerOrgId
    ? scope.organizationIds.includes(r.payerOrgId)
    : scope.units.some((u) => u.role === r.purchaserRole && u.regionCode === r.purchaserRegionCode);
}

const OPEN_MILESTONE = ['pending', 'returned'] as const;
const DAY = 86_400_000;

/** Days from one YYYY-MM-DD to another. */
function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/**
 * The contracts of a scope, paying or paid, with what is due next, what is late and what waits
 * for review; drafts first, then signed, then the rest. `today` is the date in China.
 */
export async function contractsOf(db: Executor, scope: ContractScope, today: string) {
  const where = eitherSideCondition(scope);
  if (!where) return [];
  const rows = await db
    .select({
      id: contracts.id,
      title: contracts.title,
      status: contracts.status,
      amountFen: contracts.amountFen,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      parentContractId: contracts.parentContractId,
      projectId: contracts.projectId,
      payerConfirmedAt: contracts.payerConfirmedAt,
      payeeConfirmedAt: contracts.payeeConfirmedAt,
      createdAt: contracts.createdAt,
      paidFen,
      ...partyColumns,
    })
    .from(contracts)
    .innerJoin(payeeOrgs, eq(payeeOrgs.id, contracts.payeeOrganizationId))
    .leftJoin(payerOrgs, eq(payerOrgs.id, contracts.payerOrganizationId))
    .leftJoin(purchaserRegions, eq(purchaserRegions.code, contracts.purchaserRegionCode))
    .where(where)
    .orderBy(sql`CASE ${contracts.status} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 ELSE 2 END`, desc(contracts.createdAt))
    .limit(200);
  const open = rows.length
    ? await db
        .select({
          contractId: milestones.contractId,
          id: milestones.id,
          title: milestones.title,
          dueDate: milestones.dueDate,
          status: milestones.status,
          position: milestones.position,
        })
        .from(milestones)
        .where(
          and(
            inArray(
              milestones.contractId,
              rows.map((r) => r.id),
            ),
            ne(milestones.status, 'accepted'),
          ),
        )
        .orderBy(asc(milestones.dueDate), asc(milestones.position))
    : [];
  // Amendments waiting for an answer; the side that did not propose one has it to answer.
  const proposed = rows.length
    ? await db
        .select({
          contractId: contractAmendments.contractId,
          id: contractAmendments.id,
          number: contractAmendments.number,
          proposedBySide: contractAmendments.proposedBySide,
        })
        .from(contractAmendments)
        .where(
          and(
            inArray(
              contractAmendments.contractId,
              rows.map((r) => r.id),
            ),
            eq(contractAmendments.status, 'proposed'),
          ),
        )
    : [];
  return rows.map((r) => {
    const side: 'payer' | 'payee' = isPayer(scope, r) ? 'payer' : 'payee';
    const mine = open.filter((m) => m.contractId === r.id);
    const amendment = proposed.find((a) => a.contractId === r.id && a.proposedBySide !== side);
    const toSubmit = r.status === 'signed' ? mine.filter((m) => (OPEN_MILESTONE as readonly string[]).includes(m.status)) : [];
    const next = toSubmit[0];
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      side,
      isSubcontract: !!r.parentContractId,
      amountFen: r.amountFen,
      paidFen: Number(r.paidFen),
      startDate: r.startDate,
      endDate: r.endDate,
      payer: payerOf(r),
      payeeName: r.payeeOrgName,
      /** This side has still to confirm the draft. */
      toConfirm: r.status === 'draft' && !(side === 'payer' ? r.payerConfirmedAt : r.payeeConfirmedAt),
      next: next ? { id: next.id, title: next.title, dueDate: next.dueDate, status: next.status, daysLeft: daysBetween(today, next.dueDate) } : null,
      lateCount: toSubmit.filter((m) => m.dueDate < today).length,
      awaitingReview: mine.filter((m) => m.status === 'submitted').length,
      /** An amendment the other side proposed, waiting for this side's answer. */
      amendmentToAnswer: amendment ? { id: amendment.id, number: amendment.number } : null,
    };
  });
}

/**
 * What waits for the payer: drafts to confirm, deliverables to review (the latest round of each
 * submitted milestone), unlocked tranches to pay, and payments a rail is still processing.
 */
export async function payerQueue(db: Executor, scope: ContractScope) {
  const asPayer = payerCondition(scope);
  if (!asPayer) return { toConfirm: [], reviews: [], ready: [], processing: [] };
  const contractCols = {
    contractId: contracts.id,
    contractTitle: contracts.title,
    payeeName: organizations.name,
    isSubcontract: isNotNull(contracts.parentContractId),
  };
  const [toConfirm, reviews, due] = await Promise.all([
    db
      .select({ ...contractCols, amountFen: contracts.amountFen, createdAt: contracts.createdAt })
      .from(contracts)
      .innerJoin(organizations, eq(organizations.id, contracts.payeeOrganizationId))
      .where(and(asPayer, eq(contracts.status, 'draft'), isNull(contracts.payerConfirmedAt)))
      .orderBy(asc(contracts.createdAt)),
    db
      .select({
        ...contractCols,
        milestoneId: milestones.id,
        milestoneTitle: milestones.title,
        dueDate: milestones.dueDate,
        round: deliverables.round,
        late: deliverables.late,
        submittedAt: deliverables.submittedAt,
      })
      .from(deliverables)
      .innerJoin(milestones, eq(milestones.id, deliverables.milestoneId))
      .innerJoin(contracts, eq(contracts.id, deliverables.contractId))
      .innerJoin(organizations, eq(organizations.id, contracts.payeeOrganizationId))
      .where(and(asPayer, eq(contracts.status, 'signed'), eq(milestones.status, 'submitted'), eq(deliverables.status, 'submitted')))
      .orderBy(asc(deliverables.submittedAt)),
    db
      .select({
        ...contractCols,
        trancheId: tranches.id,
        position: tranches.position,
        percent: tranches.percent,
        amountFen: tranches.amountFen,
        status: tranches.status,
        rail: tranches.rail,
      })
      .from(tranches)
      .innerJoin(contracts, eq(contracts.id, tranches.contractId))
      .innerJoin(organizations, eq(organizations.id, contracts.payeeOrganizationId))
      .where(and(asPayer, inArray(contracts.status, ['signed', 'completed']), inArray(tranches.status, ['unlocked', 'processing'])))
      .orderBy(asc(contracts.createdAt), asc(tranches.position)),
  ]);
  return {
    toConfirm: toConfirm.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    reviews: reviews.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
    ready: due.filter((t) => t.status === 'unlocked'),
    processing: due.filter((t) => t.status === 'processing'),
  };
}

/** Community organizations a hub (its street) or a county service organization (its county) may subcontract to. */
export async function subcontractTargets(db: Executor, holder: { kind: string; regionCode: string }) {
  if (holder.kind !== 'hub' && holder.kind !== 'countyServiceOrg') return [];
  const area = holder.kind === 'hub' ? holder.regionCode.slice(0, 9) : holder.regionCode.slice(0, 6);
  return db
    .select({ id: organizations.id, name: organizations.name, regionName: regions.name })
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(and(eq(organizations.kind, 'communityOrg'), eq(organizations.status, 'active'), inSubtree(organizations.regionCode, area)))
    .orderBy(asc(organizations.regionCode), asc(organizations.name))
    .limit(500);
}

/** What the live subcontracts of a contract add up to. */
export async function subcontractedFen(db: Executor, parentContractId: string) {
  const [row] = await db
    .select({ n: sql<string>`coalesce(sum(${contracts.amountFen}), 0)` })
    .from(contracts)
    .where(and(eq(contracts.parentContractId, parentContractId), ne(contracts.status, 'terminated')));
  return Number(row?.n ?? 0);
}

/**
 * The project as its public fund trace names it (the purchasing unit, the funding source); null
 * when there is none. Drafts are returned too: the caller refuses them.
 */
export async function fundTraceProject(db: Executor, projectId: string) {
  if (!isUuid(projectId)) return null;
  const [row] = await db
    .select({
      id: projects.id,
      title: projects.title,
      status: projects.status,
      purchaserRole: projects.purchaserRole,
      purchaserRegionCode: projects.purchaserRegionCode,
      purchaserRegionName: sql<string>`coalesce(${purchaserRegions.name}, '')`,
      fundingSource: projects.fundingSource,
    })
    .from(projects)
    .leftJoin(purchaserRegions, eq(purchaserRegions.code, projects.purchaserRegionCode))
    .where(eq(projects.id, projectId));
  return row ?? null;
}

/**
 * The public fund trace of a project: purchaser → contract payee (a hub, say) → each subcontract
 * payee, with amounts, status and every payment. Only signed (or later) contracts; no reports, no
 * bank references.
 */
export async function fundTrace(db: Executor, projectId: string) {
  if (!isUuid(projectId)) return [];
  // One query: each contract carries its payments (oldest first) as JSON.
  const rows = await db
    .select({
      id: contracts.id,
      parentContractId: contracts.parentContractId,
      title: contracts.title,
      status: contracts.status,
      amountFen: contracts.amountFen,
      paymentRail: contracts.paymentRail,
      signedAt: contracts.signedAt,
      completedAt: contracts.completedAt,
      payeeId: organizations.id,
      payeeName: organizations.name,
      payeeKind: organizations.kind,
      payments: sql<PaymentJson[]>`coalesce((
        SELECT json_agg(json_build_object(
          'id', t.id, 'position', t.position, 'amountFen', t.amount_fen, 'status', t.status, 'rail', t.rail,
          'paymentDate', t.payment_date, 'voucherNumber', t.voucher_number, 'paidAt', t.paid_at
        ) ORDER BY t.paid_at, t.position)
        FROM ${tranches} t WHERE t.contract_id = ${contracts.id} AND t.status IN ('paid', 'processing')), '[]'::json)`.mapWith(jsonValue<PaymentJson[]>),
    })
    .from(contracts)
    .innerJoin(organizations, eq(organizations.id, contracts.payeeOrganizationId))
    .where(and(eq(contracts.projectId, projectId), ne(contracts.status, 'draft')))
    .orderBy(asc(contracts.signedAt), asc(contracts.createdAt));
  const node = (r: (typeof rows)[number]) => {
    const mine = r.payments;
    return {
      id: r.id,
      title: r.title,
      status: r.status,
      amountFen: r.amountFen,
      paymentRail: r.paymentRail,
      signedAt: iso(r.signedAt),
      completedAt: iso(r.completedAt),
      payee: { id: r.payeeId, name: r.payeeName, kind: r.payeeKind },
      payments: mine.map((p) => ({
        id: p.id,
        position: p.position,
        amountFen: p.amountFen,
        status: p.status,
        rail: p.rail,
        paymentDate: p.paymentDate,
        voucherNumber: p.voucherNumber,
        paidAt: isoText(p.paidAt),
      })),
      paidFen: mine.filter((p) => p.status === 'paid').reduce((s, p) => s + p.amountFen, 0),
    };
  };
  return rows
    .filter((r) => !r.parentContractId)
    .map((r) => {
      const subs = rows.filter((s) => s.parentContractId === r.id).map(node);
      return { ...node(r), subcontracts: subs, passedOnFen: subs.reduce((s, x) => s + x.paidFen, 0) };
    });
}

/** A contract's milestones in order: what an amendment form is checked against. */
export async function milestonesOf(db: Executor, contractId: string) {
  return db.select().from(milestones).where(eq(milestones.contractId, contractId)).orderBy(asc(milestones.position));
}

/**
 * Every payment made or received in a scope's name, oldest first: paid tranches (and Stripe
 * payments still on their way) of the contracts it pays and of those it is paid under. The
 * purchaser's register to reconcile with the treasury; an organization's record of receipts.
 */
export async function paymentsOf(db: Executor, scope: ContractScope) {
  const where = eitherSideCondition(scope);
  if (!where) return [];
  const rows = await db
    .select({
      trancheId: tranches.id,
      position: tranches.position,
      amountFen: tranches.amountFen,
      status: tranches.status,
      rail: tranches.rail,
      voucherNumber: tranches.voucherNumber,
      bankReference: tranches.bankReference,
      stripeTransferId: tranches.stripeTransferId,
      paymentDate: tranches.paymentDate,
      paidAt: tranches.paidAt,
      contractId: contracts.id,
      contractTitle: contracts.title,
      parentContractId: contracts.parentContractId,
      projectId: contracts.projectId,
      ...partyColumns,
    })
    .from(tranches)
    .innerJoin(contracts, eq(contracts.id, tranches.contractId))
    .innerJoin(payeeOrgs, eq(payeeOrgs.id, contracts.payeeOrganizationId))
    .leftJoin(payerOrgs, eq(payerOrgs.id, contracts.payerOrganizationId))
    .leftJoin(purchaserRegions, eq(purchaserRegions.code, contracts.purchaserRegionCode))
    .where(and(where, inArray(tranches.status, ['paid', 'processing'])))
    .orderBy(sql`${tranches.paidAt} IS NULL`, asc(tranches.paidAt), asc(contracts.createdAt), asc(tranches.position));
  return rows.map((r) => ({
    ...r,
    direction: isPayer(scope, r) ? ('out' as const) : ('in' as const),
    payer: payerOf(r),
    paidAt: r.paidAt?.toISOString() ?? null,
  }));
}
