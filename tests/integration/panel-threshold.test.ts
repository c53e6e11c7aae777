import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, organizations, panelSettings } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { LARGE_BUDGET_FEN } from '~/domain/panel-draw';
import { advanceClock } from '~/lib/clock.server';
import * as experts from '~/routes/experts._index';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { drawProjectPanel } from '~/services/draw-panel.server';
import { largeBudgetFenOf } from '~/queries/panel-settings.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { projectInput } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';
import { changedTables, rowCounts } from '../support/row-counts';

/**
 * The budget from which a panel has five members or more is the province's to set (财库〔2016〕198号,
 * ADR 024): its bureau saves it on the expert pool's page; the draws follow it from then on.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'panel-threshold-test' });
const cookies: Record<string, string> = {};
const post = (email: string, form: Record<string, string>) => callRoute(experts.action, { url: '/experts', cookie: cookies[email], form });

beforeAll(async () => {
  for (const who of ['bureau', 'agency']) A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
  // Signed in before anything is counted: a sign-in writes its own rows.
  for (const who of ['province', 'city', 'bureau']) cookies[`${who}@demo.cn`] = await cookieFor(t.db, `${who}@demo.cn`);
});

describe('the large-project threshold', () => {
  it('starts at the default; a city bureau may not change it, and bad amounts are refused beside the field; nothing is written', async () => {
    expect((await largeBudgetFenOf(t.db)).fen).toBe(LARGE_BUDGET_FEN);
    const before = await rowCounts(t.db);
    expect((await post('city@demo.cn', { intent: 'threshold', largeBudget: '500000' })).status).toBe(403);
    expect((await post('bureau@demo.cn', { intent: 'threshold', largeBudget: '500000' })).status).toBe(403);
    for (const largeBudget of ['0', '-1', '五十万', '1.234']) {
      const r = await post('province@demo.cn', { intent: 'threshold', largeBudget });
      expect(r.status, largeBudget).toBe(400);
      expect((r.data as { fieldErrors: Record<string, string> }).fieldErrors, largeBudget).toMatchObject({ largeBudget: 'panelDraw.errors.threshold' });
    }
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('the province sets it, with its audit row; a draw for a project at the new threshold then needs five', async () => {
    const r = await post('province@demo.cn', { intent: 'threshold', largeBudget: '150000' });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/experts?saved=threshold');
    const [row] = await t.db.select().from(panelSettings);
    expect(row!.largeBudgetFen).toBe(150_000_00);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'panel.threshold'));
    expect(audit!.summary).toEqual({ before: { largeBudgetFen: LARGE_BUDGET_FEN }, after: { largeBudgetFen: 150_000_00 } });
    const page = await callRoute(experts.loader, { url: '/experts', cookie: cookies['city@demo.cn'] });
    expect((page.data as { threshold: unknown }).threshold).toEqual({ fen: 150_000_00, mayEdit: false, saved: false });

    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ budget: 200_000_00 }));
    await publishProject(t.db, ctx(A.bureau!), id);
    const [agency] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, '雁塔区启航社会工作服务中心'));
    await submitBid(t.db, ctx(A.agency!), id, {
      organizationId: agency!.id,
      price: 180_000_00,
      servicePlan: '为辖区空巢老人提供上门探访和健康讲座，建立需求档案。',
      team: '社工3名',
      expectedOutputs: '服务300人次',
    });
    advanceClock(12 * 86_400_000);
    await closeBiddingIfDue(t.db, id);
    await expect(drawProjectPanel(t.db, ctx(A.bureau!), id, 3)).rejects.toMatchObject({ messageKey: 'panelDraw.errors.tooSmall', params: { n: 5 } });
  });
});
