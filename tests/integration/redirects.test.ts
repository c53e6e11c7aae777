import { describe, expect, it } from 'vitest';
import * as lang from '~/routes/lang';
import * as login from '~/routes/login';
import { callRoute, cookieFor } from '../support/routes';
import { setupTestDb } from '../support/db';

/**
 * Issue 8: `next=/\t/evil.example` on sign-in and the language switch became `Location: /\t/evil.example`,
 * which browsers follow to another site. Every probe must land on our own page instead: the workspace
 * after signing in (issue 11), the home page after a language switch.
 */
const t = setupTestDb();

const PROBES = [
  '/\t/evil.example',
  '/\r/evil.example',
  '/\n/evil.example',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
];

describe('sign-in and the language switch redirect only within the app', () => {
  it.each(PROBES)('sign-in with next=%j lands on the workspace', async (next) => {
    const r = await callRoute(login.action, { url: '/login', form: { identifier: 'org@demo.cn', password: 'Demo@2026pass', next } });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/workspace');
    expect(r.headers.get('Set-Cookie')).toMatch(/^sid=/);
  });

  it.each(PROBES)('the sign-in page of a signed-in person with next=%j goes to the workspace, and the form carries it', async (next) => {
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const signedIn = await callRoute(login.loader, { url: `/login?next=${encodeURIComponent(next)}`, cookie });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('Location')).toBe('/workspace');
    const visitor = await callRoute(login.loader, { url: `/login?next=${encodeURIComponent(next)}` });
    expect(visitor.data).toMatchObject({ next: '/workspace' });
  });

  it.each(PROBES)('the language switch with next=%j goes home', async (next) => {
    const r = await callRoute(lang.action, { url: '/lang', form: { locale: 'en', next } });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/');
  });

  it('a path of the app is followed, with its query', async () => {
    const r = await callRoute(login.action, {
      url: '/login',
      form: { identifier: 'org@demo.cn', password: 'Demo@2026pass', next: '/projects?status=published' },
    });
    expect(r.headers.get('Location')).toBe('/projects?status=published');
    const l = await callRoute(lang.action, { url: '/lang', form: { locale: 'en', next: '/orgs?q=舞蹈' } });
    expect(l.headers.get('Location')).toBe('/orgs?q=%E8%88%9E%E8%B9%88');
  });

  it('signing in with nothing asked for, or from the home page, lands on the workspace (issue 11)', async () => {
    for (const next of [undefined, '/']) {
      const form: Record<string, string> = { identifier: 'committee@demo.cn', password: 'Demo@2026pass' };
      if (next !== undefined) form.next = next;
      const r = await callRoute(login.action, { url: '/login', form });
      expect(r.status, String(next)).toBe(302);
      expect(r.headers.get('Location'), String(next)).toBe('/workspace');
      expect(r.headers.get('Set-Cookie')).toMatch(/^sid=/);
    }
    const visitor = await callRoute(login.loader, { url: '/login' });
    expect(visitor.data).toMatchObject({ next: '/workspace' });
  });
});
