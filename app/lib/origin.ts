/**
 * Cross-site request forgery guard for every non-GET request: a browser sends Origin (or at least
 * Sec-Fetch-Site) with a form POST; when it names another site we refuse with 403. Requests with
 * neither header come from non-browser clients, which carry no cookies of our users by accident.
 */
export function isCrossOriginWrite(
  method: string,
  headers: { origin?: string | null; host?: string | null; secFetchSite?: string | null },
  allowedOrigins: readonly string[] = [],
): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return false;
  if (headers.secFetchSite && !['same-origin', 'none'].includes(headers.secFetchSite)) {
    if (!(headers.origin && allowedOrigins.includes(headers.origin))) return true;
  }
  if (!headers.origin) return false;
  if (headers.origin === 'null') return true;
  if (allowedOrigins.includes(headers.origin)) return false;
  try {
    return new URL(headers.origin).host !== headers.host;
  } catch {
    return true;
  }
}
