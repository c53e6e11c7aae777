import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guard.server';
import { readableAttachment } from '~/queries/attachments.server';
import { db } from '~/lib/db.server';
import { loaderOf } from '~/lib/http.server';
import { fileStore } from '~/lib/file-store.server';

/**
 * Downloads an attachment for the two sides of its contract: always as an attachment (never shown
 * inline), with the type we detected from its content, and nosniff.
 */
export const loader = loaderOf(async ({ request, params }: LoaderFunctionArgs) => {
  const me = await requireUser(request);
  const a = await readableAttachment(db(), me.actor, params.id!);
  const bytes = await fileStore().get(a.storedName);
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
