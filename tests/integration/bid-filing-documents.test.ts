import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditEvents, organizations } from '#db/schema';
import { DEMO } from '#db/seed/demo';
import type { Actor } from '~/domain/permissions';
import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import { advanceClock } from '~/lib/clock.server';
import { createProject } from '~/services/create-project.server';
import { publishProject } from '~/services/publish-project.server';
import { submitBid, withdrawBid } from '~/services/submit-bid.server';
import { closeBiddingIfDue } from '~/services/close-bidding.server';
import { declareConflict } from '~/services/declare-conflict.server';
import { submitFiling } from '~/services/submit-filing.server';
import { firstReviewFiling } from '~/services/first-review-filing.server';
import { decideFiling } from '~/services/decide-filing.server';
import { attachBidDocument, attachFilingDocument, removeDocument } from '~/services/attach-document.server';
import * as download from '~/routes/attachments.$id';
import * as projectPage from '~/routes/projects.$id';
import * as bidForm from '~/routes/projects.$id_.bid';
import * as bidPage from '~/routes/projects.$id_.bids.$bidId';
import * as filingPage from '~/routes/filings.$id';
import * as orgPage from '~/routes/orgs.$id';
import * as workspace from '~/routes/workspace';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';
import { projectInput, seatPanel } from '../support/procurement';

/**
 * Bid and filing documents (issue 10, ADR 019): a bid's are sealed with it, a filing's are for the
 * applicant and its reviewers; a file refused by its content writes nothing.
 */
const uploadDir = mkdtempSync(path.join(tmpdir(), 'documents-'));
process.env.UPLOAD_DIR = uploadDir;
const t = setupTestDb();
const A: Record<string, Actor> = {};
const C: Record<string, string> = {};
const org: Record<string, string> = {};
const ctx = (actor: Actor) => ({ actor, requestId: 'documents-test' });
const DAY = 86_400_000;
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
// File names no page shows for anything else.
const SEALED_NAME = '舞蹈队资质证书密封件.pdf';
const FILING_NAME = '广场舞队章程备案材料.pdf';

const rows = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachments))[0]!.n;
const files = () => readdirSync(uploadDir).length;
const seen = (r: { data: unknown }) => JSON.stringify(r.data ?? null);

function upload(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: 'application/octet-stream' }));
  return form;
}

const get = (id: string, who?: string) => callRoute(download.loader as never, { url: `/attachments/${id}`, params: { id }, cookie: who ? C[who] : undefined });

beforeAll(async () => {
  for (const who of ['bureau', 'committee', 'station', 'org', 'agency', 'hub', 'evaluator', 'evaluator2', 'evaluator3', 'leader']) {
    A[who] = await actorByEmail(t.db, `${who}@demo.cn`);
    C[who] = await cookieFor(t.db, `${who}@demo.cn`);
  }
  for (const [key, name] of [
    ['dance', '永松社区助老服务队'],
    ['agency', '雁塔区启航社会工作服务中心'],
  ] as const) {
    const [o] = await t.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name));
    org[key] = o!.id;
  }
});

const bidInput = (organizationId: string, price: number) => ({
  organizationId,
  price,
  servicePlan: '每周上门探访独居老人，建立一人一档，联动社区卫生服务站。',
  team: '社工2名，志愿者30名',
  expectedOutputs: '探访2000人次',
});

describe('bid documents, sealed with the bid', () => {
  let projectId = '';
  let danceBid = '';
  let agencyBid = '';
  let doc = '';
  let withdrawnDoc = '';

  beforeAll(async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区独居老人探访附件项目' }));
    await publishProject(t.db, ctx(A.bureau!), id);
    projectId = id;
    danceBid = (await submitBid(t.db, ctx(A.org!), id, bidInput(org.dance!, 150_000_00))).id;
    agencyBid = (await submitBid(t.db, ctx(A.agency!), id, bidInput(org.agency!, 140_000_00))).id;
  });

  it('the bidder attaches a qualification certificate through its bid page; the file is stored and listed for its own organization', async () => {
    const before = files();
    const r = await callRoute(bidForm.action as never, {
      url: `/projects/${projectId}/bid`,
      params: { id: projectId },
      cookie: C.org,
      body: upload({ intent: 'attach', bidId: danceBid, documentKind: 'qualification' }, { name: SEALED_NAME, bytes: pdf }),
    });
    expect(r.status).toBe(302);
    const [row] = await t.db.select().from(attachments).where(eq(attachments.bidId, danceBid));
    expect(row).toMatchObject({ documentKind: 'qualification', originalName: SEALED_NAME, kind: 'pdf', deliverableId: null, contractId: null });
    doc = row!.id;
    expect(files()).toBe(before + 1);
    const page = await callRoute(bidForm.loader as never, { url: `/projects/${projectId}/bid?org=${org.dance}`, params: { id: projectId }, cookie: C.org });
    expect((page.data as { live: { documents: { id: string }[] } }).live.documents.map((d) => d.id)).toEqual([doc]);
    const own = await get(doc, 'org');
    expect(own.status).toBe(200);
    expect(own.headers.get('Content-Disposition')).toMatch(/^attachment;/);
    expect(own.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('refuses a file of the wrong type, an empty one, one over 20 MB and a missing kind: translated 400/413, no row, no file', async () => {
    const [before, stored] = [await rows(), files()];
    const post = (fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) =>
      callRoute(bidForm.action as never, { url: `/projects/${projectId}/bid`, params: { id: projectId }, cookie: C.org, body: upload(fields, file) });
    const fields = { intent: 'attach', bidId: danceBid, documentKind: 'budget' };
    const wrong = await post(fields, { name: '预算.pdf', bytes: html });
    expect(wrong.status).toBe(400);
    expect((wrong.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe('attachment.errors.type');
    const empty = await post(fields, { name: '预算.pdf', bytes: new Uint8Array() });
    expect(empty.status).toBe(400);
    expect((empty.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe('attachment.errors.empty');
    const none = await post(fields);
    expect((none.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe('attachment.errors.empty');
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf);
    const large = await post(fields, { name: '预算.pdf', bytes: big });
    expect(large.status).toBe(413);
    expect((large.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe('attachment.errors.tooLarge');
    const noKind = await post({ intent: 'attach', bidId: danceBid, documentKind: '营业执照' }, { name: 'x.pdf', bytes: pdf });
    expect(noKind.status).toBe(400);
    expect((noKind.data as { fieldErrors: Record<string, string> }).fieldErrors.documentKind).toBe('documents.errors.kind');
    expect([await rows(), files()]).toEqual([before, stored]);
  });

  it('another bidder, the purchaser or a visitor cannot attach to the bid; nothing is written', async () => {
    const [before, stored] = [await rows(), files()];
    const body = () => upload({ intent: 'attach', bidId: danceBid, documentKind: 'other' }, { name: 'x.pdf', bytes: pdf });
    const other = await callRoute(bidForm.action as never, { url: `/projects/${projectId}/bid`, params: { id: projectId }, cookie: C.agency, body: body() });
    expect(other.status).toBe(404);
    const purchaser = await callRoute(bidForm.action as never, {
      url: `/projects/${projectId}/bid`,
      params: { id: projectId },
      cookie: C.bureau,
      body: body(),
    });
    expect(purchaser.status).toBe(403);
    const visitor = await callRoute(bidForm.action as never, { url: `/projects/${projectId}/bid`, params: { id: projectId }, body: body() });
    expect([302, 401, 403]).toContain(visitor.status);
    await expect(attachBidDocument(t.db, ctx(A.agency!), danceBid, 'other', { name: 'x.pdf', bytes: pdf })).rejects.toMatchObject({ code: 'forbidden' });
    expect([await rows(), files()]).toEqual([before, stored]);
  });

  it('before the opening nobody but the bidding organization sees the document: download, bid page, project page, workspace', async () => {
    for (const who of ['bureau', 'agency', 'evaluator', 'committee', 'hub']) {
      const r = await get(doc, who);
      expect(r.status, who).toBe(403);
      const b = await callRoute(bidPage.loader as never, {
        url: `/projects/${projectId}/bids/${danceBid}`,
        params: { id: projectId, bidId: danceBid },
        cookie: C[who],
      });
      expect(b.status, who).toBe(403);
    }
    expect((await get(doc)).status).toBe(302);
    for (const who of ['bureau', 'agency', 'evaluator', undefined]) {
      const p = await callRoute(projectPage.loader as never, { url: `/projects/${projectId}`, params: { id: projectId }, cookie: who ? C[who] : undefined });
      expect(p.status).toBe(200);
      for (const secret of [SEALED_NAME, '密封件', doc]) expect(seen(p), `${who ?? 'visitor'}: ${secret}`).not.toContain(secret);
    }
    const w = await callRoute(workspace.loader as never, { url: '/workspace', cookie: C.agency });
    expect(seen(w)).not.toContain(doc);
    // The other bidder's own bid page lists only its own (none).
    const theirs = await callRoute(bidForm.loader as never, { url: `/projects/${projectId}/bid`, params: { id: projectId }, cookie: C.agency });
    expect(seen(theirs)).not.toContain(SEALED_NAME);
  });

  it('a replacement carries the documents over to the new version', async () => {
    const { id, replaced } = await submitBid(t.db, ctx(A.org!), projectId, bidInput(org.dance!, 149_000_00));
    expect(replaced).toBe(danceBid);
    const moved = await t.db.select({ id: attachments.id, bidId: attachments.bidId }).from(attachments).where(eq(attachments.id, doc));
    expect(moved).toEqual([{ id: doc, bidId: id }]);
    expect(await t.db.select().from(attachments).where(eq(attachments.bidId, danceBid))).toEqual([]);
    danceBid = id;
  });

  it('the bidder takes a document back before the deadline (an anonymous audit row); another bidder or the purchaser cannot', async () => {
    const extra = (await attachBidDocument(t.db, ctx(A.org!), danceBid, 'budget', { name: '舞蹈队预算明细.pdf', bytes: pdf })).id;
    const post = (who: string, attachmentId: string) =>
      callRoute(bidForm.action as never, {
        url: `/projects/${projectId}/bid`,
        params: { id: projectId },
        cookie: C[who],
        body: upload({ intent: 'detach', attachmentId }),
      });
    expect((await post('agency', extra)).status).toBe(404);
    expect((await post('bureau', extra)).status).toBe(403);
    await expect(removeDocument(t.db, ctx(A.agency!), extra)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await t.db.select({ id: attachments.id }).from(attachments).where(eq(attachments.id, extra))).toHaveLength(1);
    expect((await post('org', extra)).status).toBe(302);
    expect(await t.db.select().from(attachments).where(eq(attachments.id, extra))).toEqual([]);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.action, 'bid.detach')).orderBy(desc(auditEvents.at)).limit(1);
    expect(audit).toMatchObject({ actorUserId: null, subjectId: danceBid });
    expect(JSON.stringify(audit!.summary)).not.toContain('舞蹈队');
  });

  it('a withdrawn bid keeps its documents sealed for good', async () => {
    const { id } = await createProject(t.db, ctx(A.bureau!), projectInput({ title: '雁塔区撤回投标附件项目' }));
    await publishProject(t.db, ctx(A.bureau!), id);
    const bid = await submitBid(t.db, ctx(A.agency!), id, bidInput(org.agency!, 100_000_00));
    withdrawnDoc = (await attachBidDocument(t.db, ctx(A.agency!), bid.id, 'budget', { name: '撤回的预算.pdf', bytes: pdf })).id;
    await withdrawBid(t.db, ctx(A.agency!), bid.id);
    await expect(attachBidDocument(t.db, ctx(A.agency!), bid.id, 'other', { name: 'y.pdf', bytes: pdf })).rejects.toMatchObject({ code: 'invalidTransition' });
  });

  it('after the deadline nothing more is attached; nothing is written', async () => {
    advanceClock(11 * DAY);
    const [before, stored] = [await rows(), files()];
    await expect(attachBidDocument(t.db, ctx(A.org!), danceBid, 'other', { name: 'late.pdf', bytes: pdf })).rejects.toMatchObject({
      code: 'invalidTransition',
      messageKey: 'bid.errors.closed',
    });
    const r = await callRoute(bidForm.action as never, {
      url: `/projects/${projectId}/bid`,
      params: { id: projectId },
      cookie: C.org,
      body: upload({ intent: 'attach', bidId: danceBid, documentKind: 'other' }, { name: 'late.pdf', bytes: pdf }),
    });
    expect(r.status).toBe(409);
    await expect(removeDocument(t.db, ctx(A.org!), doc)).rejects.toMatchObject({ code: 'invalidTransition' });
    expect([await rows(), files()]).toEqual([before, stored]);
  });

  it('after the opening the purchaser and the active panel read and download it; other bidders, outsiders, a recused member and visitors never do', async () => {
    await closeBiddingIfDue(t.db, projectId);
    await seatPanel(
      t.db,
      A.bureau!,
      projectId,
      ['evaluator', 'evaluator2', 'evaluator3'].map((e) => A[e]!),
    );
    for (const who of ['bureau', 'evaluator', 'org']) {
      expect((await get(doc, who)).status, who).toBe(200);
      const b = await callRoute(bidPage.loader as never, {
        url: `/projects/${projectId}/bids/${danceBid}`,
        params: { id: projectId, bidId: danceBid },
        cookie: C[who],
      });
      expect(b.status, who).toBe(200);
      expect((b.data as { documents: { id: string; name: string }[] }).documents).toEqual([expect.objectContaining({ id: doc, name: SEALED_NAME })]);
    }
    // Another bid's page lists its own documents only (none here).
    const theirs = await callRoute(bidPage.loader as never, {
      url: `/projects/${projectId}/bids/${agencyBid}`,
      params: { id: projectId, bidId: agencyBid },
      cookie: C.bureau,
    });
    expect((theirs.data as { documents: unknown[] }).documents).toEqual([]);
    for (const who of ['agency', 'committee', 'hub']) {
      expect((await get(doc, who)).status, who).toBe(403);
      const b = await callRoute(bidPage.loader as never, {
        url: `/projects/${projectId}/bids/${danceBid}`,
        params: { id: projectId, bidId: danceBid },
        cookie: C[who],
      });
      expect(b.status, who).toBe(403);
    }
    expect((await get(doc)).status).toBe(302);
    for (const who of ['agency', undefined]) {
      const p = await callRoute(projectPage.loader as never, { url: `/projects/${projectId}`, params: { id: projectId }, cookie: who ? C[who] : undefined });
      for (const secret of [SEALED_NAME, doc]) expect(seen(p), `${who ?? 'visitor'}: ${secret}`).not.toContain(secret);
    }
    await declareConflict(t.db, ctx(A.evaluator3!), projectId, '本人曾在该投标单位兼职，申请回避。');
    expect((await get(doc, 'evaluator3')).status).toBe(403);
    // A withdrawn version is never opened: not even the purchaser reads its documents.
    expect((await get(withdrawnDoc, 'bureau')).status).toBe(403);
    expect((await get(withdrawnDoc, 'agency')).status).toBe(200);
  });
});

describe('filing documents, for the applicant and its reviewers only', () => {
  let applicationId = '';
  let doc = '';

  beforeAll(async () => {
    const { id } = await submitFiling(t.db, ctx(A.leader!), {
      name: '永松社区太极拳队',
      regionCode: DEMO.community,
      serviceCategories: ['sports'],
      beneficiaryGroups: ['allResidents'],
      leaderName: '吴刚',
      contactPhone: '13800000009',
      foundedOn: '2024-03-01',
      memberCount: 12,
      charter: '第一条 本队由社区居民自愿组成，在社区居委会指导下开展太极拳健身活动。',
      rules: '每周二、四早晨集体练习。',
    });
    applicationId = id;
  });

  it('the applicant attaches its charter on the application page; the page warns that the member list is missing', async () => {
    const r = await callRoute(filingPage.action as never, {
      url: `/filings/${applicationId}`,
      params: { id: applicationId },
      cookie: C.leader,
      body: upload({ intent: 'attach', documentKind: 'charter' }, { name: FILING_NAME, bytes: pdf }),
    });
    expect(r.status).toBe(302);
    const [row] = await t.db.select().from(attachments).where(eq(attachments.filingApplicationId, applicationId));
    expect(row).toMatchObject({ documentKind: 'charter', originalName: FILING_NAME, bidId: null, deliverableId: null });
    doc = row!.id;
    const page = await callRoute(filingPage.loader as never, { url: `/filings/${applicationId}`, params: { id: applicationId }, cookie: C.committee });
    const data = page.data as { documents: { id: string }[]; missingDocuments: string[]; mayAttach: boolean };
    expect(data.documents.map((d) => d.id)).toEqual([doc]);
    expect(data.missingDocuments).toEqual(['memberList']);
    expect(data.mayAttach).toBe(false);
  });

  it('a wrong file and a reviewer’s upload are refused; nothing is written', async () => {
    const [before, stored] = [await rows(), files()];
    const wrong = await callRoute(filingPage.action as never, {
      url: `/filings/${applicationId}`,
      params: { id: applicationId },
      cookie: C.leader,
      body: upload({ intent: 'attach', documentKind: 'memberList' }, { name: '名单.pdf', bytes: html }),
    });
    expect(wrong.status).toBe(400);
    expect((wrong.data as { fieldErrors: Record<string, string> }).fieldErrors.file).toBe('attachment.errors.type');
    const reviewer = await callRoute(filingPage.action as never, {
      url: `/filings/${applicationId}`,
      params: { id: applicationId },
      cookie: C.committee,
      body: upload({ intent: 'attach', documentKind: 'memberList' }, { name: '名单.pdf', bytes: pdf }),
    });
    expect(reviewer.status).toBe(403);
    await expect(attachFilingDocument(t.db, ctx(A.org!), applicationId, 'other', { name: 'x.pdf', bytes: pdf })).rejects.toMatchObject({ code: 'forbidden' });
    expect([await rows(), files()]).toEqual([before, stored]);
  });

  it('the applicant takes a document back while the application waits; a reviewer cannot', async () => {
    const extra = (await attachFilingDocument(t.db, ctx(A.leader!), applicationId, 'other', { name: '其他材料.pdf', bytes: pdf })).id;
    const post = (who: string) =>
      callRoute(filingPage.action as never, {
        url: `/filings/${applicationId}`,
        params: { id: applicationId },
        cookie: C[who],
        body: upload({ intent: 'detach', attachmentId: extra }),
      });
    expect((await post('committee')).status).toBe(403);
    expect(await t.db.select({ id: attachments.id }).from(attachments).where(eq(attachments.id, extra))).toHaveLength(1);
    // Another application's document is not this page's to remove.
    const other = await callRoute(filingPage.action as never, {
      url: `/filings/${applicationId}`,
      params: { id: applicationId },
      cookie: C.leader,
      body: upload({ intent: 'detach', attachmentId: randomUUID() }),
    });
    expect(other.status).toBe(404);
    expect((await post('leader')).status).toBe(302);
    expect(await t.db.select().from(attachments).where(eq(attachments.id, extra))).toEqual([]);
  });

  it('the applicant and the reviewing committee, station and bureau download it; anyone else never', async () => {
    for (const who of ['leader', 'committee', 'station', 'bureau']) expect((await get(doc, who)).status, who).toBe(200);
    for (const who of ['org', 'agency', 'evaluator', 'hub']) expect((await get(doc, who)).status, who).toBe(403);
    expect((await get(doc)).status).toBe(302);
  });

  it('once past the first review the documents are fixed; filed, the public organization page never lists them', async () => {
    await firstReviewFiling(t.db, ctx(A.committee!), { applicationId, decision: 'pass' });
    const before = await rows();
    await expect(attachFilingDocument(t.db, ctx(A.leader!), applicationId, 'memberList', { name: 'm.pdf', bytes: pdf })).rejects.toMatchObject({
      code: 'invalidTransition',
    });
    expect(await rows()).toBe(before);
    const { organizationId } = await decideFiling(t.db, ctx(A.station!), { applicationId, decision: 'file' });
    for (const who of [undefined, 'agency', 'leader', 'bureau']) {
      const p = await callRoute(orgPage.loader as never, { url: `/orgs/${organizationId}`, params: { id: organizationId! }, cookie: who ? C[who] : undefined });
      expect(p.status).toBe(200);
      for (const secret of [FILING_NAME, doc]) expect(seen(p), `${who ?? 'visitor'}: ${secret}`).not.toContain(secret);
    }
    // The applicant, now the organization's administrator, still reads its filing's documents.
    expect((await get(doc, 'leader')).status).toBe(200);
  });
});
