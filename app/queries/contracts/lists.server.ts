import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { contractAmendments, contracts, deliverables, milestones, organizations, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { isUuid } from '~/domain/ids';
import { partyColumns, payeeOrgs, payerOf, payerOrgs, purchaserRegions, paidFen } from './rows.server';

/** The contracts of a person's scope (policy §3.4): the workspaces of organizations and purchasing units, the payment register. */

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

export const OVERSIGHT_PAGE_SIZE = 50;

/**
 * Every contract of the province for the administrator's read-only oversight (`contract:oversee`): parties, status,
 * amount and what was paid, drafts first, newest first, a page at a time. Nothing of deliverables or files.
 */
export async function contractsUnderOversight(db: Executor, page: number) {
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: contracts.id,
        title: contracts.title,
        status: contracts.status,
        amountFen: contracts.amountFen,
        projectId: contracts.projectId,
        parentContractId: contracts.parentContractId,
        createdAt: contracts.createdAt,
        paidFen,
        ...partyColumns,
      })
      .from(contracts)
      .innerJoin(payeeOrgs, eq(payeeOrgs.id, contracts.payeeOrganizationId))
      .leftJoin(payerOrgs, eq(payerOrgs.id, contracts.payerOrganizationId))
      .leftJoin(purchaserRegions, eq(purchaserRegions.code, contracts.purchaserRegionCode))
      .orderBy(sql`CASE ${contracts.status} WHEN 'draft' THEN 0 WHEN 'signed' THEN 1 ELSE 2 END`, desc(contracts.createdAt), asc(contracts.id))
      .limit(OVERSIGHT_PAGE_SIZE)
      .offset((page - 1) * OVERSIGHT_PAGE_SIZE),
    db.select({ n: sql<number>`count(*)::int` }).from(contracts),
  ]);
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      amountFen: r.amountFen,
      paidFen: Number(r.paidFen),
      projectId: r.projectId,
      isSubcontract: !!r.parentContractId,
      payer: payerOf(r),
      payeeName: r.payeeOrgName,
    })),
  };
}
