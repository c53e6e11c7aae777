import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { contractAmendments, contracts, deliverables, milestones, organizations, projects, regions, tranches, users } from '#db/schema';
import type { Executor } from '#db/client';
import { inSubtree } from '../regions.server';
import {
  iso,
  isoText,
  jsonValue,
  parentContracts,
  partyColumns,
  payeeOrgs,
  payerOf,
  payerOrgs,
  purchaserRegions,
  type AmendmentJson,
  type ContractRecord,
  type DeliverableJson,
  type MilestoneJson,
  type SubcontractJson,
  type TrancheJson,
} from './rows.server';

/**
 * The contract page's read model: everything about one contract for its two sides, and what the
 * subcontract form needs. Its types (ContractPage and its parts) are the page's and its components'.
 */

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
          'id', t.id, 'position', t.position, 'percent', t.percent, 'amountFen', t.amount_fen, 'milestoneId', t.milestone_id, 'status', t.status, 'advance', t.advance,
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
          'paidFen', coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = s.id AND t.status = 'paid'), 0),
          'consentDecision', s.consent_decision, 'consentText', s.consent_text, 'consentAt', s.consent_at,
          'consentByName', (SELECT u.display_name FROM ${users} u WHERE u.id = s.consent_by)
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
      consentByName: sql<string | null>`(SELECT u.display_name FROM ${users} u WHERE u.id = ${contracts.consentBy})`,
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
      subcontractMaxPercent: c.subcontractMaxPercent,
      subcontractExcludedWork: c.subcontractExcludedWork,
      acceptanceOpinion: c.acceptanceOpinion,
      performanceScore: c.performanceScore,
      consent: c.parentContractId ? { decision: c.consentDecision, text: c.consentText, at: iso(c.consentAt), byName: parties.consentByName } : null,
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
      advance: t.advance,
      rail: t.rail,
      voucherNumber: t.voucherNumber,
      bankReference: t.bankReference,
      paymentDate: t.paymentDate,
      paidAt: isoText(t.paidAt),
    })),
    subcontracts: subs.map((s) => ({ ...s, paidFen: Number(s.paidFen), consentAt: isoText(s.consentAt) })),
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

/** The contract page as the query gives it, and its parts: the components' types. */
export type ContractPage = Awaited<ReturnType<typeof contractView>>;
export type ContractFacts = ContractPage['contract'];
export type ContractMilestone = ContractPage['milestones'][number];
export type ContractRound = ContractMilestone['rounds'][number];
export type ContractTranche = ContractPage['tranches'][number];
export type ContractAmendment = ContractPage['amendments'][number];
export type ContractSubcontract = ContractPage['subcontracts'][number];

/** A contract's milestones in order: what an amendment form is checked against. */
export async function milestonesOf(db: Executor, contractId: string) {
  return db.select().from(milestones).where(eq(milestones.contractId, contractId)).orderBy(asc(milestones.position));
}

/**
 * Community organizations a hub (its street: its region code a prefix of theirs) or a county service
 * organization (its county) may subcontract to: active, and filed with a filing number or registered
 * with a credit code (`subcontractProblem` says the same per target).
 */
export async function subcontractTargets(db: Executor, holder: { kind: string; regionCode: string }) {
  if (holder.kind !== 'hub' && holder.kind !== 'countyServiceOrg') return [];
  const area = holder.kind === 'hub' ? holder.regionCode : holder.regionCode.slice(0, 6);
  return db
    .select({ id: organizations.id, name: organizations.name, regionName: regions.name })
    .from(organizations)
    .innerJoin(regions, eq(regions.code, organizations.regionCode))
    .where(
      and(
        eq(organizations.kind, 'communityOrg'),
        eq(organizations.status, 'active'),
        inSubtree(organizations.regionCode, area),
        sql`((${organizations.legalStatus} = 'filed' AND btrim(coalesce(${organizations.filingNumber}, '')) <> '')
          OR (${organizations.legalStatus} = 'registered' AND btrim(coalesce(${organizations.uscc}, '')) <> ''))`,
      ),
    )
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
