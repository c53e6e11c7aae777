import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import {
  acceptsContentType,
  carriesSession,
  cspDirectives,
  declaredBody,
  forcedCacheControl,
  mediaType,
  ORDINARY_BODY_LIMIT,
  ruleFor,
  UPLOAD_BODY_LIMIT,
} from './request-rules';

const CONTRACT = '/contracts/0b6c9a3e-6f1e-4b7a-9a59-2f0c1d7e4a10';

describe('body limits per route', () => {
  it('ordinary forms may send 1 MB, an upload the attachment cap plus a margin', () => {
    expect(ORDINARY_BODY_LIMIT).toBe(1024 * 1024);
    expect(UPLOAD_BODY_LIMIT).toBeGreaterThan(MAX_ATTACHMENT_BYTES);
    expect(UPLOAD_BODY_LIMIT - MAX_ATTACHMENT_BYTES).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('the contract page takes an upload from a signed-in person, as a document or a .data post', () => {
    expect(ruleFor('POST', CONTRACT, true).bodyLimit).toBe(UPLOAD_BODY_LIMIT);
    expect(ruleFor('POST', `${CONTRACT}.data`, true).bodyLimit).toBe(UPLOAD_BODY_LIMIT);
    expect(ruleFor('POST', `${CONTRACT}/`, true).bodyLimit).toBe(UPLOAD_BODY_LIMIT);
  });

  it("a bid page and a filing's page take one document (ADR 019), as a document or a .data post", () => {
    const id = '0b6c9a3e-6f1e-4b7a-9a59-2f0c1d7e4a10';
    for (const p of [`/projects/${id}/bid`, `/projects/${id}/bid.data`, `/filings/${id}`, `/filings/${id}.data`]) {
      expect(ruleFor('POST', p, true).bodyLimit, p).toBe(UPLOAD_BODY_LIMIT);
      expect(ruleFor('POST', p, false).bodyLimit, p).toBe(ORDINARY_BODY_LIMIT);
    }
    for (const p of [`/projects/${id}`, `/projects/${id}/edit`, `/projects/${id}/bids/${id}`, `/filings/${id}/edit`, `/attachments/${id}`]) {
      expect(ruleFor('POST', p, true).bodyLimit, p).toBe(ORDINARY_BODY_LIMIT);
    }
  });

  it('an anonymous body is held to 1 MB everywhere, the upload route included', () => {
    expect(ruleFor('POST', CONTRACT, false).bodyLimit).toBe(ORDINARY_BODY_LIMIT);
    expect(ruleFor('POST', '/login', false).bodyLimit).toBe(ORDINARY_BODY_LIMIT);
  });

  it('no other route gets the upload allowance', () => {
    for (const p of [
      '/login',
      '/contracts',
      '/contracts/payments.csv',
      `${CONTRACT}/subcontract/new`,
      '/projects/x/bid',
      '/filings/new',
      '/contracts/x.data.data',
    ]) {
      expect(ruleFor('POST', p, true).bodyLimit, p).toBe(ORDINARY_BODY_LIMIT);
    }
    expect(ruleFor('GET', CONTRACT, true).bodyLimit).toBe(ORDINARY_BODY_LIMIT);
  });
});

describe('content types per route', () => {
  it('actions take urlencoded and multipart forms only', () => {
    const rule = ruleFor('POST', '/login', false);
    expect(acceptsContentType(rule, 'application/x-www-form-urlencoded')).toBe(true);
    expect(acceptsContentType(rule, 'application/x-www-form-urlencoded;charset=UTF-8')).toBe(true);
    expect(acceptsContentType(rule, 'multipart/form-data; boundary=----x')).toBe(true);
    expect(acceptsContentType(rule, 'Multipart/Form-Data; boundary=x')).toBe(true);
    for (const t of ['application/json', 'text/plain', 'application/xml', 'text/html', '', undefined, null]) {
      expect(acceptsContentType(rule, t), String(t)).toBe(false);
    }
  });

  it('the Stripe webhook takes JSON only, and is exempt from the cross-site check', () => {
    const rule = ruleFor('POST', '/webhooks/stripe', false);
    expect(acceptsContentType(rule, 'application/json; charset=utf-8')).toBe(true);
    expect(acceptsContentType(rule, 'application/x-www-form-urlencoded')).toBe(false);
    expect(rule.checkOrigin).toBe(false);
    expect(rule.bodyLimit).toBe(ORDINARY_BODY_LIMIT);
  });

  it('every other state-changing request is checked for its origin, sign-in included', () => {
    for (const p of ['/login', '/signup', '/lang', '/logout', CONTRACT, '/webhooks/stripe.data', '/webhooks/stripe/']) {
      expect(ruleFor('POST', p, false).checkOrigin, p).toBe(true);
    }
    expect(ruleFor('DELETE', '/webhooks/stripe', false).checkOrigin).toBe(true);
    expect(ruleFor('GET', '/login', false).checkOrigin).toBe(false);
  });

  it('mediaType drops parameters and case', () => {
    expect(mediaType(' Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(mediaType(undefined)).toBe('');
  });
});

describe('what the headers say about the body', () => {
  it('a length, chunked, none or a broken length', () => {
    expect(declaredBody('300000000', undefined)).toEqual({ kind: 'length', bytes: 300_000_000 });
    expect(declaredBody(undefined, 'chunked')).toEqual({ kind: 'chunked' });
    expect(declaredBody('0', undefined)).toEqual({ kind: 'none' });
    expect(declaredBody(undefined, undefined)).toEqual({ kind: 'none' });
    expect(declaredBody('12abc', undefined)).toEqual({ kind: 'invalid' });
  });
});

describe('caching', () => {
  it('a session cookie is recognised among others, an empty one is not a session', () => {
    expect(carriesSession('lang=en; sid=abc123')).toBe(true);
    expect(carriesSession('sid=abc')).toBe(true);
    expect(carriesSession('sid=; lang=en')).toBe(false);
    expect(carriesSession('xsid=abc; sidx=1')).toBe(false);
    expect(carriesSession(undefined)).toBe(false);
  });

  it('everything a signed-in person gets is no-store, except the hashed build assets', () => {
    for (const p of ['/', '/workspace', '/contracts/payments.csv', `${CONTRACT}.data`, '/attachments/x', '/healthz', '/favicon.ico']) {
      expect(forcedCacheControl(p, true), p).toBe('private, no-store');
    }
    expect(forcedCacheControl('/assets/root-AbC123.js', true)).toBeNull();
    expect(forcedCacheControl('/projects', false)).toBeNull();
  });
});

describe('the Content-Security-Policy', () => {
  const csp = cspDirectives("'nonce-abc'", false);
  it('scripts only from our origin or with the nonce: never unsafe-inline or unsafe-eval', () => {
    expect(csp['script-src']).toEqual(["'self'", "'nonce-abc'"]);
    expect(csp['script-src-attr']).toEqual(["'none'"]);
    for (const [name, sources] of Object.entries(cspDirectives("'nonce-abc'", true))) {
      if (name.startsWith('script')) expect(sources.join(' '), name).not.toMatch(/unsafe/);
    }
  });
  it('no framing, no plugins, forms only to ourselves', () => {
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
  });
  it('development only adds the HMR WebSocket', () => {
    const dev = cspDirectives("'nonce-abc'", true);
    expect(dev['connect-src']).toEqual(["'self'", 'ws:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect({ ...dev, 'connect-src': null }).toEqual({ ...csp, 'connect-src': null });
  });
});
