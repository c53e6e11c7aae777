import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, filingApplications, organizations } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import * as newFiling from '~/routes/filings.new';
import * as filingPage from '~/routes/filings.$id';
import * as filingsIndex from '~/routes/filings._index';
import * as orgPage from '~/routes/orgs.$id';
import * as orgsIndex from '~/routes/orgs._index';
import * as regionPage from '~/routes/regions.$code';
import * as login from '~/routes/login';
import * as healthz from '~/routes/healthz';
import * as audit from '~/routes/audit';
import { callRoute, cookieFor } from '../support/routes';
import { setupTestDb } from '../support/db';

const t = setupTestDb();
const count = async (table: typeof filingApplications | typeof auditEvents) => (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
let leader: string, committee: string, station: string, org: string, bureau: string;

const goodFiling = {
  name: '永松社区京剧票友会',
  regionCode: '610113001002',
  serviceCategories: ['culture'],
  beneficiaryGroups: ['allResidents', 'emptyNestElderly'],
  leaderName: '马兰',
  contactPhone: '13900002222',
  foundedOn: '2024-05-01',
  memberCount: '12',
  charter: '本会由京剧爱好者自愿组成，每周在社区活动室排练，重大节日为居民义务演出。',
  rules: '',
};

beforeAll(async () => {
  [leader, committee, station, org, bureau] = (await Promise.all(
    ['leader@demo.cn', 'committee@demo.cn', 'station@demo.cn', 'org@demo.cn', 'bureau@demo.cn'].map((e) => cookieFor(t.db, e)),
  )) as [string, string, string, string, string];
});

describe('bad input: a translated message per field, status 400, nothing written', () => {
  it('an empty filing form', async () => {
    const [apps, events] = [await count(filingApplications), await count(auditEvents)];
    const r = await callRoute(newFiling.action, { url: '/filings/new', cookie: leader, form: { regionCode: '610113001002' } });
    expect(r.status).toBe(400);
    const data = r.data as { fieldErrors: Record<string, string> };
    expect(data.fieldErrors).toMatchObject({
      name: 'errors.required',
      serviceCategories: 'filing.errors.categories',
      beneficiaryGroups: 'filing.errors.beneficiaries',
      contactPhone: 'errors.required',
      charter: 'errors.required',
    });
    expect(await count(filingApplications)).toBe(apps);
    expect(await count(auditEvents)).toBe(events);
  });

  it('wrong values: a bad phone, a future founding date, too few members, an unknown category, a street instead of a community', async () => {
    const apps = await count(filingApplications);
    const r = await callRoute(newFiling.action, {
      url: '/filings/new',
      cookie: leader,
      form: {
        ...goodFiling,
        contactPhone: '12345',
        foundedOn: '2999-01-01',
        memberCount: '2',
        serviceCategories: ['culture', 'astrology'],
        regionCode: '610113001',
      },
    });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors).toMatchObject({
      contactPhone: 'errors.phone',
      foundedOn: 'filing.errors.foundedOn',
      memberCount: 'filing.errors.members',
      serviceCategories: 'errors.invalid',
      regionCode: 'filing.errors.community',
    });
    expect(await count(filingApplications)).toBe(apps);
  });

  it('a return without a reason', async () => {
    const [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.status, 'submitted')).limit(1);
    const r = await callRoute(filingPage.action, {
      url: `/filings/${app!.id}`,
      cookie: committee,
      params: { id: app!.id },
      form: { intent: 'return', reason: '' },
    });
    expect(r.status).toBe(400);
    const [after] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, app!.id));
    expect(after!.status).toBe('submitted');
  });

  it('a registration with a wrong USCC check character', async () => {
    const [o] = await t.db.select().from(organizations).where(eq(organizations.legalStatus, 'filed')).limit(1);
    const r = await callRoute(orgPage.action, {
      url: `/orgs/${o!.id}`,
      cookie: bureau,
      params: { id: o!.id },
      form: { intent: 'register', uscc: '91350100M000100Y44', registeredOn: '2026-01-01' },
    });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors.uscc).toBe('org.errors.uscc.checkCharacter');
    const [after] = await t.db.select().from(organizations).where(eq(organizations.id, o!.id));
    expect(after!.legalStatus).toBe('filed');
  });
});

describe('every route decides who may do what on the server', () => {
  it('a good application goes through the route and lands in the committee queue', async () => {
    const r = await callRoute(newFiling.action, { url: '/filings/new', cookie: leader, form: goodFiling });
    expect(r.status).toBe(302);
    const id = r.headers.get('Location')!.split('/')[2]!.split('?')[0]!;
    const queue = await callRoute(filingsIndex.loader, { url: '/filings', cookie: committee });
    expect((queue.data as { queue: { id: string }[] }).queue.map((q) => q.id)).toContain(id);
    const stationQueue = await callRoute(filingsIndex.loader, { url: '/filings', cookie: station });
    expect((stationQueue.data as { queue: { id: string }[] }).queue.map((q) => q.id)).not.toContain(id);
  });

  it('the applicant cannot pass their own application (403), and another user cannot even read it', async () => {
    const [app] = await t.db.select().from(filingApplications).where(eq(filingApplications.status, 'submitted')).limit(1);
    const pass = await callRoute(filingPage.action, { url: `/filings/${app!.id}`, cookie: leader, params: { id: app!.id }, form: { intent: 'pass' } });
    expect(pass.status).toBe(403);
    const read = await callRoute(filingPage.loader, { url: `/filings/${app!.id}`, cookie: org, params: { id: app!.id } });
    expect(read.status).toBe(403);
    const [after] = await t.db.select().from(filingApplications).where(eq(filingApplications.id, app!.id));
    expect(after!.status).toBe('submitted');
  });

  it('visitors are sent to sign in, not shown private pages', async () => {
    const r = await callRoute(filingsIndex.loader, { url: '/filings' });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/login?next=%2Ffilings');
    const a = await callRoute(audit.loader, { url: '/audit', cookie: bureau });
    expect(a.status).toBe(403);
  });

  it('the region page refuses a type correction from a committee and accepts it from the county bureau', async () => {
    const form = { communityType: 'rural', reason: '实为村改居过渡社区' };
    const refused = await callRoute(regionPage.action, { url: `/regions/${DEMO.community}`, cookie: committee, params: { code: DEMO.community }, form });
    expect(refused.status).toBe(403);
    const ok = await callRoute(regionPage.action, { url: `/regions/${DEMO.community}`, cookie: bureau, params: { code: DEMO.community }, form });
    expect(ok.status).toBe(200);
    const page = await callRoute(regionPage.loader, { url: `/regions/${DEMO.community}`, params: { code: DEMO.community } });
    expect((page.data as { region: { communityType: string; communityTypeReason: string } }).region).toMatchObject({
      communityType: 'rural',
      communityTypeReason: 'corrected',
    });
  });
});

describe('public pages and plumbing', () => {
  it('the directory filters by region prefix, kind and category', async () => {
    const r = await callRoute(orgsIndex.loader, { url: `/orgs?r1=6101&r2=610113&category=culture` });
    const data = r.data as { rows: { name: string; serviceCategories: string[] }[]; total: number };
    expect(data.total).toBeGreaterThan(0);
    expect(data.rows.every((o) => o.serviceCategories.includes('culture'))).toBe(true);
    const elsewhere = await callRoute(orgsIndex.loader, { url: `/orgs?region=6102` });
    expect((elsewhere.data as { total: number }).total).toBe(0);
    const hubs = await callRoute(orgsIndex.loader, { url: `/orgs?kind=hub` });
    expect((hubs.data as { rows: { name: string }[] }).rows.map((o) => o.name)).toEqual(['小寨路街道社区社会组织联合会']);
  });

  it('the region page counts organizations in each child subtree', async () => {
    const r = await callRoute(regionPage.loader, { url: '/regions/6101', params: { code: '6101' } });
    const children = (r.data as { children: { code: string; orgs: number; urbanCommunities: number }[] }).children;
    expect(children.find((c) => c.code === '610113')!.orgs).toBeGreaterThanOrEqual(6);
    expect(children.find((c) => c.code === '610102')!.orgs).toBe(0);
    expect(children.find((c) => c.code === '610113')!.urbanCommunities).toBeGreaterThan(50);
    const full = await callRoute(regionPage.loader, { url: '/regions/610113000000', params: { code: '610113000000' } });
    expect(full.status).toBe(302);
  });

  it('sign-in sets an HttpOnly, SameSite=Lax cookie; a wrong password answers 400', async () => {
    const ok = await callRoute(login.action, { url: '/login', form: { identifier: 'hub@demo.cn', password: 'Demo@2026pass', next: '/orgs' } });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('Location')).toBe('/orgs');
    expect(ok.headers.get('Set-Cookie')).toMatch(/^sid=[a-z2-7]{32}; Path=\/; SameSite=Lax; Max-Age=43200; HttpOnly/);
    const bad = await callRoute(login.action, { url: '/login', form: { identifier: 'hub@demo.cn', password: 'nope', next: 'https://evil.example/' } });
    expect(bad.status).toBe(400);
    const open = await callRoute(login.action, { url: '/login', form: { identifier: 'hub@demo.cn', password: 'Demo@2026pass', next: '//evil.example/' } });
    expect(open.headers.get('Location')).toBe('/workspace');
  });

  it('/healthz reports the database kind and no pending migration', async () => {
    const r = await healthz.loader();
    const body = (await r.json()) as { ok: boolean; database: string; migrations: { applied: number; pending: string[] } };
    expect(body).toMatchObject({ ok: true, database: t.handle.kind, migrations: { pending: [] } });
    expect(body.migrations.applied).toBeGreaterThanOrEqual(2);
  });
});
