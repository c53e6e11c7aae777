import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditMac, canonicalJson, emptyChain, GENESIS_HASH, KEYED_CHAIN, keyId, walkChain, type ChainRow } from './audit-hash';
import {
  CHECKPOINT_MARKER,
  checkpointLine,
  checkpointSignatureOk,
  judgeCheckpoints,
  parseCheckpoint,
  selectCheckpoints,
  signCheckpoint,
  type Checkpoint,
  type CheckpointBody,
  type FoundCheckpoint,
} from './audit-checkpoint';

const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(8);
const KID = keyId(KEY);

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= n; id++) {
    const c = {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, id)).toISOString(),
      actorUserId: null,
      actorRole: null,
      action: 'x',
      subjectType: 't',
      subjectId: `${id}`,
      summary: {},
      requestId: null,
    };
    const hash = auditMac(KEY, prev, { id, ...c });
    rows.push({ id, ...c, chain: KEYED_CHAIN, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

const ROWS = chain(10);
const IDENTITY = { database: 'community', origin: { id: 1, hash: ROWS[0]!.hash } };

/** A checkpoint of ROWS as they were when row `upTo` was the last. */
function checkpointAt(upTo: number, at = `2026-05-01T10:${String(upTo).padStart(2, '0')}:00.000Z`, key = KEY): Checkpoint {
  const body: CheckpointBody = {
    v: 1,
    ...IDENTITY,
    keyedFrom: 1,
    lastId: upTo,
    lastMac: ROWS[upTo - 1]!.hash,
    rows: upTo,
    at,
    writer: 'host/1',
    kid: keyId(key),
  };
  return signCheckpoint(key, body);
}

const found = (...cps: Checkpoint[]): FoundCheckpoint[] => cps.map((checkpoint, i) => ({ checkpoint, source: `f.jsonl:${i + 1}` }));
const walked = (rows: ChainRow[], cps: Checkpoint[]) => walkChain(emptyChain(), rows, KEY, new Set(cps.map((c) => c.lastId)));

describe('checkpoint signatures', () => {
  it('verify under the key, and fail when any field or the key is changed', () => {
    const cp = checkpointAt(5);
    expect(checkpointSignatureOk(KEY, cp)).toBe(true);
    expect(checkpointSignatureOk(OTHER_KEY, cp)).toBe(false);
    const changes: Partial<Checkpoint>[] = [
      { lastId: 6 },
      { lastMac: ROWS[5]!.hash },
      { rows: 4 },
      { at: '2026-05-02T00:00:00.000Z' },
      { database: 'other' },
      { origin: { id: 2, hash: ROWS[1]!.hash } },
      { keyedFrom: null },
      { writer: 'evil/1' },
      { kid: '0'.repeat(16) },
      { sig: '0'.repeat(64) },
    ];
    for (const change of changes) expect(checkpointSignatureOk(KEY, { ...cp, ...change }), JSON.stringify(change)).toBe(false);
  });

  it('are not row MACs: the checkpoint key is derived, so a row MAC over the same text does not pass', () => {
    const cp = checkpointAt(5);
    const { sig: _sig, ...body } = cp;
    const withRowKey = createHmac('sha256', KEY).update(canonicalJson(body)).digest('hex');
    expect(checkpointSignatureOk(KEY, { ...cp, sig: withRowKey })).toBe(false);
  });

  it('read back from a file line and from a log line; anything else is not a checkpoint', () => {
    const cp = checkpointAt(5);
    expect(parseCheckpoint(checkpointLine(cp))).toEqual(cp);
    expect(parseCheckpoint(`2026-05-01T10:05:00Z app[812]: ${CHECKPOINT_MARKER} ${checkpointLine(cp)}`)).toEqual(cp);
    expect(parseCheckpoint(checkpointLine(cp).slice(0, 80))).toBeNull();
    expect(parseCheckpoint(JSON.stringify({ ...cp, lastId: '5' }))).toBeNull();
    expect(parseCheckpoint('listening on http://localhost:3000')).toBeNull();
  });
});

describe('checking a chain against its checkpoints', () => {
  it('an intact chain matches every checkpoint', () => {
    const cps = [checkpointAt(3), checkpointAt(7), checkpointAt(10)];
    const sel = selectCheckpoints(found(...cps), IDENTITY, KEY, KID);
    expect(sel).toMatchObject({ others: 0, problems: [] });
    expect(judgeCheckpoints(sel.mine, walked(ROWS, cps))).toEqual([]);
  });

  it('names a deleted tail: rows after #N are missing, the checkpoint saw #M', () => {
    const cps = [checkpointAt(4), checkpointAt(9)];
    const problems = judgeCheckpoints(found(...cps), walked(ROWS.slice(0, 7), cps));
    expect(problems).toEqual([{ kind: 'tailMissing', source: 'f.jsonl:2', at: cps[1]!.at, lastId: 9, rows: 9, chainLastId: 7 }]);
  });

  it('names an emptied log', () => {
    const cps = [checkpointAt(6)];
    const sel = selectCheckpoints(found(...cps), { database: 'community', origin: null }, KEY, KID);
    expect(judgeCheckpoints(sel.mine, walked([], cps))).toMatchObject([{ kind: 'tailMissing', lastId: 6, chainLastId: null }]);
  });

  it('names a row whose MAC differs from the checkpoint, even when the chain was re-signed with the key', () => {
    // An insider who has the key rewrites row 5 and re-signs everything after it: the chain verifies,
    // the checkpoints written before do not.
    const rows = ROWS.map((r) => ({ ...r }));
    rows[4]!.actorRole = 'platformAdmin';
    for (let i = 4; i < rows.length; i++) {
      rows[i]!.prevHash = rows[i - 1]!.hash;
      rows[i]!.hash = auditMac(KEY, rows[i]!.prevHash, rows[i]!);
    }
    const cps = [checkpointAt(3), checkpointAt(6), checkpointAt(8)];
    const state = walked(rows, cps);
    expect(state.problem).toBeNull();
    expect(judgeCheckpoints(found(...cps), state).map((p) => [p.kind, 'lastId' in p ? p.lastId : null])).toEqual([
      ['macDiffers', 6],
      ['macDiffers', 8],
    ]);
  });

  it('names a row count that differs and keyed rows that begin elsewhere', () => {
    const cp = signCheckpoint(KEY, { ...checkpointAt(5), rows: 6, keyedFrom: 2 });
    expect(judgeCheckpoints(found(cp), walked(ROWS, [cp]))).toEqual([
      { kind: 'countDiffers', source: 'f.jsonl:1', at: cp.at, lastId: 5, expected: 6, actual: 5 },
      { kind: 'anchorDiffers', source: 'f.jsonl:1', at: cp.at, expected: 2, actual: 1 },
    ]);
  });

  it('names a forged checkpoint, and one of this chain signed by another key', () => {
    const forged = { ...checkpointAt(10), lastId: 12, rows: 12 };
    const foreign = checkpointAt(10, undefined, OTHER_KEY);
    const sel = selectCheckpoints(found(checkpointAt(5), forged, foreign), IDENTITY, KEY, KID);
    expect(sel.mine).toHaveLength(1);
    expect(sel.problems).toEqual([
      { kind: 'forged', source: 'f.jsonl:2', at: forged.at, lastId: 12 },
      { kind: 'otherKey', source: 'f.jsonl:3', at: foreign.at, lastId: 10, kid: keyId(OTHER_KEY) },
    ]);
  });

  it('ignores the checkpoints of another database, or of a database recreated under the same name', () => {
    const elsewhere = signCheckpoint(KEY, { ...checkpointAt(10), database: 'staging' });
    const recreated = signCheckpoint(KEY, { ...checkpointAt(10), origin: { id: 1, hash: 'f'.repeat(64) } });
    const unknownKey = signCheckpoint(OTHER_KEY, { ...checkpointAt(10, undefined, OTHER_KEY), database: 'staging' });
    expect(selectCheckpoints(found(elsewhere, recreated, unknownKey), IDENTITY, KEY, KID)).toEqual({ mine: [], others: 3, problems: [] });
  });
});
