import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditMac,
  canonicalJson,
  decodeAuditKey,
  emptyChain,
  GENESIS_HASH,
  KEYED_CHAIN,
  keyId,
  LEGACY_CHAIN,
  legacyHash,
  walkChain,
  type AuditContent,
  type ChainRow,
} from './audit-hash';

const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(8);

function content(i: number): AuditContent {
  return {
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    actorUserId: 'u1',
    actorRole: 'committeeStaff',
    action: 'filing.pass',
    subjectType: 'filingApplication',
    subjectId: `a${i}`,
    summary: { before: { status: 'submitted' }, after: { status: 'firstReviewPassed' } },
    requestId: `r${i}`,
  };
}

/** `legacy` rows on the unkeyed chain, then `keyed` rows under KEY, ids 1… */
function chain(keyed: number, legacy = 0): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let id = 1; id <= legacy + keyed; id++) {
    const c = content(id);
    const isLegacy = id <= legacy;
    const hash = isLegacy ? legacyHash(prev, c) : auditMac(KEY, prev, { id, ...c });
    rows.push({ id, ...c, chain: isLegacy ? LEGACY_CHAIN : KEYED_CHAIN, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** What an insider without the key can do after editing row `from`: recompute every later link. */
function relink(rows: ChainRow[], from: number, hashOf: (prev: string, row: ChainRow) => string, chainNo = KEYED_CHAIN): ChainRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (let i = from; i < out.length; i++) {
    const r = out[i]!;
    r.chain = chainNo;
    r.prevHash = i === 0 ? GENESIS_HASH : out[i - 1]!.hash;
    r.hash = hashOf(r.prevHash, r);
  }
  return out;
}

const walk = (rows: ChainRow[], key = KEY) => walkChain(emptyChain(), rows, key);

describe('the keyed audit chain', () => {
  it('canonical JSON ignores key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }));
  });

  it('each MAC is HMAC-SHA-256(key, previous MAC + canonical content with the id)', () => {
    const [row] = chain(1);
    const expected = createHmac('sha256', KEY)
      .update(GENESIS_HASH)
      .update(canonicalJson({ id: 1, ...content(1) }))
      .digest('hex');
    expect(row!.hash).toBe(expected);
  });

  it('an untouched chain verifies with its key, and fails at the first keyed row with another key', () => {
    const s = walk(chain(5));
    expect(s).toMatchObject({ problem: null, rows: 5, firstId: 1, lastId: 5, keyedFrom: 1, legacyRows: 0 });
    expect(walk(chain(5), OTHER_KEY).problem).toEqual({ kind: 'mac', id: 1 });
  });

  it('names a row whose content was changed', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, summary: { after: { status: 'filed' } } };
    expect(walk(rows).problem).toEqual({ kind: 'mac', id: 3 });
  });

  it('names the rewritten row when every later link was recomputed with plain SHA-256', () => {
    const rows = chain(6);
    rows[2] = { ...rows[2]!, actorRole: 'platformAdmin' };
    const forged = relink(rows, 2, (prev, r) =>
      createHash('sha256')
        .update(prev)
        .update(canonicalJson({ id: r.id, ...content(r.id) }))
        .digest('hex'),
    );
    expect(walk(forged).problem).toEqual({ kind: 'mac', id: 3 });
  });

  it('names the rewritten row when every later MAC was recomputed with a wrong key', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3]!, subjectId: 'someone-else' };
    const forged = relink(rows, 3, (prev, r) => auditMac(OTHER_KEY, prev, r));
    expect(walk(forged).problem).toEqual({ kind: 'mac', id: 4 });
  });

  it('a downgrade to the unkeyed chain after keyed rows is named, though every SHA-256 matches', () => {
    const rows = chain(6);
    rows[3] = { ...rows[3]!, action: 'filing.reject' };
    const forged = relink(rows, 3, (prev, r) => legacyHash(prev, r), LEGACY_CHAIN);
    expect(walk(forged).problem).toEqual({ kind: 'legacyAfterKeyed', id: 4, keyedFrom: 1 });
  });

  it('names the row after a deleted one, and a chain whose first rows were deleted', () => {
    const rows = chain(5);
    expect(walk([...rows.slice(0, 1), ...rows.slice(2)]).problem).toEqual({ kind: 'link', id: 3, afterId: 1 });
    expect(walk(rows.slice(2)).problem).toEqual({ kind: 'link', id: 3, afterId: null });
  });

  it('a renumbered row no longer matches its MAC', () => {
    const rows = chain(3);
    rows[2] = { ...rows[2]!, id: 30 };
    expect(walk(rows).problem).toEqual({ kind: 'mac', id: 30 });
  });

  it('a deleted tail still verifies as a chain: only a checkpoint can show it (audit-checkpoint.test.ts)', () => {
    expect(walk(chain(5).slice(0, 3))).toMatchObject({ problem: null, lastId: 3 });
  });

  it('the same time written differently gives the same MAC', () => {
    const [row] = chain(1);
    expect(auditMac(KEY, GENESIS_HASH, { ...row!, at: '2026-01-01T08:00:01.000+08:00' })).toBe(row!.hash);
  });

  it('walking in batches gives what one walk gives', () => {
    const rows = chain(7, 3);
    const batched = walkChain(walkChain(emptyChain(), rows.slice(0, 4), KEY), rows.slice(4), KEY);
    const { seen: _a, ...one } = walk(rows);
    const { seen: _b, ...two } = batched;
    expect(two).toEqual(one);
  });

  it('any change to any field of any row is named at that row', () => {
    const rows = chain(8, 2);
    const fields = ['at', 'actorUserId', 'actorRole', 'action', 'subjectType', 'subjectId', 'summary', 'requestId', 'hash'] as const;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rows.length - 1 }), fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 8 }), (i, field, junk) => {
        const tampered = rows.map((r) => ({ ...r }));
        const r = tampered[i]!;
        if (field === 'at') r.at = new Date(Date.parse(r.at) + 1000).toISOString();
        else if (field === 'summary') r.summary = { junk };
        else if (field === 'hash') r.hash = createHash('sha256').update(junk).digest('hex');
        else r[field] = `${r[field] ?? ''}${junk}`;
        expect(walk(tampered).problem).toMatchObject({ id: r.id });
      }),
      { seed: 20260511, numRuns: 300 },
    );
  });
});

describe('rows written before the keyed chain', () => {
  it('verify as a prefix that the first keyed row anchors', () => {
    expect(walk(chain(3, 4))).toMatchObject({ problem: null, rows: 7, legacyRows: 4, keyedFrom: 5 });
  });

  it('a legacy row rewritten with its SHA-256 chain recomputed breaks the anchor', () => {
    const rows = chain(3, 4);
    rows[1] = { ...rows[1]!, actorRole: 'platformAdmin' };
    const prefix = relink(rows.slice(0, 4), 1, (prev, r) => legacyHash(prev, r), LEGACY_CHAIN);
    const rest = rows.slice(4);
    // The legacy prefix is self-consistent again, so the first keyed row no longer links to it…
    expect(walk([...prefix, ...rest]).problem).toEqual({ kind: 'link', id: 5, afterId: 4 });
    // …and pointing the anchor at the new hash breaks the anchor's MAC, which needs the key.
    const anchor = { ...rest[0]!, prevHash: prefix[3]!.hash };
    expect(walk([...prefix, anchor, ...rest.slice(1)]).problem).toEqual({ kind: 'mac', id: 5 });
  });

  it('a changed legacy row is named by its SHA-256', () => {
    const rows = chain(2, 3);
    rows[1] = { ...rows[1]!, subjectId: 'x' };
    expect(walk(rows).problem).toEqual({ kind: 'legacyHash', id: 2 });
  });
});

describe('the key as configured', () => {
  it('takes 32+ bytes as hex or base64, and refuses anything shorter or not an encoding', () => {
    const bytes = new Uint8Array(32).map((_, i) => i * 7);
    const hex = Buffer.from(bytes).toString('hex');
    expect(decodeAuditKey(hex)).toEqual(bytes);
    expect(decodeAuditKey(`${hex}\n`)).toEqual(bytes);
    expect(decodeAuditKey(Buffer.from(bytes).toString('base64'))).toEqual(bytes);
    expect(decodeAuditKey(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
    expect(decodeAuditKey(hex.slice(0, 62))).toBeNull();
    expect(decodeAuditKey('correct horse battery staple, long enough to be 32 chars')).toBeNull();
    expect(decodeAuditKey(`${Buffer.from(bytes).toString('base64')}!`)).toBeNull();
    expect(decodeAuditKey('')).toBeNull();
  });

  it('names a key by a public id that differs between keys', () => {
    expect(keyId(KEY)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyId(KEY)).not.toBe(keyId(OTHER_KEY));
  });
});
