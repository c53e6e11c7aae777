import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type DbHandle } from '#db/client';
import { migrate, migrationsFolder, readJournal } from '#db/migrate';
import { auditEvents } from '#db/schema';
import { GENESIS_HASH, legacyHash, type AuditContent } from '~/domain/audit-hash';
import { auditReport, walkAuditChain } from '~/queries/audit.server';
import { recordAudit } from '~/services/audit.server';
import { auditKey } from '~/lib/audit-key.server';
import { takeCheckpoint, readCheckpoints } from '~/lib/audit-checkpoints.server';

/**
 * A database from before the keyed chain: migrated to 0011, audit rows written the old way (unkeyed
 * SHA-256), then upgraded. Its own embedded database: the history has to be written before 0012.
 */
let handle: DbHandle;
const scratch = mkdtempSync(path.join(tmpdir(), 'audit-legacy-'));
const LEGACY_ROWS = 4;

beforeAll(async () => {
  const full = migrationsFolder();
  const old = path.join(scratch, 'drizzle');
  cpSync(full, old, { recursive: true });
  const entries = readJournal(full).filter((e) => e.tag < '0014');
  writeFileSync(path.join(old, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }));
  handle = openDb({ dataDir: 'memory://' });
  await migrate(handle.db, old);
  let prev = GENESIS_HASH;
  for (let i = 1; i <= LEGACY_ROWS; i++) {
    const c: AuditContent = {
      at: new Date(Date.UTC(2025, 5, i)).toISOString(),
      actorUserId: null,
      actorRole: 'bureauStaff',
      action: 'filing.file',
      subjectType: 'filingApplication',
      subjectId: `legacy-${i}`,
      summary: { after: { status: 'filed' } },
      requestId: null,
    };
    const hash = legacyHash(prev, c);
    await handle.db.execute(sql`INSERT INTO audit_events (at, actor_user_id, actor_role, action, subject_type, subject_id, summary, request_id, prev_hash, hash)
      VALUES (${c.at}, NULL, ${c.actorRole}, ${c.action}, ${c.subjectType}, ${c.subjectId}, ${JSON.stringify(c.summary)}::jsonb, NULL, ${prev}, ${hash})`);
    prev = hash;
  }
  // The upgrade applies the keyed chain and every migration after it.
  expect(await migrate(handle.db)).toEqual(
    readJournal(full)
      .filter((e) => e.tag >= '0014')
      .map((e) => e.tag),
  );
  for (let i = 0; i < 3; i++) {
    await handle.db.transaction((tx) =>
      recordAudit(tx, { actorUserId: null, actorRole: 'platformAdmin', action: 'test.after-upgrade', subjectType: 'test', subjectId: `${i}`, summary: {} }),
    );
  }
});

afterAll(async () => {
  await handle?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const key = () => auditKey();

async function insider(fn: () => Promise<unknown>) {
  await handle.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`);
  try {
    await fn();
  } finally {
    await handle.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`);
  }
}

describe('an audit log written before the keyed chain', () => {
  it('keeps its rows as chain 1 through the upgrade, anchored by the first keyed row, and verifies', async () => {
    const rows = await handle.db.select({ id: auditEvents.id, chain: auditEvents.chain }).from(auditEvents).orderBy(asc(auditEvents.id));
    expect(rows.map((r) => r.chain)).toEqual([1, 1, 1, 1, 2, 2, 2]);
    const s = await walkAuditChain(handle.db, key().bytes);
    expect(s).toMatchObject({ problem: null, rows: 7, legacyRows: LEGACY_ROWS, keyedFrom: LEGACY_ROWS + 1 });
  });

  it('a legacy row rewritten with its SHA-256 chain recomputed is found at the anchor', async () => {
    const original = await handle.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.id} <= ${LEGACY_ROWS}`)
      .orderBy(asc(auditEvents.id));
    await insider(async () => {
      let prev = GENESIS_HASH;
      for (const row of original) {
        const summary = row.id === 2 ? { after: { status: 'rejected' } } : row.summary;
        const hash = legacyHash(prev, { ...row, summary });
        await handle.db.update(auditEvents).set({ summary, prevHash: prev, hash }).where(eq(auditEvents.id, row.id));
        prev = hash;
      }
    });
    expect((await walkAuditChain(handle.db, key().bytes)).problem).toEqual({ kind: 'link', id: LEGACY_ROWS + 1, afterId: LEGACY_ROWS });
    await insider(async () => {
      for (const row of original)
        await handle.db.update(auditEvents).set({ summary: row.summary, prevHash: row.prevHash, hash: row.hash }).where(eq(auditEvents.id, row.id));
    });
    expect((await walkAuditChain(handle.db, key().bytes)).problem).toBeNull();
  });

  it('keyed rows re-chained as legacy (a downgrade) are named, and the checkpoint says where keyed rows began', async () => {
    const dir = mkdtempSync(path.join(scratch, 'cp-'));
    await takeCheckpoint(handle.db, key(), dir, () => {});
    const keyed = await handle.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.id} > ${LEGACY_ROWS}`)
      .orderBy(asc(auditEvents.id));
    const [anchorPrev] = await handle.db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.id, LEGACY_ROWS));
    await insider(async () => {
      let prev = anchorPrev!.hash;
      for (const row of keyed) {
        const hash = legacyHash(prev, { ...row, actorRole: 'bureauStaff' });
        await handle.db.update(auditEvents).set({ chain: 1, actorRole: 'bureauStaff', prevHash: prev, hash }).where(eq(auditEvents.id, row.id));
        prev = hash;
      }
    });
    const { found } = await readCheckpoints(dir);
    const r = await auditReport(handle.db, key().bytes, key().kid, found);
    // Every SHA-256 matches: the chain alone sees a legacy log; the checkpoint does not.
    expect(r.chain).toMatchObject({ problem: null, keyedFrom: null, legacyRows: 7 });
    expect(r.problems.map((p) => p.kind)).toEqual(['macDiffers', 'anchorDiffers']);
  });
});
