import { and, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, awards, contractDocuments, contracts, contractTemplates } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { chinaDateOf, contractNumber, DEFAULT_TEMPLATE, publishedInTime, signingDeadline } from '~/domain/contract-document';
import { todayInChina } from '~/lib/clock.server';
import { workCalendarOf } from '~/queries/calendar.server';
import * as printPage from '~/routes/contracts.$id_.print';
import * as termsPage from '~/routes/contracts.$id_.terms';
import * as templatePage from '~/routes/contract-template';
import * as projectPage from '~/routes/projects.$id';
import { confirmContract } from '~/services/confirm-contract.server';
import { takeContractSequence } from '~/services/contract-document.server';
import { draftContract, type ContractTerms } from '~/services/draft-contract.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { awardedProject } from '../support/procurement';
import { changedTables, rowCounts } from '../support/row-counts';
import { callRoute, cookieFor } from '../support/routes';

/**
 * The contract as a document (ADR 020): numbers per unit and year, terms from the unit's template,
 * editable on the draft and frozen once signed, the printable contract, the signing deadline and the
 * publication on the project's public page. Routes are called as a browser would.
 */
const t = setupTestDb();
const A: Record<string, Actor> = {};
const C: Record<string, string> = {};
const ctx = (a: Actor) => ({ actor: a, requestId: 'contract-documents' });

const schedule = (amountFen: number): ContractTerms => ({
  amountFen,
  startDate: '2027-01-01',
  endDate: '2027-12-31',
  paymentRail: 'treasury',
  milestones: [{ title: '终期验收', kind: 'delivery', dueDate: '2027-12-31' }],
  tranches: [
    { percent: 60, milestoneIndex: null },
    { percent: 40, milestoneIndex: 0 },
  ],
});

const docOf = async (id: string) => (await t.db.select().from(contractDocuments).where(eq(contractDocuments.contractId, id)))[0]!;
const auditCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents))[0]!.n;
/** The bureau's last number in a year (0 when none). */
const lastSeq = async (year: string) => {
  const rows = await t.db
    .select({ number: contractDocuments.number })
    .from(contractDocuments)
    .where(sql`${contractDocuments.number} ~ ${`^610113-${year}-\\d{4}$`}`);
  return Math.max(0, ...rows.map((r) => Number(r.number.slice(-4))));
};
const terms = (over: Partial<typeof DEFAULT_TEMPLATE> = {}) => ({ ...DEFAULT_TEMPLATE, ...over });

beforeAll(async () => {
  for (const w of ['bureau', 'station', 'hub', 'org', 'agency']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  for (const w of ['bureau', 'station', 'hub', 'org', 'agency']) C[w] = await cookieFor(t.db, `${w}@demo.cn`);
});

describe('the demo’s contracts', () => {
  it('are numbered by the bureau, carry its template’s terms, and the signed ones are published', async () => {
    const rows = await t.db
      .select({
        status: contracts.status,
        parent: contracts.parentContractId,
        number: contractDocuments.number,
        terms: contractDocuments.terms,
        publishedAt: contractDocuments.publishedAt,
      })
      .from(contracts)
      .innerJoin(contractDocuments, eq(contractDocuments.contractId, contracts.id));
    const main = rows.filter((r) => !r.parent);
    expect(main.length).toBeGreaterThanOrEqual(2);
    for (const r of main) {
      expect(r.number).toMatch(/^610113-\d{4}-\d{4}$/);
      expect(r.terms!.disputes).toContain('雁塔区人民法院');
      expect(!!r.publishedAt).toBe(r.status !== 'draft');
    }
    for (const r of rows.filter((x) => x.parent)) {
      expect(r.number).toMatch(/^610113-\d{4}-\d{4}-F\d+$/);
      expect(r.publishedAt).toBeNull();
    }
  });
});

describe('numbers: per purchasing unit and year, in order, without gaps', () => {
  it('two drafts of one unit take the next two numbers, whichever commits first', async () => {
    const [p1, p2] = [
      await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 50_000_00 }),
      await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 40_000_00 }),
    ];
    const year = todayInChina().slice(0, 4);
    const before = await lastSeq(year);
    const [a, b] = await Promise.all([
      draftContract(t.db, ctx(A.bureau!), p1.projectId, schedule(50_000_00)),
      draftContract(t.db, ctx(A.bureau!), p2.projectId, schedule(40_000_00)),
    ]);
    const numbers = [(await docOf(a.id)).number, (await docOf(b.id)).number].sort();
    expect(numbers).toEqual([contractNumber('610113', Number(year), before + 1), contractNumber('610113', Number(year), before + 2)]);
    C.draft = a.id;
    C.draftProject = p1.projectId;
    C.signed = b.id;
    C.signedProject = p2.projectId;
  });

  it('a refused draft gives its number back, and another unit or year counts on its own', async () => {
    const year = Number(todayInChina().slice(0, 4));
    const before = await lastSeq(String(year));
    const p = await awardedProject(t.db, { email: 'hub@demo.cn', orgName: '小寨路街道社区社会组织联合会', price: 10_000_00 });
    // Over the awarded amount: refused before anything is written.
    await expect(draftContract(t.db, ctx(A.bureau!), p.projectId, schedule(10_000_01))).rejects.toMatchObject({ messageKey: 'contract.errors.overAward' });
    const y = Number(todayInChina().slice(0, 4));
    // A transaction that takes a number and then fails gives it back.
    await expect(
      t.db.transaction(async (tx) => {
        await takeContractSequence(tx, 'bureauStaff', '610113', y);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const { id } = await draftContract(t.db, ctx(A.bureau!), p.projectId, schedule(10_000_00));
    expect((await docOf(id)).number).toBe(contractNumber('610113', y, (y === year ? before : 0) + 1));
    const others = await t.db.transaction(async (tx) => [
      await takeContractSequence(tx, 'stationStaff', '610113001', y),
      await takeContractSequence(tx, 'stationStaff', '610113001', y),
      await takeContractSequence(tx, 'bureauStaff', '610113', 2099),
    ]);
    expect(others).toEqual([1, 2, 1]);
  });
});

describe('the unit’s template', () => {
  const url = '/contract-template';
  const post = (cookie: string, form: Record<string, string>) => callRoute(templatePage.action, { url, cookie, form });

  it('each unit reads its own; bad input is a translated 400 and writes nothing', async () => {
    const bureau = (await callRoute(templatePage.loader, { url, cookie: C.bureau! })).data as {
      template: { revision: number; sections: typeof DEFAULT_TEMPLATE };
    };
    const station = (await callRoute(templatePage.loader, { url, cookie: C.station! })).data as { template: { revision: number } };
    expect(bureau.template.revision).toBe(1); // the demo saved one
    expect(bureau.template.sections.disputes).toContain('雁塔区人民法院');
    expect(station.template.revision).toBe(0); // the default
    expect((await callRoute(templatePage.loader, { url, cookie: C.org! })).status).toBe(403);
    const before = await rowCounts(t.db);
    const bad = await post(C.station!, { ...terms({ content: '短' }), revision: '0' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain('contractDoc.errors.sectionTooShort');
    expect((await post(C.station!, { ...terms({ payment: 'a\u0000b c d e' }), revision: '0' })).status).toBe(400);
    expect((await post(C.station!, { ...terms(), revision: 'x' })).status).toBe(400);
    // Stale: the bureau's template is at revision 1.
    expect((await post(C.bureau!, { ...terms(), revision: '0' })).status).toBe(409);
    // An organization has no unit.
    expect((await post(C.org!, { ...terms(), revision: '0' })).status).toBe(403);
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
  });

  it('a save is the unit’s own: the station’s template changes nothing of the bureau’s', async () => {
    const saved = await post(C.station!, { ...terms({ disputes: '提交西安仲裁委员会仲裁。' }), revision: '0' });
    expect(saved.status).toBe(200);
    const rows = await t.db.select().from(contractTemplates).where(eq(contractTemplates.purchaserRegionCode, '610113001'));
    expect(rows.map((r) => [r.purchaserRole, r.revision, r.sections.disputes])).toEqual([['stationStaff', 1, '提交西安仲裁委员会仲裁。']]);
    const [bureau] = await t.db
      .select()
      .from(contractTemplates)
      .where(and(eq(contractTemplates.purchaserRole, 'bureauStaff'), eq(contractTemplates.purchaserRegionCode, '610113')));
    expect(bureau!.sections.disputes).toContain('雁塔区人民法院');
  });

  it('drafting copies the bureau’s template with the project, payee, amount and period filled in', async () => {
    const doc = await docOf(C.draft!);
    expect(doc.terms!.disputes).toContain('雁塔区人民法院');
    expect(doc.terms!.payment).toContain('人民币50,000.00元（大写：伍万元整）');
    expect(doc.terms!.content).toContain('2027-01-01至2027-12-31');
    expect(JSON.stringify(doc.terms)).not.toMatch(/\{项目名称\}|\{合同金额\}/);
  });
});

describe('terms: editable on the draft by its payer, frozen once signed', () => {
  const url = () => `/contracts/${C.draft}/terms`;
  const post = (cookie: string, form: Record<string, string>, id = C.draft!) =>
    callRoute(termsPage.action, { url: `/contracts/${id}/terms`, cookie, params: { id }, form });
  const MARK = '乙方每月提交服务日志（草稿标记DRAFT-ONLY-7731）。';

  it('the payer edits; a confirmation given before is withdrawn; the payee and others may not', async () => {
    await confirmContract(t.db, ctx(A.hub!), C.draft!);
    expect((await callRoute(termsPage.loader, { url: url(), cookie: C.bureau!, params: { id: C.draft! } })).status).toBe(200);
    expect((await callRoute(termsPage.loader, { url: url(), cookie: C.hub!, params: { id: C.draft! } })).status).toBe(403);
    const before = await rowCounts(t.db);
    const audits = await auditCount();
    expect((await post(C.hub!, terms({ quantity: MARK }))).status).toBe(403);
    expect((await post(C.station!, terms({ quantity: MARK }))).status).toBe(403);
    expect((await post(C.bureau!, terms({ quantity: '' }))).status).toBe(400);
    expect((await post(C.bureau!, { ...terms(), quantity: 'x'.repeat(5001) })).status).toBe(400);
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect(await auditCount()).toBe(audits);
    const doc = await docOf(C.draft!);
    const saved = await post(C.bureau!, { ...(doc.terms as typeof DEFAULT_TEMPLATE), quantity: MARK });
    expect(saved.status).toBe(302);
    expect((await docOf(C.draft!)).terms!.quantity).toBe(MARK);
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, C.draft!));
    expect(row!.payeeConfirmedAt).toBeNull();
    expect(await auditCount()).toBe(audits + 1);
  });

  it('a draft is never public: not on the project page, not in its data, not printable to others', async () => {
    const page = await callRoute(projectPage.loader, { url: `/projects/${C.draftProject}`, params: { id: C.draftProject! } });
    expect(page.status).toBe(200);
    const data = page.data as { contractNotice: { contract: unknown; signing: { due: string; state: string } | null } };
    expect(data.contractNotice.contract).toBeNull();
    // Due 30 days after the award notice (the test clock has moved on since: it may warn already).
    const [award] = await t.db
      .select({ at: awards.awardedAt })
      .from(awards)
      .where(and(eq(awards.projectId, C.draftProject!), eq(awards.status, 'awarded')));
    expect(data.contractNotice.signing).toEqual(signingDeadline(chinaDateOf(award!.at), todayInChina()));
    expect(JSON.stringify(page.data)).not.toContain('DRAFT-ONLY-7731');
    const print = (cookie?: string) => callRoute(printPage.loader, { url: `/contracts/${C.draft}/print`, cookie, params: { id: C.draft! } });
    expect((await print()).status).toBe(302); // to sign in
    expect((await print(C.org!)).status).toBe(403);
    expect((await print(C.station!)).status).toBe(403);
    const mine = await print(C.bureau!);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.data)).toContain('DRAFT-ONLY-7731');
    expect((await print(C.hub!)).status).toBe(200);
  });

  it('signing publishes it on the project page at once; its terms are then refused, by the route and by the database', async () => {
    await confirmContract(t.db, ctx(A.hub!), C.signed!);
    await confirmContract(t.db, ctx(A.bureau!), C.signed!);
    const [row] = await t.db.select().from(contracts).where(eq(contracts.id, C.signed!));
    const doc = await docOf(C.signed!);
    expect(doc.publishedAt?.toISOString()).toBe(row!.signedAt!.toISOString());
    expect(publishedInTime(await workCalendarOf(t.db), chinaDateOf(row!.signedAt!), chinaDateOf(doc.publishedAt!))).toBe(true);

    const page = await callRoute(projectPage.loader, { url: `/projects/${C.signedProject}`, params: { id: C.signedProject! } });
    const notice = (
      page.data as {
        contractNotice: { contract: { number: string; payee: { name: string; uscc: string | null }; terms: unknown; amountInCapitals: string } | null };
      }
    ).contractNotice;
    expect(notice.contract).toMatchObject({ number: doc.number, payee: { name: '小寨路街道社区社会组织联合会' }, amountInCapitals: '肆万元整' });
    expect(notice.contract!.terms).toEqual(doc.terms);
    // Nothing private reaches the public notice.
    expect(JSON.stringify(page.data)).not.toMatch(/bankReference|voucherNumber|phone/);
    // The public may read the printed version of a published contract.
    expect((await callRoute(printPage.loader, { url: `/contracts/${C.signed}/print`, params: { id: C.signed! } })).status).toBe(200);
    expect((await callRoute(printPage.loader, { url: `/contracts/${C.signed}/print`, cookie: C.org!, params: { id: C.signed! } })).status).toBe(200);

    const before = await rowCounts(t.db);
    const audits = await auditCount();
    const refused = await post(C.bureau!, terms({ quantity: '签订后想改的条款内容' }), C.signed);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.data)).toContain('contractDoc.errors.signed');
    expect(changedTables(before, await rowCounts(t.db))).toEqual([]);
    expect(await auditCount()).toBe(audits);
    const refusedBy = async (q: Promise<unknown>, why: RegExp) => {
      const e = (await q.then(() => null).catch((x: unknown) => x)) as { message: string; cause?: { message?: string } } | null;
      expect(`${e?.message} ${e?.cause?.message}`).toMatch(why);
    };
    await refusedBy(
      t.db
        .update(contractDocuments)
        .set({ terms: terms({ quantity: '直接改库' }) })
        .where(eq(contractDocuments.contractId, C.signed!)),
      /is signed/,
    );
    await refusedBy(t.db.update(contractDocuments).set({ number: 'X-1' }).where(eq(contractDocuments.contractId, C.draft!)), /never changes/);
    await refusedBy(t.db.update(contractDocuments).set({ publishedAt: new Date() }).where(eq(contractDocuments.contractId, C.signed!)), /publication stands/);
    await refusedBy(t.db.delete(contractDocuments).where(eq(contractDocuments.contractId, C.draft!)), /DELETE refused/);
    // The draft's terms still change (the trigger freezes signed contracts only).
    await t.db.update(contractDocuments).set({ termsUpdatedAt: new Date() }).where(eq(contractDocuments.contractId, C.draft!));
  });
});
