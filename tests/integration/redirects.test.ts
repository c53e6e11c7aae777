import { describe, expect, it } from 'vitest';
import * as lang from '~/routes/lang';
import * as login from '~/routes/login';
import { callRoute, cookieFor } from '../support/routes';
import { setupTestDb } from '../support/db';

/**
 * Issue 8: `next=/\t/evil.example` on sign-in and the language switch became `Location: /\t/evil.example`,
 * which browsers follow to another site. Every probe must land on our home page instead.
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
  it.each(PROBES)('sign-in with next=%j goes home', async (next) => {
    const r = await callRoute(login.action, { url: '/login', form: { identifier: 'org@demo.cn', password: 'Demo@2026pass', next } });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/');
    expect(r.headers.get('Set-Cookie')).toMatch(/^sid=/);
  });

  it.each(PROBES)('the sign-in page of a signed-in person with next=%j goes home, and the form carries "/"', async (next) => {
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const signedIn = await callRoute(login.loader, { url: `/login?next=${encodeURIComponent(next)}`, cookie });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get('Location')).toBe('/');
    const visitor = await callRoute(login.loader, { url: `/login?next=${encodeURIComponent(next)}` });
    expect(visitor.data).toMatchObject({ next: '/' });
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
});
