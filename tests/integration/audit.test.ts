import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, desc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { auditEvents } from '#db/schema';
import { auditMac, canonicalJson, type ChainRow } from '~/domain/audit-hash';
import { CHECKPOINT_MARKER, parseCheckpoint } from '~/domain/audit-checkpoint';
import { auditReport, verifyAuditChain } from '~/queries/audit.server';
import { recordAudit } from '~/services/audit.server';
import { auditKey, type AuditKey } from '~/lib/audit-key.server';
import { ChainHeadError, readCheckpoints, startCheckpoints, takeCheckpoint } from '~/lib/audit-checkpoints.server';
import { resetEnvForTests } from '~/lib/env.server';
import * as auditPage from '~/routes/audit';
import { setupTestDb } from '../support/db';
import { callRoute, cookieFor } from '../support/routes';

const t = setupTestDb();
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh checkpoint folder, as if outside the database. */
function folder(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'audit-checkpoints-'));
  dirs.push(d);
  return d;
}

const quiet = () => {};
const key = (): AuditKey => auditKey();
const report = async (dir: string) => auditReport(t.db, key().bytes, key().kid, (await readCheckpoints(dir)).found);

async function append(n: number) {
  for (let i = 0; i < n; i++) {
    await t.db.transaction((tx) =>
      recordAudit(tx, {
        actorUserId: null,
        actorRole: 'bureauStaff',
        action: 'test.append',
        subjectType: 'test',
        subjectId: `${i}`,
        summary: { after: { n: i } },
      }),
    );
  }
}

async function lastIds(n: number): Promise<number[]> {
  return (await t.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(n)).map((r) => r.id).reverse();
}

/** The database insider: the table's owner turns the append-only trigger off, edits, turns it on. */
async function asInsider(fn: () => Promise<unknown>) {
  await t.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
  try {
    await fn();
  } finally {
    await t.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
  }
}

/** Rows from `id` on, to put back after a test tampered with them. */
async function saveFrom(id: number) {
  const rows = await t.db.select().from(auditEvents).where(gte(auditEvents.id, id)).orderBy(asc(auditEvents.id));
  return () =>
    asInsider(async () => {
      await t.db.delete(auditEvents).where(gte(auditEvents.id, id));
      if (rows.length) await t.db.insert(auditEvents).values(rows);
    });
}

/** Rewrites row `id`'s summary and recomputes every later link with `hashOf`, as an insider would. */
async function rewriteFrom(id: number, hashOf: (prev: string, row: ChainRow) => string) {
  const rows = (await t.db.select().from(auditEvents).where(gte(auditEvents.id, id)).orderBy(asc(auditEvents.id))) as ChainRow[];
  const [before] = await t.db
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(sql`${auditEvents.id} < ${id}`)
    .orderBy(desc(auditEvents.id))
    .limit(1);
  let prev = before!.hash;
  await asInsider(async () => {
    for (const row of rows) {
      const next = { ...row, prevHash: prev, summary: row.id === id ? { after: { status: 'awarded' } } : row.summary };
      next.hash = hashOf(prev, next);
      await t.db.update(auditEvents).set({ prevHash: next.prevHash, hash: next.hash, summary: next.summary }).where(eq(auditEvents.id, row.id));
      prev = next.hash;
    }
  });
}

describe('the audit log is append-only and chained under the key', () => {
  it('the seeded history is keyed and verifies, with a checkpoint taken by the app', async () => {
    const [{ legacy, keyed }] = (await t.db
      .select({ legacy: sql<number>`count(*) FILTER (WHERE chain = 1)::int`, keyed: sql<number>`count(*) FILTER (WHERE chain = 2)::int` })
      .from(auditEvents)) as [{ legacy: number; keyed: number }];
    expect(legacy).toBe(0);
    expect(keyed).toBeGreaterThan(20);
    expect(await verifyAuditChain(t.db, key().bytes)).toEqual({ ok: true, rows: keyed });

    const dir = folder();
    const lines: string[] = [];
    const cp = await takeCheckpoint(t.db, key(), dir, (l) => lines.push(l));
    const [last] = await lastIds(1);
    expect(cp).toMatchObject({ lastId: last, rows: keyed, kid: key().kid, keyedFrom: 1 });
    // One line in the log (for log shipping) and the same line in this month's file.
    expect(lines).toEqual([expect.stringContaining(CHECKPOINT_MARKER)]);
    const files = readdirSync(dir);
    expect(files).toEqual([`checkpoints-${cp!.at.slice(0, 7)}.jsonl`]);
    expect(parseCheckpoint(readFileSync(path.join(dir, files[0]!), 'utf8').trim())).toEqual(cp);
    expect(parseCheckpoint(lines[0]!)).toEqual(cp);

    const r = await report(dir);
    expect(r.problems).toEqual([]);
    expect(r.latest?.checkpoint).toEqual(cp);
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit rows from its owner too', async () => {
    const reason = (p: Promise<unknown>) =>
      p.then(
        () => 'allowed',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await reason(t.db.execute(sql`UPDATE audit_events SET action = 'x' WHERE id = 1`))).toMatch(/append-only/);
    expect(await reason(t.db.execute(sql`DELETE FROM audit_events WHERE id = 1`))).toMatch(/append-only/);
    expect(await reason(t.db.execute(sql`TRUNCATE audit_events`))).toMatch(/append-only/);
    const [first] = await t.db
      .select()
      .from(auditEvents)
      .where(sql`id = 1`);
    expect(first!.action).not.toBe('x');
  });

  it('a row written beside a failed change is rolled back with it', async () => {
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    await expect(
      t.db.transaction(async (tx) => {
        await recordAudit(tx, { actorUserId: null, actorRole: null, action: 'test.doomed', subjectType: 'test', subjectId: '1', summary: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await verifyAuditChain(t.db, key().bytes)).ok).toBe(true);
  });
});

describe('what an insider does is named', () => {
  it('a deleted tail: the chain alone still verifies, the checkpoint names the rows after #N as missing', async () => {
    await append(4);
    const dir = folder();
    const cp = (await takeCheckpoint(t.db, key(), dir, quiet))!;
    const [a, , , d] = await lastIds(4);
    const restore = await saveFrom(a!);
    await asInsider(() => t.db.delete(auditEvents).where(gte(auditEvents.id, a! + 1)));

    expect((await verifyAuditChain(t.db, key().bytes)).ok).toBe(true);
    const r = await report(dir);
    expect(r.problems).toEqual([{ kind: 'tailMissing', source: expect.stringContaining('.jsonl:1'), at: cp.at, lastId: d, rows: cp.rows, chainLastId: a }]);
    await restore();
    expect((await report(dir)).problems).toEqual([]);
  });

  it('a rewritten row with every later hash recomputed by SHA-256 or under a wrong key: the row is named', async () => {
    const dir = folder();
    await takeCheckpoint(t.db, key(), dir, quiet);
    const [victim, , , last] = await lastIds(4);
    const restore = await saveFrom(victim!);
    const forgers = {
      sha256: (prev: string, row: ChainRow) =>
        createHash('sha256')
          .update(prev)
          .update(canonicalJson({ ...row, prevHash: undefined, hash: undefined }))
          .digest('hex'),
      wrongKey: (prev: string, row: ChainRow) => auditMac(new Uint8Array(32).fill(1), prev, row),
    };
    for (const forge of Object.values(forgers)) {
      await rewriteFrom(victim!, forge);
      const r = await report(dir);
      expect(r.problems).toEqual([
        { kind: 'mac', id: victim },
        { kind: 'macDiffers', source: expect.any(String), at: expect.any(String), lastId: last },
      ]);
      await restore();
    }
    expect((await report(dir)).problems).toEqual([]);
  });

  it('an insider holding the key re-signs the rewritten history: the checkpoints written before name it', async () => {
    const dir = folder();
    await takeCheckpoint(t.db, key(), dir, quiet);
    const [victim, , last] = await lastIds(3);
    const restore = await saveFrom(victim!);
    await rewriteFrom(victim!, (prev, row) => auditMac(key().bytes, prev, row));
    expect((await verifyAuditChain(t.db, key().bytes)).ok).toBe(true);
    expect((await report(dir)).problems).toEqual([{ kind: 'macDiffers', source: expect.any(String), at: expect.any(String), lastId: last }]);
    await restore();
  });

  it('a forged checkpoint is named with its file and line', async () => {
    const dir = folder();
    const cp = (await takeCheckpoint(t.db, key(), dir, quiet))!;
    const { readFile, appendFile } = await import('node:fs/promises');
    const file = path.join(dir, readdirSync(dir)[0]!);
    // Someone hides a later deletion behind a checkpoint of their own: they cannot sign it.
    await appendFile(file, `${JSON.stringify({ ...cp, lastId: cp.lastId - 2, rows: cp.rows - 2, at: new Date().toISOString() })}\n`);
    expect((await readFile(file, 'utf8')).trim().split('\n')).toHaveLength(2);
    const r = await report(dir);
    expect(r.problems).toEqual([{ kind: 'forged', source: `${file}:2`, at: expect.any(String), lastId: cp.lastId - 2 }]);
    expect(r.latest?.checkpoint).toEqual(cp);
  });

  it('a wrong key writes no checkpoint and stops start-up', async () => {
    const other: AuditKey = { bytes: new Uint8Array(32).fill(9), kid: 'other', source: 'test' };
    const dir = folder();
    await expect(takeCheckpoint(t.db, other, dir, quiet)).rejects.toThrow(ChainHeadError);
    await expect(startCheckpoints(t.db, other, dir, 10, quiet)).rejects.toThrow(
      /the audit key other \(test\) verifies none of the audit chain's latest keyed rows/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a row inserted without the key is named; no checkpoint vouches for it, but the app still starts', async () => {
    const [last] = await t.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    const restore = await saveFrom(last!.id + 1);
    const { id: _id, ...rest } = last!;
    await t.db.insert(auditEvents).values({ ...rest, action: 'test.smuggled', prevHash: last!.hash, hash: createHash('sha256').update('x').digest('hex') });
    const [bogus] = await lastIds(1);
    const dir = folder();
    await expect(takeCheckpoint(t.db, key(), dir, quiet)).rejects.toThrow(`the audit chain's last row #${bogus} does not match its MAC`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const timer = await startCheckpoints(t.db, key(), dir, 0, quiet);
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^audit checkpoint skipped: the audit chain's last row/));
    errors.mockRestore();
    expect(readdirSync(dir)).toEqual([]);
    expect((await verifyAuditChain(t.db, key().bytes)).ok).toBe(false);
    await restore();
    await timer.stop();
    expect((await report(dir)).problems).toEqual([]);
  });
});

describe('checkpoints from the running app', () => {
  it('one at start, another only when the chain moved, a last one at shutdown', async () => {
    const dir = folder();
    const lines = () =>
      readdirSync(dir)
        .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trim().split('\n'))
        .map((l) => parseCheckpoint(l)!);
    const timer = await startCheckpoints(t.db, key(), dir, 0.005, quiet); // every 300 ms
    expect(lines()).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(lines()).toHaveLength(1);
    await append(1);
    await vi.waitFor(() => expect(lines()).toHaveLength(2), { timeout: 3000 });
    const [moved] = await lastIds(1);
    expect(lines()[1]!.lastId).toBe(moved);
    await append(1);
    await timer.stop();
    const [final] = await lastIds(1);
    expect(lines().at(-1)!.lastId).toBe(final);
    expect((await report(dir)).problems).toEqual([]);
  });

  it('several writers at once leave whole lines that agree', async () => {
    const dir = folder();
    await Promise.all(Array.from({ length: 8 }, () => takeCheckpoint(t.db, key(), dir, quiet)));
    const read = await readCheckpoints(dir);
    expect(read.unreadable).toEqual([]);
    expect(read.found).toHaveLength(8);
    expect(new Set(read.found.map((f) => `${f.checkpoint.lastId}:${f.checkpoint.lastMac}`)).size).toBe(1);
    expect((await report(dir)).problems).toEqual([]);
  });
});

describe('the audit page', () => {
  it('verifies with the same check as audit:verify, and names a deleted tail to the administrator', async () => {
    const dir = folder();
    process.env.AUDIT_CHECKPOINT_DIR = dir;
    resetEnvForTests();
    const admin = await cookieFor(t.db, 'admin@demo.cn');
    const cp = (await takeCheckpoint(t.db, key(), dir, quiet))!;
    type Verdict = { rows: number; latest: { at: string; id: number } | null; problems: { key: string; params: Record<string, unknown> }[] };
    const page = async () => ((await callRoute(auditPage.loader, { url: '/audit?verify=1', cookie: admin })).data as { verdict: Verdict }).verdict;
    expect(await page()).toEqual({ rows: cp.rows, latest: { at: cp.at, id: cp.lastId }, problems: [] });
    const restore = await saveFrom(cp.lastId);
    await asInsider(() => t.db.delete(auditEvents).where(gte(auditEvents.id, cp.lastId)));
    const [last] = await lastIds(1);
    expect((await page()).problems).toEqual([{ key: 'audit.problem.tailMissing', params: { last: last!, at: cp.at, seen: cp.lastId, rows: cp.rows } }]);
    await restore();
  });
});
