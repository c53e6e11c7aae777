import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { attachments, deliverables } from '#db/schema';
import type { Db } from '#db/client';
import { CONTENT_TYPES, detectFileKind, EXTENSIONS, fileNameProblem, MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import { now } from '~/lib/clock.server';
import { AppError } from '~/lib/errors';
import { fileStore, type FileStore } from '~/lib/file-store.server';
import { recordAudit } from './audit.server';
import type { UseCaseContext } from './context';
import { lockContract } from './contract-common.server';
import type { MessageKey } from '~/i18n/catalog';

/**
 * Attaches a file to a deliverable the organization submitted: at most 20 MB; PDF, images, Word or
 * Excel by content; the person's name is kept for display only, the file is stored under a
 * generated name. The file is written before the row, so a row never points at nothing; a failed
 * transaction leaves an orphan file, never a broken link.
 */
/** What is wrong with a file, before anything is written (checked again by attachFile). */
export function attachmentProblem(file: { name: string; bytes: Uint8Array }): { key: MessageKey; params?: Record<string, number> } | null {
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) return { key: 'attachment.errors.tooLarge' };
  if (file.bytes.byteLength === 0) return { key: 'attachment.errors.empty' };
  const nameProblem = fileNameProblem(file.name);
  if (nameProblem) return { key: `attachment.errors.name.${nameProblem}` };
  if (!detectFileKind(file.bytes.subarray(0, 64 * 1024))) return { key: 'attachment.errors.type' };
  return null;
}

export async function attachFile(
  db: Db,
  ctx: UseCaseContext,
  deliverableId: string,
  file: { name: string; bytes: Uint8Array },
  store: FileStore = fileStore(),
) {
  const problem = attachmentProblem(file);
  if (problem) throw new AppError('invalidInput', problem.key, problem.params);
  const kind = detectFileKind(file.bytes.subarray(0, 64 * 1024))!;
  const [d] = await db.select().from(deliverables).where(eq(deliverables.id, deliverableId));
  if (!d) throw new AppError('notFound');
  const storedName = `${randomUUID()}.${EXTENSIONS[kind]}`;
  // Check the right to attach before touching the store.
  await db.transaction(async (tx) => {
    await lockContract(tx, ctx.actor, d.contractId, 'payee');
  });
  await store.put(storedName, file.bytes);
  return db.transaction(async (tx) => {
    const { role } = await lockContract(tx, ctx.actor, d.contractId, 'payee');
    const [row] = await tx
      .insert(attachments)
      .values({
        deliverableId: d.id,
        contractId: d.contractId,
        originalName: file.name.trim(),
        storedName,
        kind,
        contentType: CONTENT_TYPES[kind],
        sizeBytes: file.bytes.byteLength,
        sha256: createHash('sha256').update(file.bytes).digest('hex'),
        uploadedBy: ctx.actor.userId,
        uploadedAt: now(),
      })
      .returning({ id: attachments.id });
    await recordAudit(tx, {
      actorUserId: ctx.actor.userId,
      actorRole: role,
      action: 'attachment.add',
      subjectType: 'deliverable',
      subjectId: d.id,
      summary: { after: { attachmentId: row!.id, name: file.name, kind, sizeBytes: file.bytes.byteLength } },
      requestId: ctx.requestId,
    });
    return { id: row!.id, kind };
  });
}
