import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, GENESIS_HASH, verifyChain, type ChainRow } from './audit-hash';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      actorUserId: 'u1',
      actorRole: 'committeeStaff',
      action: 'filing.pass',
      subjectType: 'filingApplication',
      subjectId: `a${i}`,
      summary: { before: { status: 'submitted' }, after: { status: 'firstReviewPassed' } },
      requestId: `r${i}`,
    };
    const hash = auditHash(prev, content);
    rows.push({ id: i, ...content, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order, as jsonb reorders keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
    );
  });

  it('an untouched chain verifies', () => {
    expect(verifyChain(chain(5))).toEqual({ ok: true, rows: 5 });
  });

  it('names the first row whose content was changed', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, summary: { after: { status: 'filed' } } };
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBadId: 3, problem: 'hash' });
  });

  it('names the row after a deleted one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBadId: 3, problem: 'prevHash' });
  });

  it('the same time written differently hashes the same', () => {
    const [row] = chain(1);
    expect(auditHash(GENESIS_HASH, { ...row!, at: '2026-01-01T08:00:01.000+08:00' })).toBe(row!.hash);
  });
});
