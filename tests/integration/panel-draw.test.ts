import { count as countRows, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, expertProfiles, expertRelations, organizations, panelDraws, panelMembers, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import * as projectRoute from '~/routes/projects.$id';
import { declareExpertRelations, saveExpertProfile } from '~/services/save-expert-profile.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Panels drawn, not picked (ADR 024), through the project page and the pool's use cases: the draw
 * writes the panel and its record, a refused one writes nothing; the panel's names stay private until
 * the result is public; the pool's keepers and the experts' own declarations.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'panel-draw-test' });
const A: Record<string, Actor> = {};

const cookies = new Map<string, Promise<string>>();
const cookie = (email: string) => cookies.get(email) ?? cookies.set(email, cookieFor(t.db, email)).get(email)!;
const page = async (id: string, email?: string) =>
  callRoute(projectRoute.loader, { url: `/projects/${id}`, params: { id }, cookie: email ? await cookie(email) : undefined });
const post = async (id: string, email: string, form: Record<string, string>) =>
  callRoute(projectRoute.action, { url: `/projects/${id}`, params: { id }, cookie: await cookie(email), form });
const projectWith = async (title: string) => (await t.db.select({ id: projects.id }).from(projects).where(eq(projects.title, title)))[0]!.id;
const counts = async () => ({
  members: (await t.db.select({ n: countRows() }).from(panelMembers))[0]!.n,
  draws: (await t.db.select({ n: countRows() }).from(panelDraws))[0]!.n,
  profiles: (await t.db.select({ n: countRows() }).from(expertProfiles))[0]!.n,
  relations: (await t.db.select({ n: countRows() }).from(expertRelations))[0]!.n,
  audit: (await t.db.select({ n: countRows() }).from(auditEvents))[0]!.n,
});
const NAMES = ['评审专家 周明', '评审专家 何静', '评审专家 罗军'];

beforeAll(async () => {
  for (const who of ['province', 'city', 'bureau', 'evaluator', 'evaluator4', 'org']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  // The county bureau's staff member is also an expert: as the project's purchaser they must avoid it.
  await t.db.execute(sql`INSERT INTO role_assignments (user_id, role) VALUES (${A.bureau!.userId}, 'evaluator')`);
  A.bureau = await actorByEmail(t.db, 'bureau@demo.cn');
});

describe('the draw on the project page', () => {
  it('a bad size is refused on the form and nothing is written; a good one draws the panel and records it', async () => {
    const id = (await t.db.select({ id: projects.id }).from(projects).where(eq(projects.status, 'biddingClosed')))[0]!.id;
    await saveExpertProfile(t.db, ctx(A.province!), A.bureau!.userId, {
      specialties: ['familyService'],
      regionCode: '610113',
      employerName: '雁塔区民政局',
      employerOrganizationId: undefined,
      active: true,
      relations: [],
    });
    // Signing in writes its own audit row: both sessions first.
    await Promise.all([cookie('bureau@demo.cn'), cookie('city@demo.cn')]);
    const before = await counts();
    for (const [size, key] of [
      ['4', 'panelDraw.errors.even'],
      ['1', 'panelDraw.errors.tooSmall'],
      ['5', 'panelDraw.errors.tooFew'],
    ] as const) {
      const r = await post(id, 'bureau@demo.cn', { intent: 'drawPanel', size });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(r.data)).toContain(key);
    }
    expect((await post(id, 'bureau@demo.cn', { intent: 'drawPanel', size: '三' })).status).toBe(400);
    // Someone else's project: refused before anything is read.
    expect((await post(id, 'city@demo.cn', { intent: 'drawPanel', size: '3' })).status).toBe(403);
    expect(await counts()).toEqual(before);
    const r = await post(id, 'bureau@demo.cn', { intent: 'drawPanel', size: '3' });
    expect(r.data).toEqual({ done: 'drawPanel' });
    const seated = await t.db.select().from(panelMembers).where(eq(panelMembers.projectId, id));
    const [record] = await t.db.select().from(panelDraws).where(eq(panelDraws.projectId, id));
    expect(seated.map((m) => m.evaluatorUserId).sort()).toEqual([...record!.drawnIds].sort());
    const reasons = Object.fromEntries(record!.excluded.map((e) => [e.userId, e.reasons]));
    expect(reasons[A.bureau!.userId]).toEqual(['purchaser']);
    expect(reasons[A.evaluator4!.userId]).toEqual(['employer']);
    // The purchaser's page shows the record; the form is gone once the panel is seated.
    const data = (await page(id, 'bureau@demo.cn')).data as {
      purchaser: { draw: { mayDraw: boolean; record: { seed: string; excluded: { name: string; reasons: string[] }[] } } };
    };
    expect(data.purchaser.draw.mayDraw).toBe(false);
    expect(data.purchaser.draw.record.seed).toBe(record!.seed);
    expect(data.purchaser.draw.record.excluded).toContainEqual({ name: '雁塔区民政局 刘洋', reasons: ['purchaser'] });
  });
});

describe('the panel’s names are published with the result, not before', () => {
  it('ranked and under evaluation: no name and no seed for a visitor, a bidder or another evaluator', async () => {
    for (const title of ['雁塔区残疾人社区康复支持项目', '雁塔区社区矛盾纠纷调解项目']) {
      const id = await projectWith(title);
      const [record] = await t.db.select().from(panelDraws).where(eq(panelDraws.projectId, id));
      expect(record).toBeDefined();
      for (const who of [undefined, 'org@demo.cn', 'agency@demo.cn', 'evaluator4@demo.cn']) {
        const r = await page(id, who);
        expect(r.status).toBe(200);
        const json = JSON.stringify(r.data);
        for (const name of NAMES) expect(json, `${title} as ${who}`).not.toContain(name);
        expect(json).not.toContain(record!.seed);
        expect((r.data as { panel: unknown }).panel).toBeNull();
      }
    }
  });

  it('from the public notice on: anyone reads the names, the seed and the candidates to re-run the draw', async () => {
    for (const title of ['雁塔区困境儿童关爱陪伴项目', '雁塔区空巢老人关爱服务项目（2026年度）']) {
      const id = await projectWith(title);
      const [record] = await t.db.select().from(panelDraws).where(eq(panelDraws.projectId, id));
      const { panel } = (await page(id)).data as { panel: { names: string[]; draw: { seed: string; candidateIds: string[] } } };
      expect([...panel.names].sort()).toEqual([...NAMES].sort());
      expect(panel.draw).toEqual({ seed: record!.seed, candidateIds: record!.candidateIds });
      // Who was avoided, and why, stays the purchaser's.
      expect(JSON.stringify(panel)).not.toContain('韩冰');
    }
  });
});

describe('the expert pool', () => {
  const profile = {
    specialties: ['mediation' as const],
    regionCode: '6101',
    employerName: '西安市调解协会',
    employerOrganizationId: undefined,
    active: true,
    relations: [],
  };

  it('only the province’s bureau, or the city’s for its own experts, keeps a profile; a refusal writes nothing', async () => {
    const before = await counts();
    await expect(saveExpertProfile(t.db, ctx(A.bureau!), A.evaluator!.userId, profile)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(saveExpertProfile(t.db, ctx(A.evaluator!), A.evaluator!.userId, profile)).rejects.toMatchObject({ code: 'forbidden' });
    // The city may not move its expert to another city, nor name an organization that does not exist.
    await expect(saveExpertProfile(t.db, ctx(A.city!), A.evaluator!.userId, { ...profile, regionCode: '6102' })).rejects.toMatchObject({
      messageKey: 'experts.errors.region',
    });
    await expect(saveExpertProfile(t.db, ctx(A.city!), A.evaluator!.userId, { ...profile, regionCode: '6101999' })).rejects.toMatchObject({
      messageKey: 'experts.errors.region',
    });
    await expect(
      saveExpertProfile(t.db, ctx(A.city!), A.evaluator!.userId, { ...profile, employerOrganizationId: '0f8fad5b-d9cb-469f-a165-70867728950e' }),
    ).rejects.toMatchObject({ messageKey: 'experts.errors.organization' });
    // Not an evaluator: not in the pool.
    await expect(saveExpertProfile(t.db, ctx(A.province!), A.org!.userId, profile)).rejects.toMatchObject({ code: 'notFound' });
    expect(await counts()).toEqual(before);
    await saveExpertProfile(t.db, ctx(A.city!), A.evaluator!.userId, profile);
    const [row] = await t.db.select().from(expertProfiles).where(eq(expertProfiles.userId, A.evaluator!.userId));
    expect(row).toMatchObject({ specialties: ['mediation'], regionCode: '6101', employerName: '西安市调解协会' });
    expect((await counts()).audit).toBe(before.audit + 1);
  });

  it('an expert declares their own relations; unchanged declarations write nothing; one with no profile is refused', async () => {
    const [dance] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, '永松社区夕阳红舞蹈队'));
    await declareExpertRelations(t.db, ctx(A.evaluator!), [{ organizationId: dance!.id, note: '其子为该队成员' }]);
    expect(await t.db.select().from(expertRelations).where(eq(expertRelations.expertUserId, A.evaluator!.userId))).toMatchObject([
      { organizationId: dance!.id, note: '其子为该队成员' },
    ]);
    const before = await counts();
    await declareExpertRelations(t.db, ctx(A.evaluator!), [{ organizationId: dance!.id, note: '其子为该队成员' }]);
    await expect(declareExpertRelations(t.db, ctx(A.city!), [])).rejects.toMatchObject({ code: 'notFound' });
    await t.db.execute(sql`INSERT INTO role_assignments (user_id, role) VALUES (${A.city!.userId}, 'evaluator')`);
    await expect(declareExpertRelations(t.db, ctx(A.city!), [])).rejects.toMatchObject({ messageKey: 'experts.errors.noProfile' });
    expect(await counts()).toEqual(before);
  });
});
