import { count as countRows, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, calendarDays, projectAmendments, projects } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { OFFICIAL_CALENDAR } from '~/domain/calendar-cn';
import { advanceClock, now, todayInChina } from '~/lib/clock.server';
import type { IntentionInput } from '~/schemas/intention';
import type { ProjectInput } from '~/schemas/project';
import { createIntention } from '~/services/create-intention.server';
import { publishIntention } from '~/services/publish-intention.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { updateProject } from '~/services/update-project.server';
import { getProject } from '~/queries/projects.server';
import * as newProject from '~/routes/projects.new';
import { actorByEmail, setupTestDb } from '../support/db';
import { beijing, projectInput } from '../support/procurement';
import { callRoute, cookieFor } from '../support/routes';

/**
 * Procurement methods (app/domain/procurement-method.ts): each method's shortest bidding window is
 * enforced when a project is drafted, again when it is published (time has passed), and restarted by
 * a material amendment; a small purchase is the community's own; a refusal writes nothing.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'methods-test' });
const DAY = 86_400_000;
let bureau: Actor;
let committee: Actor;

const counts = async () => ({
  projects: (await t.db.select({ n: countRows() }).from(projects))[0]!.n,
  amendments: (await t.db.select({ n: countRows() }).from(projectAmendments))[0]!.n,
  audit: (await t.db.select({ n: countRows() }).from(auditEvents))[0]!.n,
});

beforeAll(async () => {
  bureau = await actorByEmail(t.db, 'bureau@demo.cn');
  committee = await actorByEmail(t.db, 'committee@demo.cn');
});

/** A project input as the project form posts it: yuan, the region box ticked, criteria as rows. */
function projectForm(input: ProjectInput): Record<string, string | string[]> {
  const { criteria, ...rest } = input;
  return {
    ...Object.fromEntries(Object.entries(rest).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v : String(v)]]))),
    budget: String(input.budget / 100),
    regionRestricted: 'on',
    ...Object.fromEntries(criteria.flatMap((c, i) => Object.entries(c).map(([k, v]) => [`criteria[${i}].${k}`, String(v)]))),
  };
}

describe('the working-day calendar', () => {
  it('ships the official holidays and make-up days of 2024–2026, the same as the domain lists them', async () => {
    const rows = await t.db.select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name }).from(calendarDays);
    const byDate = (a: { date: string }, b: { date: string }) => a.date.localeCompare(b.date);
    expect(rows.sort(byDate)).toEqual([...OFFICIAL_CALENDAR].sort(byDate));
  });
});

describe('bidding windows', () => {
  it('a nine-minute window is refused for a draft, with the earliest lawful deadline, and nothing is written', async () => {
    const before = await counts();
    const nine = beijing(new Date(now().getTime() + 9 * 60_000));
    await expect(createProject(t.db, ctx(bureau), projectInput({ bidDeadline: nine }))).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'project.errors.window.calendar',
      params: { days: 10 },
      fieldErrors: { bidDeadline: 'project.errors.window.field' },
    });
    expect(await counts()).toEqual(before);
  });

  it('through the form: 400, the error beside the deadline, and nothing saved', async () => {
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const before = await counts();
    const input = projectInput({ procurementMethod: 'publicTender', bidDeadline: beijing(new Date(now().getTime() + 12 * DAY)) });
    const form = { ...projectForm(input) };
    const r = await callRoute(newProject.action, { url: '/projects/new', cookie, form });
    expect(r.status).toBe(400);
    const reply = r.data as {
      fieldErrors?: Record<string, string>;
      formError?: { messageKey: string; params: Record<string, unknown> };
      initialValue?: Record<string, unknown>;
    };
    expect(reply.fieldErrors).toMatchObject({ bidDeadline: 'project.errors.window.field' });
    expect(reply.formError).toMatchObject({ messageKey: 'project.errors.window.calendar', params: { days: 20 } });
    // What was typed comes back, so nothing has to be entered again.
    expect(reply.initialValue).toMatchObject({ title: input.title, procurementMethod: 'publicTender' });
    expect(await counts()).toEqual(before);
  });

  it('a draft that was long enough when written is refused at publication once time has eaten its window', async () => {
    const { id } = await createProject(t.db, ctx(bureau), projectInput({ bidDeadline: beijing(new Date(now().getTime() + 11 * DAY)) }));
    advanceClock(3 * DAY);
    const before = await counts();
    await expect(publishProject(t.db, ctx(bureau), id)).rejects.toMatchObject({ code: 'invalidInput', messageKey: 'project.errors.window.calendar' });
    expect(await counts()).toEqual(before);
    expect((await getProject(t.db, id))!.project.status).toBe('draft');
  });

  it('a material amendment of a public tender moves a near deadline out to 15 days', async () => {
    const { id } = await createProject(
      t.db,
      ctx(bureau),
      projectInput({ procurementMethod: 'publicTender', bidDeadline: beijing(new Date(now().getTime() + 21 * DAY)) }),
    );
    await publishProject(t.db, ctx(bureau), id);
    advanceClock(15 * DAY);
    const current = (await getProject(t.db, id))!.project;
    const r = await updateProject(
      t.db,
      ctx(bureau),
      id,
      projectInput({ procurementMethod: 'publicTender', budget: 190_000_00, bidDeadline: beijing(current.bidDeadline) }),
    );
    expect(r.material).toBe(true);
    const after = (await getProject(t.db, id))!.project.bidDeadline.getTime();
    expect(after).toBeGreaterThanOrEqual(now().getTime() + 15 * DAY);
    expect(after).toBeLessThan(now().getTime() + 15 * DAY + 60_000);
  });
});

describe('who may buy how', () => {
  it('a bureau may not make a small purchase, and nothing is written', async () => {
    const before = await counts();
    await expect(
      createProject(t.db, ctx(bureau), projectInput({ procurementMethod: 'smallPurchase', bidDeadline: beijing(new Date(now().getTime() + 14 * DAY)) })),
    ).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'project.errors.method.purchaser',
      fieldErrors: { procurementMethod: 'project.errors.method.field' },
    });
    expect(await counts()).toEqual(before);
  });

  it('a committee buys a small service with community funds, and may not with fiscal money', async () => {
    const region = committee.assignments.find((a) => a.role === 'committeeStaff')!.regionCode!;
    const small = {
      regionCode: region,
      procurementMethod: 'smallPurchase' as const,
      budget: 8_000_00,
      bidDeadline: beijing(new Date(now().getTime() + 10 * DAY)),
    };
    const { id } = await createProject(t.db, ctx(committee), projectInput({ ...small, fundingSource: 'communityFunds' }));
    await publishProject(t.db, ctx(committee), id);
    expect((await t.db.select({ m: projects.procurementMethod, s: projects.status }).from(projects).where(eq(projects.id, id)))[0]).toEqual({
      m: 'smallPurchase',
      s: 'published',
    });
    await expect(createProject(t.db, ctx(committee), projectInput({ ...small, fundingSource: 'publicFinance' }))).rejects.toMatchObject({
      messageKey: 'project.errors.method.funding',
    });
  });
});

describe('purchase intentions before projects (财库〔2020〕10号)', () => {
  const intention = (over: Partial<IntentionInput> = {}): IntentionInput => ({
    title: '社区助老服务采购意向',
    description: '为辖区空巢老人购买上门探访和健康讲座服务。',
    serviceCategories: ['elderlyCare'],
    budget: 200_000_00,
    fundingSource: 'publicFinance',
    year: Number(todayInChina().slice(0, 4)) + 1,
    expectedMonth: 3,
    ...over,
  });

  it('a project names its unit’s published intention and is published only 30 China days after it', async () => {
    const { id: intentionId } = await createIntention(t.db, ctx(bureau), intention());
    await publishIntention(t.db, ctx(bureau), intentionId);
    const { id } = await createProject(
      t.db,
      ctx(bureau),
      projectInput({ intentionId, noIntentionReason: undefined, bidDeadline: beijing(new Date(now().getTime() + 45 * DAY)) }),
    );
    const before = await counts();
    const refused = publishProject(t.db, ctx(bureau), id);
    await expect(refused).rejects.toMatchObject({ code: 'invalidInput', messageKey: 'project.errors.intention.tooRecent' });
    expect(await counts()).toEqual(before);
    advanceClock(30 * DAY);
    await publishProject(t.db, ctx(bureau), id);
    const p = (await getProject(t.db, id))!.project;
    expect({ status: p.status, intentionId: p.intentionId, noIntentionReason: p.noIntentionReason }).toEqual({
      status: 'published',
      intentionId,
      noIntentionReason: null,
    });
  });

  it('another unit’s intention, or a draft one, cannot be named, and nothing is written', async () => {
    const station = await actorByEmail(t.db, 'station@demo.cn');
    const { id: theirs } = await createIntention(t.db, ctx(station), intention({ title: '街道青少年服务采购意向' }));
    await publishIntention(t.db, ctx(station), theirs);
    const { id: draft } = await createIntention(t.db, ctx(bureau), intention({ title: '尚未公开的采购意向' }));
    const before = await counts();
    for (const [intentionId, key] of [
      [theirs, 'project.errors.intention.notOurs'],
      [draft, 'project.errors.intention.notPublished'],
    ] as const) {
      await expect(
        createProject(
          t.db,
          ctx(bureau),
          projectInput({ intentionId, noIntentionReason: undefined, bidDeadline: beijing(new Date(now().getTime() + 14 * DAY)) }),
        ),
      ).rejects.toMatchObject({ code: 'invalidInput', messageKey: key, fieldErrors: { intentionId: key } });
    }
    expect(await counts()).toEqual(before);
  });

  it('without an intention the form wants a reason, and says so beside the field', async () => {
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const before = await counts();
    const input = projectInput({ bidDeadline: beijing(new Date(now().getTime() + 14 * DAY)), noIntentionReason: undefined });
    const form = { ...projectForm(input), intentionId: '', noIntentionReason: '' };
    const r = await callRoute(newProject.action, { url: '/projects/new', cookie, form });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({ noIntentionReason: 'project.errors.intention.required' });
    expect(await counts()).toEqual(before);
  });
});

describe('service periods (财政部令第102号 §24)', () => {
  it('longer than one year needs a reason, which the project then shows; without one nothing is saved', async () => {
    const before = await counts();
    const long = { serviceStart: '2027-01-01', serviceEnd: '2028-12-31', bidDeadline: beijing(new Date(now().getTime() + 14 * DAY)) };
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const afterSignIn = await counts();
    const input = projectInput(long);
    const form = { ...projectForm(input) };
    const r = await callRoute(newProject.action, { url: '/projects/new', cookie, form });
    expect(r.status).toBe(400);
    expect((r.data as { fieldErrors?: Record<string, string> }).fieldErrors).toEqual({ longPeriodReason: 'project.errors.period.needsReason' });
    expect((await counts()).projects).toBe(before.projects);
    expect(await counts()).toEqual(afterSignIn);
    const { id } = await createProject(t.db, ctx(bureau), projectInput({ ...long, longPeriodReason: '两年期困境儿童陪伴，预算已分年度安排' }));
    expect((await getProject(t.db, id))!.project.longPeriodReason).toBe('两年期困境儿童陪伴，预算已分年度安排');
  });
});
