import { z } from 'zod';
import { BID_DOCUMENT_KINDS, FILING_DOCUMENT_KINDS } from '~/domain/documents';
import { idField } from './fields';

/**
 * A document added to a bid or a filing (ADR 019): its kind here; the file itself (`file`) is
 * checked by its content on the server (app/lib/upload.server.ts), never by this schema.
 */
export const BidDocumentSchema = z.object({ bidId: idField(), documentKind: z.enum(BID_DOCUMENT_KINDS, 'documents.errors.kind') });

export const FilingDocumentSchema = z.object({ documentKind: z.enum(FILING_DOCUMENT_KINDS, 'documents.errors.kind') });

/** Taking a document back: which one (it must be the page's own bid's or application's). */
export const DetachDocumentSchema = z.object({ attachmentId: idField() });
