import { eq } from 'drizzle-orm';
import { attachments, contracts } from '#db/schema';
import type { Executor } from '#db/client';
import type { Actor } from '~/domain/permissions';
import { AppError } from '~/lib/errors';
import { sideOf } from '~/domain/contract-side';
import { isUuid } from '~/domain/ids';

/** An attachment for one of the two sides of its contract; nobody else (private document). */
export async function readableAttachment(db: Executor, actor: Actor, id: string) {
  if (!isUuid(id)) throw new AppError('notFound');
  const [row] = await db
    .select({ a: attachments, c: contracts })
    .from(attachments)
    .innerJoin(contracts, eq(contracts.id, attachments.contractId))
    .where(eq(attachments.id, id));
  if (!row) throw new AppError('notFound');
  if (!sideOf(actor, row.c)) throw new AppError('forbidden');
  return row.a;
}

export async function attachmentsOfContract(db: Executor, contractId: string) {
  return db
    .select({
      id: attachments.id,
      deliverableId: attachments.deliverableId,
      name: attachments.originalName,
      sizeBytes: attachments.sizeBytes,
      kind: attachments.kind,
    })
    .from(attachments)
    .where(eq(attachments.contractId, contractId));
}
