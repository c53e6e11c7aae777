import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { contracts, organizations, projects, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { isUuid } from '~/domain/ids';
import { iso, isoText, jsonValue, purchaserRegions, type PaymentJson } from './rows.server';

/** The public fund trace of a project: where its money went, contract by contract (policy §3.4). */

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
