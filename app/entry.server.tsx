import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceProvider } from '~/lib/nonce';
import { stripNulPadding } from '~/lib/nul-padding.server';
import { RETRY_AFTER_SECONDS } from '~/lib/http.server';

// The server (server.js) calls these through the build, so there is one database handle per process
// and the HTTP edge (limits, headers, cross-site refusal) is TypeScript tested with the rest.
export { startup, shutdown } from '~/lib/startup.server';
export { createEdge } from '~/lib/edge.server';
export { guardBuild, handleError } from '~/lib/http.server';

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
  loadContext: AppLoadContext,
) {
  // The edge's per-request nonce, allowed by its Content-Security-Policy: every inline script React
  // and Remix write (the hand-off, the module imports, streamed data, scroll restoration) carries it.
  const nonce = typeof loadContext?.cspNonce === 'string' ? loadContext.cspNonce : undefined;
  const bot = isbot(request.headers.get('user-agent') || '');
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce ?? ''}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [bot ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          // Not a plain PassThrough: React 18.3 pads some chunks with NUL bytes (see stripNulPadding).
          const body = stripNulPadding();
          const stream = createReadableStreamFromReadable(body);
          // Security headers (CSP, nosniff, Referrer-Policy, frame-ancestors) come from the edge (helmet).
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
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
