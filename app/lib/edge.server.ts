// Over 300 lines: the edge is one ordered pipeline (headers, cross-site refusal, body limits, the Remix adapter); split, its order would be harder to read.
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from '@remix-run/node';
import type { ErrorRequestHandler, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express';
import helmet, { strictTransportSecurity } from 'helmet';
import { translator, type MessageKey } from '~/i18n/i18n';
import { env } from './env.server';
import { appOriginOf, isCrossOriginWrite } from './origin';
import {
  acceptsContentType,
  carriesSession,
  cspDirectives,
  declaredBody,
  forcedCacheControl,
  isSafeMethod,
  MiB,
  ORDINARY_BODY_LIMIT,
  ruleFor,
} from './request-rules';

/**
 * The HTTP edge of the server process (server.js runs it, through the build's entry): what every
 * request meets before a route does. Request id and CSP nonce; security headers (helmet) on every
 * answer; no-store for signed-in people; the cross-site refusal; body limits and content types
 * from app/lib/request-rules.ts, enforced while the body is read; and the Remix handler, fed a
 * size-limited body stream. Refusals are small bilingual pages, answered before the body is read,
 * on a connection that is then closed (never drained, which would mean receiving the whole body).
 */

declare module '@remix-run/node' {
  interface AppLoadContext {
    requestId?: string;
    clientIp?: string;
    /** This request's Content-Security-Policy nonce, for the inline scripts (app/entry.server.tsx). */
    cspNonce?: string;
  }
}

interface Locals {
  requestId: string;
  cspNonce: string;
  signedIn: boolean;
  bodyLimit: number;
  /** The body may pass the ordinary limit (an upload, chunked or declared over 1 MB): read in a slot. */
  largeBody: boolean;
}

const localsOf = (res: ServerResponse | ExpressResponse) => (res as ExpressResponse).locals as Locals;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

export interface EdgeOptions {
  /** `npm run dev`: Vite's HMR WebSocket is allowed in connect-src (see cspDirectives). */
  development: boolean;
}

export function createEdge({ development }: EdgeOptions) {
  const allowedOrigins = env().ALLOWED_ORIGINS;

  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: cspDirectives((_req: IncomingMessage, res: ServerResponse) => `'nonce-${localsOf(res).cspNonce}'`, development),
    },
    // Only over TLS (below): a plain-HTTP answer cannot promise HTTPS for a year.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    // Same-origin Referer is what the cross-site check falls back on when a browser sends no Origin.
    referrerPolicy: { policy: 'same-origin' },
  });
  const hsts = strictTransportSecurity({ maxAge: 365 * 24 * 3600, includeSubDomains: true });

  const identify: RequestHandler = (req, res, next) => {
    const locals = localsOf(res);
    locals.requestId = randomUUID();
    locals.cspNonce = randomBytes(16).toString('base64');
    locals.signedIn = carriesSession(req.get('cookie'));
    res.setHeader('X-Request-Id', locals.requestId);
    const cacheControl = forcedCacheControl(req.path, locals.signedIn);
    // Set before static files too: `send` keeps a Cache-Control already there.
    if (cacheControl) res.setHeader('Cache-Control', cacheControl);
    next();
  };

  // req.secure is true when the connection is TLS or a trusted proxy says X-Forwarded-Proto: https.
  const hstsOverTls: RequestHandler = (req, res, next) => (req.secure ? hsts(req, res, next) : next());

  const guard: RequestHandler = (req, res, next) => {
    const rule = ruleFor(req.method, req.path, localsOf(res).signedIn);
    if (rule.checkOrigin) {
      const appOrigin = appOriginOf(req.protocol, req.get('host'));
      const headers = { origin: req.get('origin'), secFetchSite: req.get('sec-fetch-site'), referer: req.get('referer') };
      if (isCrossOriginWrite(req.method, headers, appOrigin, allowedOrigins)) return refuse(req, res, 403, 'errors.crossSite');
    }
    const body = declaredBody(req.get('content-length'), req.get('transfer-encoding'));
    if (body.kind === 'invalid') return refuse(req, res, 400, 'errors.invalidInput');
    if (body.kind === 'length' && body.bytes > rule.bodyLimit) return refuse(req, res, 413, 'errors.tooLarge', { limit: rule.bodyLimit / MiB });
    if (body.kind !== 'none' && !isSafeMethod(req.method) && !acceptsContentType(rule, req.get('content-type'))) {
      return refuse(req, res, 415, 'errors.unsupportedMediaType');
    }
    localsOf(res).bodyLimit = rule.bodyLimit;
    localsOf(res).largeBody = rule.bodyLimit > ORDINARY_BODY_LIMIT && (body.kind === 'chunked' || (body.kind === 'length' && body.bytes > ORDINARY_BODY_LIMIT));
    next();
  };

  /** Everything that runs before static files and Remix, in order. */
  const before: RequestHandler[] = [identify, securityHeaders, hstsOverTls, guard];

  /** The Remix handler (in place of @remix-run/express's): a limited body in, our header rules out. */
  function remix(opts: { build: ServerBuild | (() => Promise<ServerBuild>); mode: string }): RequestHandler {
    const handle = createRequestHandler(opts.build, opts.mode);
    return async (req, res, next) => {
      let release = () => {};
      try {
        const locals = localsOf(res);
        // Until its turn the body stays in the socket (the kernel holds it, not this process).
        if (locals.largeBody) {
          release = await uploadSlots.acquire();
          // Gone while waiting (the client, or Node's request timeout): nothing to read or answer.
          if (req.destroyed || res.destroyed) return;
        }
        const request = remixRequest(req, res, locals.bodyLimit, () => refuse(req, res, 413, 'errors.tooLarge', { limit: locals.bodyLimit / MiB }));
        const response = await handle(request, { requestId: locals.requestId, clientIp: req.ip || 'unknown', cspNonce: locals.cspNonce });
        // Already answered (413 while reading the body, or the client went away): drop Remix's answer.
        if (res.headersSent || res.destroyed) {
          await response.body?.cancel().catch(() => {});
          return;
        }
        await sendRemixResponse(req, res, response);
      } catch (error) {
        // After the 413 (Remix then rejects with the abort reason), a client that went away, or an
        // error mid-stream (the response was destroyed with it) there is nothing left to answer.
        if (res.headersSent || res.destroyed) {
          const cancelled = error instanceof BodyTooLarge || (error instanceof Error && error.name === 'AbortError');
          if (!cancelled) console.error(error);
          return;
        }
        next(error);
      } finally {
        release();
      }
    };
  }

  /** Last in the chain: an error Express caught becomes the bilingual 500 page, with our headers. */
  const errors: ErrorRequestHandler = (error, req, res, _next) => {
    console.error(error);
    if (res.headersSent) {
      req.socket.destroy();
      return;
    }
    refuse(req, res, 500, 'errors.server');
  };

  return { trustProxy: env().TRUST_PROXY, before, remix, errors };
}

/** True while part of the request's body is still on the wire, unread. */
function bodyUnread(req: IncomingMessage): boolean {
  return declaredBody(req.headers['content-length'], req.headers['transfer-encoding']).kind !== 'none' && !req.complete;
}

/**
 * A refusal page in both languages. The connection is closed after it when the body has not been
 * read: otherwise Node would read and discard the rest of it to keep the connection alive.
 */
function refuse(req: ExpressRequest, res: ExpressResponse, status: number, key: MessageKey, params: Record<string, number> = {}) {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  if (bodyUnread(req)) closeAfterAnswer(req, res);
  res
    .status(status)
    .type('html')
    .send(refusalPage(status, key, params));
}

/**
 * How many bodies larger than an ordinary form (uploads of up to 21 MB, which the action holds in
 * memory) are read at once; the others wait their turn. This is what keeps memory flat when many
 * large uploads arrive together, whoever sends them.
 */
export const LARGE_BODY_READERS = 2;

class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(n: number) {
    this.free = n;
  }
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

const uploadSlots = new Slots(LARGE_BODY_READERS);

/** After a refusal, what may still be read (and thrown away) so that the client reads the answer. */
const LINGER_MS = 3_000;
// Read and thrown away, so memory stays flat; bounded so a refused client cannot keep us busy.
const LINGER_BYTES = 128 * MiB;

/**
 * Close the connection after this answer without reading the rest of the body. Closing at once
 * with unread bytes makes the kernel send a reset, and a client still sending (a browser uploading,
 * Node's http client) then often loses the answer with it. So, as nginx's lingering close does, the
 * answer is followed by a FIN, what still comes is read and discarded for a moment (3 s, 128 MB at
 * most: never the hundreds of MB that may follow), and then the socket is destroyed. (With 4 MB a
 * loaded machine's client was still sending when the reset came, and lost the 413; with 64 MB / 2 s,
 * one of twenty concurrent chunked uploads on two cores had sent 86 MB before it read its answer.)
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('Connection', 'close');
  const socket = req.socket as Socket & { destroySoon?: () => void };
  // Node calls destroySoon once a `Connection: close` answer is written.
  socket.destroySoon = () => {
    let budget = LINGER_BYTES;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
    req.on('data', (chunk: Buffer) => {
      budget -= chunk.byteLength;
      if (budget <= 0) socket.destroy();
    });
    req.resume();
    socket.end();
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function refusalPage(status: number, key: MessageKey, params: Record<string, number> = {}): string {
  const part = (locale: 'zh-CN' | 'en') => {
    const t = translator(locale);
    return `<h1>${escapeHtml(t('errors.title', { status }))}</h1><p>${escapeHtml(t(key, params))}</p><p><a href="/">${escapeHtml(t('errors.home'))}</a></p>`;
  };
  const title = `${translator('zh-CN')('errors.title', { status })} · ${translator('en')('errors.title', { status })}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main>${part('zh-CN')}<hr><div lang="en">${part('en')}</div></main></body></html>`;
}

/** As @remix-run/express's createRemixRequest, with the body counted as it is read. */
function remixRequest(req: ExpressRequest, res: ExpressResponse, limit: number, onTooLarge: () => void): Request {
  const [, forwardedPort] = req.get('X-Forwarded-Host')?.split(':') ?? [];
  const [, hostPort] = req.get('host')?.split(':') ?? [];
  const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? '', 10)).find(Number.isSafeInteger);
  // req.hostname honours trust proxy (X-Forwarded-Host); req.originalUrl keeps the full path.
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`);
  let controller: AbortController | null = new AbortController();
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value) headers.set(key, value);
  }
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    init.body = limitedBody(req, limit, () => {
      // Aborted first, so Remix treats the failed read as a cancelled request (no error log).
      controller?.abort(new BodyTooLarge(limit));
      onTooLarge();
    });
    init.duplex = 'half';
  }
  // The action or loader is cancelled when the answer can no longer be written.
  res.on('finish', () => (controller = null));
  res.on('close', () => controller?.abort());
  return new Request(url.href, init);
}

/**
 * The request body as a web stream that errors once more than `limit` bytes have come, and reads
 * no further: the socket is paused (backpressure), the rest stays on the wire until the connection
 * is closed after the 413.
 */
export function limitedBody(req: IncomingMessage, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  let settled = false;
  let detach = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          detach();
          fn();
        };
        const onData = (chunk: Buffer) => {
          seen += chunk.byteLength;
          if (seen > limit) {
            req.pause();
            finish(() => controller.error(new BodyTooLarge(limit)));
            onTooLarge();
            return;
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => finish(() => controller.close());
        const onError = (e: Error) => finish(() => controller.error(e));
        const onClose = () => finish(() => (req.complete ? controller.close() : controller.error(new Error('request body cut off by the client'))));
        if (req.readableEnded) return onEnd();
        if (req.destroyed) return onError(new Error('request body cut off by the client'));
        req.on('data', onData);
        req.once('end', onEnd);
        req.once('error', onError);
        req.once('close', onClose);
        detach = () => {
          req.off('data', onData);
          req.off('end', onEnd);
          req.off('error', onError);
          req.off('close', onClose);
        };
      },
      pull() {
        if (!settled) req.resume();
      },
      cancel() {
        settled = true;
        detach();
        req.pause();
      },
    },
    { highWaterMark: 256 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** As @remix-run/express's sendRemixResponse, with the route's headers replacing the edge's defaults. */
async function sendRemixResponse(req: ExpressRequest, res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.append('Set-Cookie', cookies);
  // A route's own caching never outranks no-store for a signed-in person.
  const cacheControl = forcedCacheControl(req.path, localsOf(res).signedIn);
  if (cacheControl) res.setHeader('Cache-Control', cacheControl);
  if (bodyUnread(req)) closeAfterAnswer(req, res);
  if (/text\/event-stream/i.test(response.headers.get('Content-Type') ?? '')) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
