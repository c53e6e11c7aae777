import { describe, expect, it } from 'vitest';
import { isCrossOriginWrite } from './origin';

describe('cross-origin writes are refused', () => {
  it('a POST from another site is refused', () => {
    expect(isCrossOriginWrite('POST', { origin: 'https://evil.example', host: 'localhost:3000' })).toBe(true);
    expect(isCrossOriginWrite('POST', { origin: 'null', host: 'localhost:3000' })).toBe(true);
    expect(isCrossOriginWrite('POST', { secFetchSite: 'cross-site', host: 'localhost:3000' })).toBe(true);
  });
  it('a POST from our own pages passes', () => {
    expect(isCrossOriginWrite('POST', { origin: 'http://localhost:3000', host: 'localhost:3000', secFetchSite: 'same-origin' })).toBe(false);
  });
  it('reads are never refused, and configured origins (a proxy) pass', () => {
    expect(isCrossOriginWrite('GET', { origin: 'https://evil.example', host: 'localhost:3000' })).toBe(false);
    expect(isCrossOriginWrite('POST', { origin: 'https://mz.shaanxi.example', host: 'app:3000' }, ['https://mz.shaanxi.example'])).toBe(false);
  });
  it('a subdomain is another origin', () => {
    expect(isCrossOriginWrite('DELETE', { origin: 'http://a.localhost:3000', host: 'localhost:3000' })).toBe(true);
  });
});
