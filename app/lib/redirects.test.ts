import { describe, expect, it } from 'vitest';
import { afterSignIn, safeNext } from './redirects';

const APP = 'http://localhost:3000';

describe('after sign-in or a language switch, only a path of this app is followed', () => {
  it('our own paths are kept (normalised), with their query and fragment', () => {
    expect(safeNext('/projects', APP)).toBe('/projects');
    expect(safeNext('/orgs?q=舞蹈&page=2#list', APP)).toBe('/orgs?q=%E8%88%9E%E8%B9%88&page=2#list');
    expect(safeNext('/a/../workspace', APP)).toBe('/workspace');
    expect(safeNext('/', APP)).toBe('/');
  });

  it.each([
    ['tab', '/\t/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['line feed', '/\n/evil.example'],
    ['tab inside the slashes', '/\t\t/evil.example/path'],
    ['protocol-relative', '//evil.example'],
    ['protocol-relative with a path', '//evil.example/login'],
    ['backslash', '/\\evil.example'],
    ['two backslashes', '/\\\\evil.example'],
    ['absolute https', 'https://evil.example'],
    ['absolute http to our host name on another port', 'http://localhost:4000/'],
    ['our host over another scheme', 'https://localhost:3000/'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['relative without a slash', 'evil.example'],
    ['empty', ''],
  ])('%s goes home', (_name, raw) => {
    expect(safeNext(raw, APP)).toBe('/');
  });

  it('what is not a string goes to the fallback', () => {
    expect(safeNext(null, APP)).toBe('/');
    expect(safeNext(undefined, APP, '/workspace')).toBe('/workspace');
    expect(safeNext(['/x'], APP)).toBe('/');
  });

  it('the answer never carries a control character into a Location header', () => {
    expect(safeNext('/projects\r\nSet-Cookie: x=1', APP)).not.toMatch(/[\r\n\t]/);
  });
});

describe('after sign-in the person lands on their workspace unless a path of the app was asked for', () => {
  it('nothing asked, the home page, or a refused path: the workspace', () => {
    expect(afterSignIn(undefined, APP)).toBe('/workspace');
    expect(afterSignIn('', APP)).toBe('/workspace');
    expect(afterSignIn('/', APP)).toBe('/workspace');
    expect(afterSignIn('//evil.example', APP)).toBe('/workspace');
    expect(afterSignIn('/\t/evil.example', APP)).toBe('/workspace');
  });

  it('a path of the app that was asked for is followed', () => {
    expect(afterSignIn('/projects?status=published', APP)).toBe('/projects?status=published');
    expect(afterSignIn('/contracts', APP)).toBe('/contracts');
  });
});
