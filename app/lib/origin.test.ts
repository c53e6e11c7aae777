import { describe, expect, it } from 'vitest';
import { appOriginOf, isCrossOriginWrite } from './origin';

const APP = 'http://localhost:3000';
const refused = (headers: Parameters<typeof isCrossOriginWrite>[1], method = 'POST', allowed: string[] = []) =>
  isCrossOriginWrite(method, headers, APP, allowed);

describe('the app origin is the scheme the request came by and its Host', () => {
  it('scheme, host and port, default ports dropped', () => {
    expect(appOriginOf('http', 'localhost:3000')).toBe('http://localhost:3000');
    expect(appOriginOf('https', 'MZ.Example:443')).toBe('https://mz.example');
    expect(appOriginOf('http', 'mz.example:80')).toBe('http://mz.example');
  });
  it('a Host that is not a host gives no origin (and so every write is refused)', () => {
    expect(appOriginOf('http', undefined)).toBeNull();
    expect(appOriginOf('http', 'evil.example/x')).toBeNull();
    expect(appOriginOf('http', 'user@evil.example')).toBeNull();
    expect(isCrossOriginWrite('POST', { origin: 'http://evil.example' }, null)).toBe(true);
  });
});

describe('state-changing requests must come from our own pages', () => {
  it('reads are never refused', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(refused({ origin: 'https://evil.example', secFetchSite: 'cross-site' }, m)).toBe(false);
  });

  it('our own Origin passes, for every state-changing method', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(refused({ origin: APP, secFetchSite: 'same-origin' }, m)).toBe(false);
    expect(refused({ origin: APP })).toBe(false);
  });

  it('another site, a subdomain, another port or another scheme in Origin is refused', () => {
    expect(refused({ origin: 'https://evil.example' })).toBe(true);
    expect(refused({ origin: 'http://a.localhost:3000' })).toBe(true);
    expect(refused({ origin: 'http://localhost:3001' })).toBe(true);
    // The gap of issue 8: https://host was accepted for an http://host app.
    expect(refused({ origin: 'https://localhost:3000' })).toBe(true);
    expect(isCrossOriginWrite('POST', { origin: 'http://mz.example' }, 'https://mz.example')).toBe(true);
  });

  it('Origin: null and a malformed Origin are refused', () => {
    expect(refused({ origin: 'null' })).toBe(true);
    expect(refused({ origin: 'null', secFetchSite: 'same-origin' })).toBe(true);
    expect(refused({ origin: 'localhost:3000' })).toBe(true);
    expect(refused({ origin: 'http://localhost:3000/' })).toBe(true);
  });

  it('no Origin, no Sec-Fetch-Site and no Referer is refused (the gap of issue 8: it passed)', () => {
    expect(refused({})).toBe(true);
    expect(refused({ origin: '', secFetchSite: '', referer: '' })).toBe(true);
  });

  it('without Origin, Sec-Fetch-Site: same-origin passes and any other value is refused', () => {
    expect(refused({ secFetchSite: 'same-origin' })).toBe(false);
    for (const s of ['cross-site', 'same-site', 'none']) expect(refused({ secFetchSite: s }), s).toBe(true);
  });

  it('a Sec-Fetch-Site naming another site is refused even with our Origin or Referer', () => {
    expect(refused({ origin: APP, secFetchSite: 'cross-site' })).toBe(true);
    expect(refused({ referer: `${APP}/projects`, secFetchSite: 'same-site' })).toBe(true);
  });

  it('without Origin, a Referer of our origin passes; a foreign Referer alone is refused (the gap of issue 8)', () => {
    expect(refused({ referer: `${APP}/projects/1?x=1` })).toBe(false);
    expect(refused({ referer: 'https://evil.example/page' })).toBe(true);
    expect(refused({ referer: 'https://localhost:3000/page' })).toBe(true);
    expect(refused({ referer: 'http://localhost:3000.evil.example/' })).toBe(true);
    expect(refused({ referer: 'not a url' })).toBe(true);
  });

  it('a foreign Origin is refused even with our Referer', () => {
    expect(refused({ origin: 'https://evil.example', referer: `${APP}/` })).toBe(true);
  });

  it('ALLOWED_ORIGINS (a proxy that rewrites Host) pass, as Origin or as Referer, and only they', () => {
    const allowed = ['https://mz.shaanxi.example'];
    expect(isCrossOriginWrite('POST', { origin: 'https://mz.shaanxi.example' }, 'http://app:3000', allowed)).toBe(false);
    expect(isCrossOriginWrite('POST', { referer: 'https://mz.shaanxi.example/x' }, 'http://app:3000', allowed)).toBe(false);
    expect(isCrossOriginWrite('POST', { origin: 'http://mz.shaanxi.example' }, 'http://app:3000', allowed)).toBe(true);
    expect(isCrossOriginWrite('POST', { origin: 'https://evil.example' }, 'http://app:3000', allowed)).toBe(true);
  });
});
