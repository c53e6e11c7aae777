import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { attachments, deliverables } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { attachFile } from '~/services/attach-file.server';
import * as download from '~/routes/attachments.$id';
import { actorByEmail, setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), 'uploads-'));
const t = setupTestDb();
const A: Record<string, Actor> = {};
let deliverableId = '';
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachments))[0]!.n;

beforeAll(async () => {
  for (const w of ['org', 'bureau', 'agency', 'hub']) A[w] = await actorByEmail(t.db, `${w}@demo.cn`);
  // The demo's elderly-care contract has a resubmitted mid-term report by org@demo.cn's team.
  const [d] = await t.db.select().from(deliverables).where(eq(deliverables.status, 'submitted'));
  deliverableId = d!.id;
});

describe('deliverable attachments', () => {
  it('stores a PDF under a generated name and serves it as an attachment with nosniff, to the contract’s sides only', async () => {
    const { id, kind } = await attachFile(t.db, { actor: A.org! }, deliverableId, { name: '中期报告.pdf', bytes: pdf });
    expect(kind).toBe('pdf');
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, id));
    expect(row!.storedName).toMatch(/^[0-9a-f-]{36}\.pdf$/);
    expect(row!.storedName).not.toContain('中期');
    const r = await callRoute(download.loader as never, { url: `/attachments/${id}`, params: { id }, cookie: await cookieFor(t.db, 'bureau@demo.cn') });
    expect(r.status).toBe(200);
    expect(r.headers.get('Content-Disposition')).toMatch(/^attachment; .*filename\*=UTF-8''%E4%B8%AD%E6%9C%9F/);
    expect(r.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(r.headers.get('Content-Type')).toBe('application/pdf');
    const outsider = await callRoute(download.loader as never, { url: `/attachments/${id}`, params: { id }, cookie: await cookieFor(t.db, 'agency@demo.cn') });
    expect(outsider.status).toBe(403);
    const anonymous = await callRoute(download.loader as never, { url: `/attachments/${id}`, params: { id } });
    expect(anonymous.status).toBe(302);
  });

  it('refuses an oversize file, wrong magic bytes, a path in the name, and the wrong person; nothing is written', async () => {
    const before = await count();
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(pdf);
    await expect(attachFile(t.db, { actor: A.org! }, deliverableId, { name: 'big.pdf', bytes: big })).rejects.toMatchObject({
      messageKey: 'attachment.errors.tooLarge',
    });
    await expect(
      attachFile(t.db, { actor: A.org! }, deliverableId, { name: 'report.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script>') }),
    ).rejects.toMatchObject({
      messageKey: 'attachment.errors.type',
    });
    await expect(attachFile(t.db, { actor: A.org! }, deliverableId, { name: '../../server.js', bytes: pdf })).rejects.toMatchObject({
      messageKey: 'attachment.errors.name.path',
    });
    await expect(attachFile(t.db, { actor: A.agency! }, deliverableId, { name: 'x.pdf', bytes: pdf })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(attachFile(t.db, { actor: A.bureau! }, deliverableId, { name: 'x.pdf', bytes: pdf })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await count()).toBe(before);
  });
});
