import { count as countRows, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, calendarDays } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { calendarCovers } from '~/domain/working-days';
import { calendarYear, calendarYears, workCalendarOf } from '~/queries/calendar.server';
import { removeCalendarDay } from '~/services/remove-calendar-day.server';
import { setCalendarDay } from '~/services/set-calendar-day.server';
import * as page from '~/routes/admin.calendar';
import { MESSAGES } from '~/i18n/i18n';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The working-day calendar kept by the province (/admin/calendar): the platform administrator and the
 * province bureau enter, change and remove days, each with its audit row; anyone else, and any day
 * the rules refuse, writes nothing.
 */
const t = setupTestDb();
const ctx = (actor: Actor) => ({ actor, requestId: 'calendar-test' });
let admin: Actor;
let province: Actor;
let city: Actor;

const counts = async () => ({
  days: (await t.db.select({ n: countRows() }).from(calendarDays))[0]!.n,
  audit: (await t.db.select({ n: countRows() }).from(auditEvents))[0]!.n,
});
const dayOf = async (date: string) => (await t.db.select().from(calendarDays).where(eq(calendarDays.date, date)))[0];
const lastAudit = async () => (await t.db.select().from(auditEvents).orderBy(auditEvents.id)).at(-1)!;

beforeAll(async () => {
  admin = await actorByEmail(t.db, 'admin@demo.cn');
  province = await actorByEmail(t.db, 'province@demo.cn');
  city = await actorByEmail(t.db, 'city@demo.cn');
});

describe('entering a year the State Council has announced', () => {
  it('2027 is not known until the province enters it; then periods reaching into it are counted', async () => {
    expect(await calendarYear(t.db, 2027)).toEqual([]);
    expect(calendarCovers(await workCalendarOf(t.db), '2026-12-20', '2027-01-10')).toBe(false);

    await setCalendarDay(t.db, ctx(province), { date: '2027-01-01', kind: 'holiday', name: '元旦' });

    const row = await dayOf('2027-01-01');
    expect(row).toMatchObject({ kind: 'holiday', name: '元旦', updatedBy: province.userId });
    expect(calendarCovers(await workCalendarOf(t.db), '2026-12-20', '2027-01-10')).toBe(true);
    expect(await lastAudit()).toMatchObject({
      action: 'calendar.set',
      actorRole: 'bureauStaff',
      subjectType: 'calendarDay',
      subjectId: '2027-01-01',
      summary: { before: null, after: { kind: 'holiday', name: '元旦' } },
    });
    expect((await calendarYears(t.db)).map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
  });

  it('entering a date again changes it, and the audit row keeps what it was', async () => {
    await setCalendarDay(t.db, ctx(admin), { date: '2027-02-06', kind: 'workday', name: '春节' });
    const before = await counts();
    await setCalendarDay(t.db, ctx(admin), { date: '2027-02-06', kind: 'holiday', name: '春节' });
    expect(await counts()).toEqual({ days: before.days, audit: before.audit + 1 });
    expect(await dayOf('2027-02-06')).toMatchObject({ kind: 'holiday', updatedBy: admin.userId });
    expect((await lastAudit()).summary).toEqual({ before: { kind: 'workday', name: '春节' }, after: { kind: 'holiday', name: '春节' } });
  });

  it('removing a day makes it an ordinary day again, audited', async () => {
    await setCalendarDay(t.db, ctx(admin), { date: '2027-03-01', kind: 'holiday', name: '误录' });
    await removeCalendarDay(t.db, ctx(province), { date: '2027-03-01' });
    expect(await dayOf('2027-03-01')).toBeUndefined();
    expect(await lastAudit()).toMatchObject({
      action: 'calendar.remove',
      subjectId: '2027-03-01',
      summary: { before: { kind: 'holiday', name: '误录' }, after: null },
    });
  });
});

describe('refusals write nothing', () => {
  it('a city bureau may neither enter nor remove a day', async () => {
    const before = await counts();
    await expect(setCalendarDay(t.db, ctx(city), { date: '2027-04-05', kind: 'holiday', name: '清明节' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(removeCalendarDay(t.db, ctx(city), { date: '2026-10-01' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await counts()).toEqual(before);
    expect(await dayOf('2026-10-01')).toBeDefined();
  });

  it('a make-up working day on a weekday, a year outside the calendar, or a day not entered is refused', async () => {
    const before = await counts();
    await expect(setCalendarDay(t.db, ctx(admin), { date: '2027-02-08', kind: 'workday', name: '春节' })).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'calendar.errors.workdayNotWeekend',
      fieldErrors: { kind: 'calendar.errors.workdayNotWeekend' },
    });
    await expect(setCalendarDay(t.db, ctx(admin), { date: '2023-10-01', kind: 'holiday', name: '国庆节' })).rejects.toMatchObject({
      code: 'invalidInput',
      fieldErrors: { date: 'calendar.errors.year' },
    });
    await expect(removeCalendarDay(t.db, ctx(admin), { date: '2027-06-01' })).rejects.toMatchObject({
      code: 'invalidInput',
      messageKey: 'calendar.errors.notFound',
    });
    expect(await counts()).toEqual(before);
  });
});

describe('the page', () => {
  it('the province sees the year with no entries and the years entered', async () => {
    const cookie = await cookieFor(t.db, 'province@demo.cn');
    const r = await callRoute(page.loader, { url: '/admin/calendar?year=2028', cookie });
    expect(r.status).toBe(200);
    const data = r.data as { year: number; days: unknown[]; years: { year: number }[] };
    expect(data.year).toBe(2028);
    expect(data.days).toEqual([]);
    expect(data.years.map((y) => y.year)).toContain(2026);
  });

  it('bad input answers 400 with a translated message beside each field, and nothing is written', async () => {
    const cookie = await cookieFor(t.db, 'admin@demo.cn');
    const before = await counts();
    const r = await callRoute(page.action, { url: '/admin/calendar', cookie, form: { intent: 'set', date: '2027-02-30', kind: 'vacation', name: '' } });
    expect(r.status).toBe(400);
    const errors = (r.data as { fieldErrors: Record<string, string> }).fieldErrors;
    expect(errors).toEqual({ date: 'calendar.errors.date', kind: 'calendar.errors.kind', name: 'calendar.errors.name' });
    for (const key of Object.values(errors)) {
      expect(MESSAGES['zh-CN']).toHaveProperty([key]);
      expect(MESSAGES.en).toHaveProperty([key]);
    }
    const weekday = await callRoute(page.action, {
      url: '/admin/calendar',
      cookie,
      form: { intent: 'set', date: '2027-02-08', kind: 'workday', name: '春节' },
    });
    expect(weekday.status).toBe(400);
    expect((weekday.data as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ kind: 'calendar.errors.workdayNotWeekend' });
    expect(await counts()).toEqual(before);
  });

  it('a saved day goes back to its year with a note', async () => {
    const cookie = await cookieFor(t.db, 'province@demo.cn');
    const r = await callRoute(page.action, {
      url: '/admin/calendar?year=2026',
      cookie,
      form: { intent: 'set', date: '2027-10-01', kind: 'holiday', name: '国庆节' },
    });
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/admin/calendar?year=2027&done=set&date=2027-10-01');
    expect(await dayOf('2027-10-01')).toMatchObject({ name: '国庆节', updatedBy: province.userId });
  });

  it('a county bureau is refused the page and the form, and a visitor is sent to sign in', async () => {
    const cookie = await cookieFor(t.db, 'bureau@demo.cn');
    const before = await counts();
    expect((await callRoute(page.loader, { url: '/admin/calendar', cookie })).status).toBe(403);
    const r = await callRoute(page.action, { url: '/admin/calendar', cookie, form: { intent: 'set', date: '2027-05-01', kind: 'holiday', name: '劳动节' } });
    expect(r.status).toBe(403);
    expect((await callRoute(page.action, { url: '/admin/calendar', form: { intent: 'remove', date: '2026-10-01' } })).status).toBe(302);
    expect(await counts()).toEqual(before);
  });
});
