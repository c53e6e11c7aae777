import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guard.server';
import { readableAttachment } from '~/queries/attachments.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { fileStore, FileStoreError } from '~/lib/file-store.server';
import { AppError } from '~/lib/errors';

/**
 * Downloads an attachment for whoever may read what it belongs to (readableAttachment: a
 * deliverable's contract sides, a bid's readers under its seal, a filing's readers): always as an
 * attachment (never shown inline), with the type we detected from its content, and nosniff.
 */
export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const a = await readableAttachment(db(), me.actor, params.id!);
  const bytes = await fileStore()
    .get(a.storedName)
    .catch((e: unknown) => {
      // A row whose file is not in this store (a copy of the database without its files) is not found, not a fault.
      if (e instanceof FileStoreError && e.reason === 'notFound') throw new AppError('notFound');
      throw e;
    });
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': a.contentType,
      'Content-Length': String(bytes.byteLength),
      'Content-Disposition': `attachment; filename="${a.storedName}"; filename*=UTF-8''${encodeURIComponent(a.originalName)}`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
    },
  });
});
