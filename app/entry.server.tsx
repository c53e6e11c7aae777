import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { stripNulPadding } from '~/lib/nul-padding.server';
import { RETRY_AFTER_SECONDS } from '~/lib/http.server';

// The server (server.js) calls these through the build, so there is one database handle per process.
export { startup, shutdown } from '~/lib/startup.server';
export { isCrossOriginWrite } from '~/lib/origin';
export { guardBuild } from '~/lib/http.server';

/**
 * Remix passes on a thrown response's status but, for documents and `.data`, not its headers (only
 * its cookies): every 503 gets its Retry-After here. Resource routes send the thrown response as is.
 */
function retryAfter(status: number, headers: Headers) {
  if (status === 503 && !headers.has('Retry-After')) headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
}

export const handleDataRequest: HandleDataRequestFunction = (response) => {
  retryAfter(response.status, response.headers);
  return response;
};

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const bot = isbot(request.headers.get('user-agent') || '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [bot ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          // Not a plain PassThrough: React 18.3 pads some chunks with NUL bytes (see stripNulPadding).
          const body = stripNulPadding();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          responseHeaders.set('X-Content-Type-Options', 'nosniff');
          responseHeaders.set('Referrer-Policy', 'same-origin');
          responseHeaders.set('X-Frame-Options', 'DENY');
          retryAfter(responseStatusCode, responseHeaders);
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
