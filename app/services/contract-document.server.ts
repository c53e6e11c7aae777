import { and, eq, sql } from 'drizzle-orm';
import { contractDocuments, contractNumberCounters, contracts, organizations } from '#db/schema';
import type { Tx } from '#db/client';
import { templateOfUnit } from '~/queries/contract-documents.server';
import { toChineseCapital } from '~/domain/chinese-amount';
import { contractNumber, DEFAULT_TEMPLATE, fillTemplate, subcontractNumber, type ContractTermsText } from '~/domain/contract-document';
import { now, todayInChina } from '~/lib/clock.server';
import type { ContractRow } from './contract-common.server';

/**
 * The contract's document, written in its drafting and signing transactions (ADR 020): the number
 * and the terms at drafting, the publication at signing. Called by draft-contract.server.ts and
 * confirm-contract.server.ts, inside their transactions, after the contract row is written.
 */

/**
 * The unit's next number for the year. The upsert takes the counter row's lock until the drafting
 * transaction ends, so two drafts of one unit wait for each other and a rolled-back draft gives its
 * number back: sequential, without gaps or duplicates, however concurrent.
 */
export async function takeContractSequence(tx: Tx, purchaserRole: string, purchaserRegionCode: string, year: number): Promise<number> {
  const [row] = await tx
    .insert(contractNumberCounters)
    .values({ purchaserRole, purchaserRegionCode, year, last: 1 })
    .onConflictDoUpdate({
      target: [contractNumberCounters.purchaserRole, contractNumberCounters.purchaserRegionCode, contractNumberCounters.year],
      set: { last: sql`${contractNumberCounters.last} + 1` },
    })
    .returning({ last: contractNumberCounters.last });
  return row!.last;
}

/** The number and the terms of a contract just drafted: the unit's sequence and template, or the parent's number and the default template. */
export async function createContractDocument(tx: Tx, contractId: string, projectTitle: string) {
  const [c] = (await tx.select().from(contracts).where(eq(contracts.id, contractId))) as [ContractRow];
  let number: string;
  let template: ContractTermsText = DEFAULT_TEMPLATE;
  if (c.parentContractId) {
    // The parent is locked by draftSubcontract: its subcontracts are counted one at a time.
    const [parent] = await tx.select({ number: contractDocuments.number }).from(contractDocuments).where(eq(contractDocuments.contractId, c.parentContractId));
    const [n] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(contracts)
      .where(and(eq(contracts.parentContractId, c.parentContractId), sql`${contracts.id} <> ${c.id}`));
    number = subcontractNumber(parent?.number ?? c.parentContractId.slice(0, 8), (n?.n ?? 0) + 1);
  } else {
    const role = c.purchaserRole!;
    const code = c.purchaserRegionCode!;
    const year = Number(todayInChina().slice(0, 4));
    number = contractNumber(code, year, await takeContractSequence(tx, role, code, year));
    template = (await templateOfUnit(tx, role, code)).sections;
  }
  const [payee] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, c.payeeOrganizationId));
  const terms = fillTemplate(template, {
    projectTitle,
    payeeName: payee?.name ?? '',
    amount: `${(c.amountFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`,
    amountInCapitals: toChineseCapital(c.amountFen),
    startDate: c.startDate,
    endDate: c.endDate,
  });
  await tx.insert(contractDocuments).values({ contractId: c.id, number, terms, termsUpdatedAt: now() });
  return { number };
}

/**
 * At signing a contract (not a subcontract: that is the hub's own purchase, not government
 * purchasing) is published on its project's public page, in the signing transaction, so it is
 * never later than the 2 working days 实施条例 §50 allows. Returns when, or null.
 */
export async function publishOnSigning(tx: Tx, c: Pick<ContractRow, 'id' | 'parentContractId'>, at: Date): Promise<Date | null> {
  if (c.parentContractId) return null;
  const [row] = await tx
    .update(contractDocuments)
    .set({ publishedAt: at })
    .where(and(eq(contractDocuments.contractId, c.id), sql`${contractDocuments.publishedAt} IS NULL`))
    .returning({ publishedAt: contractDocuments.publishedAt });
  return row?.publishedAt ?? null;
}

/** A contract's number, or '' for one drafted before contracts had documents. */
export async function contractNumberOf(tx: Tx, contractId: string): Promise<string> {
  const [doc] = await tx.select({ number: contractDocuments.number }).from(contractDocuments).where(eq(contractDocuments.contractId, contractId));
  return doc?.number ?? '';
}
