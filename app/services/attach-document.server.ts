import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { attachments, bids, filingApplications } from '#db/schema';
import type { Db, Tx } from '#db/client';
import { bidDocumentCapability, filingDocumentCapability, type BidDocumentKind, type FilingDocumentKind } from '~/domain/documents';
import { CONTENT_TYPES, detectFileKind, EXTENSIONS } from '~/domain/file-type';
import { decide } from '~/domain/permissions';
import { now } from '~/lib/clock.server';
import { AppError, enforce } from '~/lib/errors';
import { fileStore, type FileStore } from '~/lib/file-store.server';
import { recordAudit } from './audit.server';
import { attachmentProblem } from './attach-file.server';
import type { UseCaseContext } from './context';
import { lockProject } from './project-common.server';

type File = { name: string; bytes: Uint8Array };

/** The file's content checked (as a deliverable's, attach-file.server.ts) before anything is written. */
function checked(file: File) {
  const problem = attachmentProblem(file);
  if (problem) throw new AppError('invalidInput', problem.key, problem.params);
  const kind = detectFileKind(file.bytes.subarray(0, 64 * 1024))!;
  return { kind, storedName: `${randomUUID()}.${EXTENSIONS[kind]}` };
}

function row(file: File, kind: ReturnType<typeof checked>['kind'], storedName: string, userId: string) {
  return {
    originalName: file.name.trim(),
    storedName,
    kind,
    contentType: CONTENT_TYPES[kind],
    sizeBytes: file.bytes.byteLength,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    uploadedBy: userId,
    uploadedAt: now(),
  };
}

/** Locks the project, then the bid (the order of submitBid and withdrawBid), and refuses unless the bidder may add to it now. */
async function lockBidForDocuments(tx: Tx, ctx: UseCaseContext, bidId: string) {
  const [found] = await tx.select({ projectId: bids.projectId, organizationId: bids.organizationId }).from(bids).where(eq(bids.id, bidId));
  if (!found) throw new AppError('notFound');
  // Who may act for the bid's organization first: nobody else learns whether the bid or its project is open.
  if (!decide(ctx.actor, 'bid:submit', { organizationId: found.organizationId }).allowed) throw new AppError('forbidden');
  const { project } = await lockProject(tx, null, found.projectId);
  const [bid] = await tx.select().from(bids).where(eq(bids.id, bidId)).for('update');
  enforce(bidDocumentCapability(ctx.actor, project, bid!, now()));
  return bid!;
}

/**
 * The bidding organization's administrator adds a document (qualification certificate, budget
 * breakdown, service plan, other) to its live bid before the deadline. Sealed with the bid: its audit
 * row names neither the bidder nor the project nor the file's name (which may name the organization),
 * like the bid's own rows (submit-bid.server.ts). The file is written before the row, so a row never
 * points at nothing.
 */
export async function attachBidDocument(db: Db, ctx: UseCaseContext, bidId: string, documentKind: BidDocumentKind, file: File, store: FileStore = fileStore()) {
  const { kind, storedName } = checked(file);
  // The right to attach is checked before the store is touched.
  await db.transaction((tx) => lockBidForDocuments(tx, ctx, bidId));
  await store.put(storedName, file.bytes);
  return db.transaction(async (tx) => {
    const bid = await lockBidForDocuments(tx, ctx, bidId);
    const [a] = await tx
      .insert(attachments)
      .values({ bidId: bid.id, documentKind, ...row(file, kind, storedName, ctx.actor.userId) })
      .returning({ id: attachments.id });
    await recordAudit(tx, {
      actorUserId: null,
      actorRole: 'bidder',
      action: 'bid.attach',
      subjectType: 'bid',
      subjectId: bid.id,
      summary: { sealed: true, after: { attachmentId: a!.id, documentKind, kind, sizeBytes: file.bytes.byteLength } },
      requestId: ctx.requestId,
    });
    return { id: a!.id };
  });
}

async function lockFilingForDocuments(tx: Tx, ctx: UseCaseContext, applicationId: string) {
  const [app] = await tx.select().from(filingApplications).where(eq(filingApplications.id, applicationId)).for('update');
  if (!app) throw new AppError('notFound');
  enforce(filingDocumentCapability(ctx.actor, app));
  return app;
}

/**
 * The applicant adds a document (charter, member list, leader's identification, premises, other) to its
 * filing application while it is waiting for the first review or returned to it.
 */
export async function attachFilingDocument(
  db: Db,
  ctx: UseCaseContext,
  applicationId: string,
  documentKind: FilingDocumentKind,
  file: File,
  store: FileStore = fileStore(),
) {
  const { kind, storedName } = checked(file);
  await db.transaction((tx) => lockFilingForDocuments(tx, ctx, applicationId));
  await store.put(storedName, file.bytes);
  return db.transaction(async (tx) => {
    const app = await lockFilingForDocuments(tx, ctx, applicationId);
    const [a] = await tx
      .insert(attachments)
      .values({ filingApplicationId: app.id, documentKind, ...row(file, kind, storedName, ctx.actor.userId) })
      .returning({ id: attachments.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: 'owner',
      action: 'filing.attach',
      subjectType: 'filingApplication',
      subjectId: app.id,
      summary: { after: { attachmentId: a!.id, documentKind, name: file.name.trim(), kind, sizeBytes: file.bytes.byteLength } },
      requestId: ctx.requestId,
    });
    return { id: a!.id };
  });
}

/**
 * The bidder or the applicant takes back a document it handed in, while it could still add one (the
 * same capability): the row goes, its audit row keeps what it was (a bid's without the file's name);
 * the stored file stays, an orphan nothing points at (ADR 009). A deliverable's files are never removed.
 */
export async function removeDocument(db: Db, ctx: UseCaseContext, attachmentId: string) {
  const [found] = await db
    .select({ bidId: attachments.bidId, filingApplicationId: attachments.filingApplicationId })
    .from(attachments)
    .where(eq(attachments.id, attachmentId));
  if (!found || (!found.bidId && !found.filingApplicationId)) throw new AppError('notFound');
  return db.transaction(async (tx) => {
    // The owner first (the lock order of attaching), then the document, which must still be its.
    if (found.bidId) await lockBidForDocuments(tx, ctx, found.bidId);
    else await lockFilingForDocuments(tx, ctx, found.filingApplicationId!);
    const [a] = await tx.select().from(attachments).where(eq(attachments.id, attachmentId)).for('update');
    if (!a || a.bidId !== found.bidId || a.filingApplicationId !== found.filingApplicationId) throw new AppError('conflict', 'errors.conflict');
    await tx.delete(attachments).where(eq(attachments.id, a.id));
    const before = { attachmentId: a.id, documentKind: a.documentKind, kind: a.kind, sizeBytes: a.sizeBytes, sha256: a.sha256 };
    await recordAudit(
      tx,
      a.bidId
        ? {
            actorUserId: null,
            actorRole: 'bidder',
            action: 'bid.detach',
            subjectType: 'bid',
            subjectId: a.bidId,
            summary: { sealed: true, before },
            requestId: ctx.requestId,
          }
        : {
            actorUserId: ctx.actor.userId,
            actorRole: 'owner',
            action: 'filing.detach',
            subjectType: 'filingApplication',
            subjectId: a.filingApplicationId!,
            summary: { before: { ...before, name: a.originalName } },
            requestId: ctx.requestId,
          },
    );
  });
}
