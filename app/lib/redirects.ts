/**
 * Where to go after sign-in or a language switch: only a path of this app. `raw` is resolved the
 * way a browser resolves a Location header, with `new URL(raw, appOrigin)` (which drops tabs and
 * line breaks and reads `\` as `/`, so `/\t/evil.example` and `/\evil` are the host evil), and
 * anything that lands on another origin, or is not a plain `/…` path to begin with, goes home.
 * What comes back is the normalised path, never the raw text.
 */
export function safeNext(raw: unknown, appOrigin: string, fallback = '/'): string {
  if (typeof raw !== 'string' || !raw.startsWith('/')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, appOrigin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(appOrigin).origin) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Where a person lands after signing in when nothing else was asked for: what waits for them (issue 11). */
export const LANDING = '/workspace';

/**
 * Where to go after signing in: a path of this app that was asked for (`next`, checked by
 * `safeNext`), else the workspace. The home page counts as nothing asked for: the sign-in link
 * carries the page it was on, and from the home page that is only where the person happened to be.
 */
export function afterSignIn(raw: unknown, appOrigin: string): string {
  const next = safeNext(raw, appOrigin, LANDING);
  return next === '/' ? LANDING : next;
}
