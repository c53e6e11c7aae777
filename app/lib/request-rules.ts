import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';

/**
 * What the HTTP edge (app/lib/edge.server.ts, run by server.js before Remix) asks of a request, per
 * route: how large its body may be, which content types its action takes, whether the cross-site
 * check applies, and which answers must not be cached. Pure, so the table is tested on its own.
 */

export const MiB = 1024 * 1024;

/** Every form of the app fits easily: the longest is a bid's plan, a few thousand characters. */
export const ORDINARY_BODY_LIMIT = 1 * MiB;

/**
 * A deliverable's attachments (MAX_ATTACHMENT_BYTES, 20 MB, in all), or one bid or filing document,
 * plus room for the multipart envelope and the report typed beside them.
 */
export const UPLOAD_BODY_LIMIT = MAX_ATTACHMENT_BYTES + 1 * MiB;

export const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'] as const;

export interface RouteRule {
  /** Bytes of body read at most; a longer body is cut off with 413. */
  bodyLimit: number;
  /** Media types the route's action takes (415 otherwise); checked only when there is a body. */
  contentTypes: readonly string[];
  /** Whether a state-changing request must come from the app's own pages (app/lib/origin.ts). */
  checkOrigin: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * Pages that take files (as a document post or a single-fetch `.data` post): the contract page
 * (deliverables), a project's bid page and a filing application's page (their documents, ADR 019).
 * Ids are UUIDs, so `/filings/new` keeps the ordinary limit.
 */
const UUID = '[0-9a-fA-F-]{36}';
const UPLOAD_PATHS = [
  /^\/contracts\/[^/.]+(?:\.data)?\/?$/,
  new RegExp(`^/projects/${UUID}/bid(?:\\.data)?/?$`),
  new RegExp(`^/filings/${UUID}(?:\\.data)?/?$`),
];

const STRIPE_WEBHOOK = '/webhooks/stripe';

/**
 * The rule for one request. `signedIn` is whether it carries a session cookie: only a signed-in
 * person may upload, so an anonymous body is held to the ordinary limit everywhere (the route
 * itself then checks the session before it reads the body).
 */
export function ruleFor(method: string, pathname: string, signedIn: boolean): RouteRule {
  const m = method.toUpperCase();
  if (m === 'POST' && pathname === STRIPE_WEBHOOK) {
    // Stripe sends neither Origin, Sec-Fetch-Site nor Referer, and no cookie: the Stripe-Signature
    // header over the raw JSON body is its authorization (app/routes/webhooks.stripe.ts), so the
    // cross-site check does not apply. Stripe's events are a few kilobytes.
    return { bodyLimit: ORDINARY_BODY_LIMIT, contentTypes: ['application/json'], checkOrigin: false };
  }
  if (signedIn && !isSafeMethod(m) && UPLOAD_PATHS.some((p) => p.test(pathname))) {
    return { bodyLimit: UPLOAD_BODY_LIMIT, contentTypes: FORM_TYPES, checkOrigin: true };
  }
  return { bodyLimit: ORDINARY_BODY_LIMIT, contentTypes: FORM_TYPES, checkOrigin: !isSafeMethod(m) };
}

/** `multipart/form-data; boundary=…` → `multipart/form-data`. */
export function mediaType(contentType: string | undefined | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function acceptsContentType(rule: RouteRule, contentType: string | undefined | null): boolean {
  return rule.contentTypes.includes(mediaType(contentType));
}

/**
 * What the headers say about the body: its declared length, or `chunked` when it comes without one
 * (counted as it streams), or none.
 */
export type DeclaredBody = { kind: 'none' } | { kind: 'length'; bytes: number } | { kind: 'chunked' } | { kind: 'invalid' };

export function declaredBody(contentLength: string | undefined, transferEncoding: string | undefined): DeclaredBody {
  if (transferEncoding) return { kind: 'chunked' };
  if (contentLength === undefined) return { kind: 'none' };
  if (!/^\d{1,16}$/.test(contentLength.trim())) return { kind: 'invalid' };
  const bytes = Number(contentLength.trim());
  return bytes === 0 ? { kind: 'none' } : { kind: 'length', bytes };
}

export const SESSION_COOKIE = 'sid';

/** Whether the request carries a (non-empty) session cookie; the edge does not look it up. */
export function carriesSession(cookieHeader: string | undefined | null): boolean {
  if (!cookieHeader) return false;
  return cookieHeader.split(';').some((part) => {
    const eq = part.indexOf('=');
    return eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE && part.slice(eq + 1).trim() !== '';
  });
}

/** Vite's content-hashed build output: the same URL never changes, so caching it is safe for anyone. */
export function isHashedAsset(pathname: string): boolean {
  return pathname.startsWith('/assets/');
}

export const NO_STORE = 'private, no-store';

/**
 * Cache-Control forced on an answer, or null to leave it to the route: nothing shown to a signed-in
 * person (pages, `.data` answers, CSV exports, attachments) may be kept by a browser or a proxy.
 */
export function forcedCacheControl(pathname: string, signedIn: boolean): string | null {
  return signedIn && !isHashedAsset(pathname) ? NO_STORE : null;
}

/**
 * The Content-Security-Policy, as helmet's directives. `nonceSource` is this request's `'nonce-…'`
 * source (for helmet, a function of the request giving it). Scripts run only from our origin or with the nonce
 * (Remix's inline hand-off scripts carry it); inline style attributes stay allowed because pages use
 * them. In development Vite's HMR client also talks over a WebSocket on its own port (ws:), which
 * is the only relaxation.
 */
export function cspDirectives<N>(nonceSource: N, development: boolean): Record<string, Array<string | N>> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'none'"],
    'script-src': ["'self'", nonceSource],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': development ? ["'self'", 'ws:'] : ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'object-src': ["'none'"],
  };
}
