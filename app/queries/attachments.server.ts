import { asc, eq } from 'drizzle-orm';
import { attachments, contracts, filingApplications } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { decide } from '~/domain/permissions';
import { filingResource } from '~/domain/filing-capabilities';
import { AppError } from '~/lib/errors';
import { sideOf } from '~/domain/contract-side';
import { isUuid } from '~/domain/ids';
import { readBid } from './projects.server';

/**
 * An attachment for whoever may read what it belongs to (ADR 019), nobody else:
 * - a deliverable's: the two sides of its contract;
 * - a bid's: whoever may read the bid (`readBid`: the bidding organization always; after the opening
 *   the purchaser and the active panel; never anyone while it is sealed, nor a withdrawn or replaced version);
 * - a filing application's: whoever may read the application (`filing:view`: the applicant and the
 *   reviewing committee, station and bureau).
 */
export async function readableAttachment(db: Executor, actor: Actor, id: string) {
  if (!isUuid(id)) throw new AppError('notFound');
  const [a] = await db.select().from(attachments).where(eq(attachments.id, id));
  if (!a) throw new AppError('notFound');
  if (a.contractId) {
    const [c] = await db.select().from(contracts).where(eq(contracts.id, a.contractId));
    if (!c || !sideOf(actor, c)) throw new AppError('forbidden');
    return a;
  }
  if (a.bidId) {
    await readBid(db, actor, a.bidId);
    return a;
  }
  const [app] = await db.select().from(filingApplications).where(eq(filingApplications.id, a.filingApplicationId!));
  if (!app || !decide(actor, 'filing:view', filingResource(app)).allowed) throw new AppError('forbidden');
  return a;
}

export async function attachmentsOfContract(db: Executor, contractId: string) {
  const rows = await db
    .select({
      id: attachments.id,
      deliverableId: attachments.deliverableId,
      name: attachments.originalName,
      sizeBytes: attachments.sizeBytes,
      kind: attachments.kind,
    })
    .from(attachments)
    .where(eq(attachments.contractId, contractId));
  // A contract's attachments are its deliverables' (the table's checks hold it).
  return rows.map((r) => ({ ...r, deliverableId: r.deliverableId! }));
}

const documentColumns = {
  id: attachments.id,
  documentKind: attachments.documentKind,
  name: attachments.originalName,
  sizeBytes: attachments.sizeBytes,
  uploadedAt: attachments.uploadedAt,
};

export type DocumentRow = { id: string; documentKind: string; name: string; sizeBytes: number; uploadedAt: string };

const listed = (rows: { id: string; documentKind: string | null; name: string; sizeBytes: number; uploadedAt: Date }[]): DocumentRow[] =>
  rows.map((r) => ({ ...r, documentKind: r.documentKind ?? 'other', uploadedAt: r.uploadedAt.toISOString() }));

/** A bid's documents. Only for a caller that went through `readBid` for this bid (the seal). */
export async function documentsOfBid(db: Executor, bidId: string) {
  return listed(
    await db.select(documentColumns).from(attachments).where(eq(attachments.bidId, bidId)).orderBy(asc(attachments.uploadedAt), asc(attachments.id)),
  );
}

/** A filing application's documents. Only for a caller allowed `filing:view` on it. */
export async function documentsOfFiling(db: Executor, applicationId: string) {
  return listed(
    await db
      .select(documentColumns)
      .from(attachments)
      .where(eq(attachments.filingApplicationId, applicationId))
      .orderBy(asc(attachments.uploadedAt), asc(attachments.id)),
  );
}
