/**
 * Cross-site request forgery guard for state-changing requests (anything but GET, HEAD, OPTIONS):
 * the request must show that it comes from one of our own pages, by scheme, host and port.
 *
 * - `Origin` (every current browser sends it on a POST) must be the app's origin or one listed in
 *   ALLOWED_ORIGINS. `Origin: null` (sandboxed frames, some redirects, file://) is refused.
 * - Where a browser sends no Origin, `Sec-Fetch-Site: same-origin`, or else a `Referer` of our
 *   origin, will do (our pages send Referrer-Policy: same-origin, so our own Referer is there).
 * - A request with none of these is refused: a browser always sends one of them, and a script that
 *   posts without them can add them (it does not carry our users' cookies by accident).
 * - A `Sec-Fetch-Site` naming another site (cross-site, same-site, none) is refused whatever else
 *   the request says: it is what the browser itself saw.
 *
 * Exemptions (the Stripe webhook) are decided per route in app/lib/request-rules.ts.
 */

export interface WriteHeaders {
  origin?: string | null;
  secFetchSite?: string | null;
  referer?: string | null;
}

/** `scheme://host[:port]` of a URL, normalised (default ports dropped, host lower-cased); null if it is none. */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** The app's own origin as this request reached it: its scheme (X-Forwarded-Proto from a trusted proxy) and Host. */
export function appOriginOf(protocol: string, host: string | null | undefined): string | null {
  if (!host) return null;
  // A Host with a path, user info or query is not a host: refuse rather than let URL reinterpret it.
  if (/[/\\@?#\s]/.test(host)) return null;
  return originOf(`${protocol}://${host}`);
}

export function isCrossOriginWrite(method: string, headers: WriteHeaders, appOrigin: string | null, allowedOrigins: readonly string[] = []): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  const ours = (origin: string | null | undefined) => !!origin && (origin === appOrigin || allowedOrigins.includes(origin));
  if (headers.secFetchSite && headers.secFetchSite !== 'same-origin') return true;
  // Compared as sent: a browser serialises Origin (no default port, lower-case host), like appOrigin.
  if (headers.origin) return !ours(headers.origin);
  if (headers.secFetchSite === 'same-origin') return false;
  return !ours(originOf(headers.referer));
}
