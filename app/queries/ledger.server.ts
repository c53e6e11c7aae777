import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { appropriations, budgetHolds, contracts, ledgerAccounts, ledgerEntries, ledgerTransactions, projects, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { RESERVING, type HoldFacts } from '~/domain/budget';
import { checkInvariants, type AccountKind } from '~/domain/ledger';

/** Reads what the invariants need from the database and checks them (npm run ledger:check, tests). */
export async function checkLedger(db: Executor) {
  const [entries, contractRows, payments, budget] = await Promise.all([
    db
      .select({
        transactionId: ledgerEntries.transactionId,
        accountKind: ledgerAccounts.kind,
        accountRef: ledgerAccounts.ref,
        amountFen: ledgerEntries.amountFen,
      })
      .from(ledgerEntries)
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.id, ledgerEntries.accountId)),
    db
      .select({
        id: contracts.id,
        amountFen: contracts.amountFen,
        paidFen: sql<string>`coalesce((SELECT sum(t.amount_fen) FROM ${tranches} t WHERE t.contract_id = ${contracts.id} AND t.status = 'paid'), 0)`,
        subcontractedFen: sql<string>`coalesce((SELECT sum(s.amount_fen) FROM contracts s WHERE s.parent_contract_id = ${contracts.id} AND s.status <> 'terminated'), 0)`,
      })
      .from(contracts),
    db
      .select({ trancheId: ledgerTransactions.trancheId, payments: sql<number>`count(*)::int` })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.kind, 'tranchepayment'))
      .groupBy(ledgerTransactions.trancheId),
    budgetFacts(db),
  ]);
  return checkInvariants({
    entries: entries.map((e) => ({ ...e, accountKind: e.accountKind as AccountKind, amountFen: Number(e.amountFen) })),
    contracts: contractRows.map((c) => ({ id: c.id, amountFen: c.amountFen, paidFen: Number(c.paidFen), subcontractedFen: Number(c.subcontractedFen) })),
    tranchePayments: payments.map((p) => ({ trancheId: p.trancheId!, payments: p.payments })),
    budget,
  });
}

/** Appropriations with what is held on them, and each project's hold beside its award and its contracts' money. */
async function budgetFacts(db: Executor): Promise<HoldFacts> {
  // Paid on the project's prime contracts; what the live ones still owe.
  const paidOn = (contractId: SQL) => sql`coalesce((SELECT sum(t.amount_fen) FROM tranches t WHERE t.contract_id = ${contractId} AND t.status = 'paid'), 0)`;
  const [lines, holds, unheld] = await Promise.all([
    db
      .select({
        id: appropriations.id,
        amountFen: appropriations.amountFen,
        reservedFen: sql<string>`coalesce((SELECT sum(h.reserved_fen) FROM budget_holds h WHERE h.appropriation_id = ${appropriations.id}), 0)`,
        committedFen: sql<string>`coalesce((SELECT sum(h.committed_fen) FROM budget_holds h WHERE h.appropriation_id = ${appropriations.id}), 0)`,
      })
      .from(appropriations),
    db
      .select({
        projectId: budgetHolds.projectId,
        projectStatus: projects.status,
        reservedFen: budgetHolds.reservedFen,
        committedFen: budgetHolds.committedFen,
        awardFen: sql<string | null>`(SELECT a.amount_fen FROM awards a WHERE a.project_id = ${projects.id} AND a.status = 'awarded')`,
        paidFen: sql<string>`coalesce((SELECT sum(${paidOn(sql`c.id`)}) FROM contracts c WHERE c.project_id = ${projects.id} AND c.payer_organization_id IS NULL), 0)`,
        liveUnpaidFen: sql<string>`coalesce((SELECT sum(c.amount_fen - ${paidOn(sql`c.id`)}) FROM contracts c WHERE c.project_id = ${projects.id} AND c.payer_organization_id IS NULL AND c.status IN ('signed', 'completed')), 0)`,
        terminatedContracts: sql<number>`(SELECT count(*)::int FROM contracts c WHERE c.project_id = ${projects.id} AND c.payer_organization_id IS NULL AND c.status = 'terminated')`,
      })
      .from(budgetHolds)
      .innerJoin(projects, eq(projects.id, budgetHolds.projectId)),
    db
      .select({ projectId: projects.id, status: projects.status })
      .from(projects)
      .leftJoin(budgetHolds, eq(budgetHolds.projectId, projects.id))
      .where(and(isNull(budgetHolds.id), inArray(projects.status, [...RESERVING, 'awarded'] as (typeof projects.$inferSelect)['status'][]))),
  ]);
  return {
    appropriations: lines.map((l) => ({ id: l.id, amountFen: l.amountFen, reservedFen: Number(l.reservedFen), committedFen: Number(l.committedFen) })),
    holds: holds.map((h) => ({
      ...h,
      awardFen: h.awardFen === null ? null : Number(h.awardFen),
      paidFen: Number(h.paidFen),
      liveUnpaidFen: Number(h.liveUnpaidFen),
      terminatedContracts: Number(h.terminatedContracts),
    })),
    unheldProjects: unheld,
  };
}
