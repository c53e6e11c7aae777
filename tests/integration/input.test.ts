import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { bids, organizations, projects } from '#db/schema';
import { db } from '~/lib/db.server';
import { actionOf, loaderOf } from '~/lib/http.server';
import * as login from '~/routes/login';
import * as orgsIndex from '~/routes/orgs._index';
import * as projectPage from '~/routes/projects.$id';
import * as bidPage from '~/routes/projects.$id_.bid';
import * as newProject from '~/routes/projects.new';
import * as regionPage from '~/routes/regions.$code';
import * as lang from '~/routes/lang';
import { setupTestDb } from '../support/db';
import { callRoute, cookieFor, type RouteResult } from '../support/routes';

/** The probes of issue 8 that answered 500: each now answers 4xx with a translated message. */
const t = setupTestDb();
let bureau = '';
let agency = '';

const messageOf = (r: RouteResult) =>
  (r.data as { formError?: { messageKey: string }; messageKey?: string } | null)?.formError?.messageKey ??
  (r.data as { messageKey?: string } | null)?.messageKey;
const fieldErrorsOf = (r: RouteResult) => (r.data as { fieldErrors?: Record<string, string> }).fieldErrors;

beforeAll(async () => {
  [bureau, agency] = await Promise.all([cookieFor(t.db, 'bureau@demo.cn'), cookieFor(t.db, 'agency@demo.cn')]);
});

describe('a body that is not a form', () => {
  const post = (body: BodyInit, headers: Record<string, string>) => callRoute(login.action, { url: '/login', body, headers });

  it('JSON, plain text or a charset other than UTF-8 answers 415', async () => {
    for (const [body, type] of [
      ['{"identifier":"admin@demo.cn","password":"x"}', 'application/json'],
      ['identifier=admin@demo.cn', 'text/plain'],
      ['identifier=admin%40demo.cn', 'application/x-www-form-urlencoded; charset=shift_jis'],
    ] as const) {
      const r = await post(body, { 'Content-Type': type });
      expect(r.status, type).toBe(415);
      expect(messageOf(r)).toBe('errors.form.contentType');
    }
  });

  it('broken multipart answers 400', async () => {
    const r = await post('--XX\r\nContent-Disposition: form-data; name="identifier"\r\n\r\nadmin', { 'Content-Type': 'multipart/form-data; boundary=XX' });
    expect(r.status).toBe(400);
    expect(messageOf(r)).toBe('errors.form.unreadable');
  });

  it('no body and no content type is an empty form: the missing fields are named', async () => {
    const r = await callRoute(login.action, { url: '/login', method: 'POST' });
    expect(r.status).toBe(400);
    expect(fieldErrorsOf(r)).toMatchObject({ identifier: 'errors.required', password: 'errors.required' });
    const withBody = await post(new Uint8Array([1, 2, 3]), {});
    expect(withBody.status).toBe(415);
  });

  it('the language switch (not a loaderOf route) answers the same way', async () => {
    const r = await callRoute(lang.action, { url: '/lang', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(415);
  });
});

describe('control characters and lengths', () => {
  it('NUL in a field is refused beside that field; in a field name, for the whole form', async () => {
    const r = await callRoute(login.action, { url: '/login', form: { identifier: 'admin@demo.cn\u0000', password: 'Demo@2026pass' } });
    expect(r.status).toBe(400);
    expect(fieldErrorsOf(r)).toEqual({ identifier: 'errors.controlCharacters' });
    expect(r.headers.get('Set-Cookie')).toBeNull();
    const name = await callRoute(login.action, { url: '/login', form: { 'identifier\u0000': 'x', password: 'y' } });
    expect(name.status).toBe(400);
    expect(messageOf(name)).toBe('errors.controlCharacters');
  });

  it('a 1 MB sign-in identifier answers 400, not 500', async () => {
    const r = await callRoute(login.action, { url: '/login', form: { identifier: `${'a'.repeat(1 << 20)}@demo.cn`, password: 'Demo@2026pass' } });
    expect(r.status).toBe(400);
    expect(fieldErrorsOf(r)).toMatchObject({ identifier: 'auth.errors.identifier' });
  });

  it('/orgs?q=%00 searches for the rest of what was typed', async () => {
    const r = await callRoute(orgsIndex.loader, { url: '/orgs?q=%E5%A4%95%E9%98%B3%E7%BA%A2%00' });
    expect(r.status).toBe(200);
    expect((r.data as { rows: { name: string }[] }).rows.map((o) => o.name)).toEqual(['永松社区夕阳红舞蹈队']);
    const only = await callRoute(orgsIndex.loader, { url: '/orgs?q=%00&page=%00' });
    expect(only.status).toBe(200);
  });
});

describe('ids, region codes and dates', () => {
  it('36 dashes (or any id that is not a UUID) is a page that does not exist, for loader and action', async () => {
    const id = '-'.repeat(36);
    expect((await callRoute(projectPage.loader, { url: `/projects/${id}`, params: { id } })).status).toBe(404);
    expect((await callRoute(projectPage.action, { url: `/projects/${id}`, params: { id }, cookie: bureau, form: { intent: 'publish' } })).status).toBe(404);
    expect((await callRoute(projectPage.loader, { url: '/projects/x', params: { id: '0f8fad5b-d9cb-469f-a165-70867728950' } })).status).toBe(404);
  });

  it('an id named in a form that is not a UUID is a field error (after signing in)', async () => {
    const [p] = await t.db.select().from(projects).where(eq(projects.status, 'published'));
    const call = (cookie: string | undefined, form: Record<string, string>) =>
      callRoute(bidPage.action, { url: `/projects/${p!.id}/bid`, params: { id: p!.id }, cookie, form });
    const bid = await call(agency, { organizationId: '-'.repeat(36), price: '100' });
    expect(bid.status).toBe(400);
    // Every field's error in one round (ADR 015): the id's among them.
    expect(fieldErrorsOf(bid)).toMatchObject({ organizationId: 'errors.invalid' });
    expect(fieldErrorsOf(await call(agency, { intent: 'withdraw', bidId: 'x' }))).toEqual({ bidId: 'errors.invalid' });
    expect((await call(undefined, { organizationId: 'x' })).status).toBe(302);
  });

  it('a region code of digits of no level’s length, or not digits, is 404', async () => {
    for (const code of ['6101130', '61a1', '6'.repeat(13)])
      expect((await callRoute(regionPage.loader, { url: `/regions/${code}`, params: { code } })).status, code).toBe(404);
    expect((await callRoute(regionPage.loader, { url: '/regions/6101', params: { code: '6101' } })).status).toBe(200);
  });

  it('a bid deadline of 2026-13-01T25:61 is a field error', async () => {
    const r = await callRoute(newProject.action, {
      url: '/projects/new',
      cookie: bureau,
      form: { regionCode: '610113', bidDeadline: '2026-13-01T25:61', serviceStart: '2026-02-30' },
    });
    expect(r.status).toBe(400);
    expect(fieldErrorsOf(r)).toMatchObject({ bidDeadline: 'project.errors.deadline', serviceStart: 'errors.date' });
  });
});

describe('money as typed on a Chinese keyboard', () => {
  it('a bid of ５８，０００.５０ 元 is 5,800,050 fen', async () => {
    const [p] = await t.db.select().from(projects).where(eq(projects.status, 'published'));
    const [org] = await t.db.select().from(organizations).where(eq(organizations.name, '雁塔区启航社会工作服务中心'));
    const r = await callRoute(bidPage.action, {
      url: `/projects/${p!.id}/bid`,
      params: { id: p!.id },
      cookie: agency,
      form: {
        organizationId: org!.id,
        price: '５８，０００.５０ 元',
        servicePlan: '组建专职社工队伍，按月开展文化活动并向社区公示，项目结束提交评估报告。',
        team: '持证社工3名',
        expectedOutputs: '开展活动20场',
      },
    });
    expect(r.status, JSON.stringify(r.data)).toBe(302);
    const [bid] = await t.db
      .select()
      .from(bids)
      .where(and(eq(bids.projectId, p!.id), eq(bids.organizationId, org!.id)));
    expect(bid!.priceFen).toBe(5_800_050);
  });
});

describe('the last line of defence', () => {
  it('a PostgreSQL data exception that gets through answers 400 and is logged with the path', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const badUuid = () => db().execute(sql`SELECT ${'-'.repeat(36)}::uuid`);
      const a = await callRoute(actionOf(badUuid) as never, { url: '/somewhere/deep', form: {} });
      expect(a.status).toBe(400);
      expect(messageOf(a)).toBe('errors.invalidInput');
      const l = await callRoute(loaderOf(() => db().execute(sql`SELECT ${'a\u0000b'}::text`)) as never, { url: '/elsewhere' });
      expect(l.status).toBe(400);
      const d = await callRoute(loaderOf(() => db().execute(sql`SELECT ${'2026-13-01T25:61'}::timestamptz`)) as never, { url: '/dates' });
      expect(d.status).toBe(400);
      expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/\(22P02\) at POST \/somewhere\/deep/),
        expect.stringMatching(/\((22021|22P05)\) at GET \/elsewhere/),
        expect.stringMatching(/\(22008\) at GET \/dates/),
      ]);
    } finally {
      logged.mockRestore();
    }
  });

  it('other errors are not hidden', async () => {
    await expect(callRoute(loaderOf(() => db().execute(sql`SELECT * FROM no_such_table`)) as never, { url: '/x' })).rejects.toThrow();
  });
});
