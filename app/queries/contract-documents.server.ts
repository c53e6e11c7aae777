import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { awards, contractDocuments, contracts, contractTemplates, milestones, organizations, regions, tranches } from '#db/schema';
import type { Executor } from '#db/client';
import { toChineseCapital } from '~/domain/chinese-amount';
import {
  chinaDateOf,
  DEFAULT_TEMPLATE,
  publicationDue as publicationDueDay,
  signingDeadline,
  TERM_SECTIONS,
  termsCapability,
  type ContractTermsText,
} from '~/domain/contract-document';
import { workCalendarOf } from './calendar.server';

/**
 * Read models of the contract as a document (ADR 020): a unit's template, a contract's number and
 * terms, its printable form and its public version on the project page.
 */

/** A unit's saved template, or the shipped default, with the revision a form must send back to save over it. */
export async function templateOfUnit(db: Executor, purchaserRole: string, purchaserRegionCode: string) {
  const [row] = await db
    .select()
    .from(contractTemplates)
    .where(and(eq(contractTemplates.purchaserRole, purchaserRole), eq(contractTemplates.purchaserRegionCode, purchaserRegionCode)));
  return row
    ? { sections: sectionsOf(row.sections), revision: row.revision, updatedAt: row.updatedAt.toISOString() }
    : { sections: DEFAULT_TEMPLATE, revision: 0, updatedAt: null };
}

/** Stored sections as the six the platform knows (a section missing from old JSON reads as the default's). */
export function sectionsOf(stored: Record<string, string> | null | undefined): ContractTermsText {
  return Object.fromEntries(TERM_SECTIONS.map((k) => [k, typeof stored?.[k] === 'string' ? stored[k] : DEFAULT_TEMPLATE[k]])) as ContractTermsText;
}

/** A stored sections object read as text (json in, strings out). */
const termsOf = (stored: Record<string, string> | null): ContractTermsText | null => (stored ? sectionsOf(stored) : null);

/** A contract's number, terms and publication, for its page and its terms form. */
export async function documentOf(db: Executor, contractId: string) {
  const [row] = await db.select().from(contractDocuments).where(eq(contractDocuments.contractId, contractId));
  if (!row) return null;
  return {
    number: row.number,
    terms: termsOf(row.terms),
    termsUpdatedAt: row.termsUpdatedAt?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

const payers = alias(organizations, 'doc_payer_orgs');
const payees = alias(organizations, 'doc_payee_orgs');
const parentDocs = alias(contractDocuments, 'doc_parent_docs');

/**
 * The contract as printed and as published: number, parties (names and unified social credit codes,
 * nothing else of theirs), amount, period, schedule, terms, confirmations. Nothing private: no bank
 * details, no payment vouchers, no reports, no people.
 */
export async function printableContract(db: Executor, contractId: string) {
  const [row] = await db
    .select({
      id: contracts.id,
      projectId: contracts.projectId,
      title: contracts.title,
      status: contracts.status,
      amountFen: contracts.amountFen,
      fundingSource: contracts.fundingSource,
      startDate: contracts.startDate,
      endDate: contracts.endDate,
      purchaserRole: contracts.purchaserRole,
      purchaserRegionCode: contracts.purchaserRegionCode,
      purchaserRegionName: regions.name,
      payerName: payers.name,
      payerUscc: payers.uscc,
      payeeName: payees.name,
      payeeUscc: payees.uscc,
      payerConfirmedAt: contracts.payerConfirmedAt,
      payeeConfirmedAt: contracts.payeeConfirmedAt,
      signedAt: contracts.signedAt,
      isSubcontract: sql<boolean>`${contracts.parentContractId} IS NOT NULL`,
      parentNumber: parentDocs.number,
      number: contractDocuments.number,
      terms: contractDocuments.terms,
      publishedAt: contractDocuments.publishedAt,
    })
    .from(contracts)
    .innerJoin(payees, eq(payees.id, contracts.payeeOrganizationId))
    .leftJoin(payers, eq(payers.id, contracts.payerOrganizationId))
    .leftJoin(regions, eq(regions.code, contracts.purchaserRegionCode))
    .leftJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id))
    .leftJoin(parentDocs, eq(parentDocs.contractId, contracts.parentContractId))
    .where(eq(contracts.id, contractId));
  if (!row) return null;
  const [ms, ts] = await Promise.all([
    db
      .select({ id: milestones.id, title: milestones.title, kind: milestones.kind, dueDate: milestones.dueDate })
      .from(milestones)
      .where(eq(milestones.contractId, contractId))
      .orderBy(asc(milestones.position)),
    db
      .select({ percent: tranches.percent, amountFen: tranches.amountFen, milestoneId: tranches.milestoneId })
      .from(tranches)
      .where(eq(tranches.contractId, contractId))
      .orderBy(asc(tranches.position)),
  ]);
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: row.id,
    projectId: row.projectId,
    number: row.number,
    title: row.title,
    status: row.status,
    isSubcontract: row.isSubcontract,
    parentNumber: row.parentNumber,
    amountFen: row.amountFen,
    amountInCapitals: toChineseCapital(row.amountFen),
    fundingSource: row.fundingSource,
    startDate: row.startDate,
    endDate: row.endDate,
    payer: row.payerName
      ? { kind: 'organization' as const, name: row.payerName, uscc: row.payerUscc }
      : { kind: 'unit' as const, role: row.purchaserRole ?? '', regionCode: row.purchaserRegionCode ?? '', regionName: row.purchaserRegionName ?? '' },
    payee: { name: row.payeeName, uscc: row.payeeUscc },
    milestones: ms.map((m) => ({ title: m.title, kind: m.kind, dueDate: m.dueDate })),
    tranches: ts.map((t) => ({
      percent: t.percent,
      amountFen: t.amountFen,
      /** 0-based milestone row that unlocks it; null: at signing. */
      milestone: t.milestoneId ? ms.findIndex((m) => m.id === t.milestoneId) : null,
    })),
    terms: termsOf(row.terms),
    payerConfirmedAt: iso(row.payerConfirmedAt),
    payeeConfirmedAt: iso(row.payeeConfirmedAt),
    signedAt: iso(row.signedAt),
    publishedAt: iso(row.publishedAt),
  };
}

export type PrintableContract = NonNullable<Awaited<ReturnType<typeof printableContract>>>;

/**
 * What a project's public page shows of its contract: the published contract (signed, then perhaps
 * completed or terminated: a publication stands), or, while an award waits for one, the signing
 * deadline. A draft is never read here.
 */
export async function projectContractNotice(db: Executor, projectId: string, awardedAt: string | null, today: string) {
  const [published] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .innerJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id))
    .where(and(eq(contracts.projectId, projectId), isNull(contracts.parentContractId), isNotNull(contractDocuments.publishedAt), ne(contracts.status, 'draft')))
    .orderBy(desc(contractDocuments.publishedAt))
    .limit(1);
  const contract = published ? await printableContract(db, published.id) : null;
  if (contract || !awardedAt) return { contract, signing: null };
  const [signed] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(eq(contracts.projectId, projectId), isNull(contracts.parentContractId), inArray(contracts.status, ['signed', 'completed'])))
    .limit(1);
  return { contract: null, signing: signed ? null : signingDeadline(chinaDateOf(new Date(awardedAt)), today) };
}

/**
 * Per contract: its number and, for a contract from an award still a draft, its signing deadline
 * (30 days from the award notice), for the lists and the contract page.
 */
export async function contractDocFacts(db: Executor, ids: readonly string[], today: string) {
  if (!ids.length) return {};
  const rows = await db
    .select({ id: contracts.id, status: contracts.status, number: contractDocuments.number, awardedAt: awards.awardedAt })
    .from(contracts)
    .leftJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id))
    .leftJoin(awards, eq(awards.id, contracts.awardId))
    .where(inArray(contracts.id, [...ids]));
  return Object.fromEntries(
    rows.map((r) => [
      r.id,
      {
        number: r.number,
        signing: r.status === 'draft' && r.awardedAt ? signingDeadline(chinaDateOf(r.awardedAt), today) : null,
      },
    ]),
  ) as Record<string, DocFacts>;
}

export interface DocFacts {
  number: string | null;
  signing: ReturnType<typeof signingDeadline> | null;
}

/**
 * The contract page's document panel: number, terms, the signing deadline of a draft from an award,
 * when it was published and the day the 2-working-day rule allowed, and whether this side may edit
 * the terms (termsCapability).
 */
export async function contractDocumentPanel(db: Executor, c: { id: string; status: string; signedAt: Date | null }, side: 'payer' | 'payee', today: string) {
  const [doc, facts] = await Promise.all([documentOf(db, c.id), contractDocFacts(db, [c.id], today)]);
  const publicationDue = doc?.publishedAt && c.signedAt ? publicationDueDay(await workCalendarOf(db), chinaDateOf(c.signedAt)) : null;
  return {
    number: doc?.number ?? null,
    terms: doc?.terms ?? null,
    publishedAt: doc?.publishedAt ?? null,
    publicationDue,
    signing: facts[c.id]?.signing ?? null,
    mayEditTerms: !!doc && termsCapability(side, c.status).allowed,
  };
}
