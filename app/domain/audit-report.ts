import type { ChainProblem } from './audit-hash';
import type { CheckpointProblem } from './audit-checkpoint';
import type { MessageKey } from '../i18n/catalog';

export type AuditProblem = ChainProblem | CheckpointProblem | { kind: 'noCheckpoint' };

/**
 * Each problem as a message key and its parameters, so the audit page (in the reader's language)
 * and `npm run audit:verify` (in English) say the same thing.
 */
export function problemMessage(p: AuditProblem): { key: MessageKey; params: Record<string, string | number> } {
  switch (p.kind) {
    case 'link':
      return p.afterId === null
        ? { key: 'audit.problem.linkStart', params: { id: p.id } }
        : { key: 'audit.problem.link', params: { id: p.id, after: p.afterId } };
    case 'mac':
      return { key: 'audit.problem.mac', params: { id: p.id } };
    case 'legacyHash':
      return { key: 'audit.problem.legacyHash', params: { id: p.id } };
    case 'legacyAfterKeyed':
      return { key: 'audit.problem.legacyAfterKeyed', params: { id: p.id, keyedFrom: p.keyedFrom } };
    case 'unknownChain':
      return { key: 'audit.problem.unknownChain', params: { id: p.id, chain: p.chain } };
    case 'tailMissing':
      return p.chainLastId === null
        ? { key: 'audit.problem.emptied', params: { at: p.at, seen: p.lastId, rows: p.rows } }
        : { key: 'audit.problem.tailMissing', params: { last: p.chainLastId, at: p.at, seen: p.lastId, rows: p.rows } };
    case 'rowMissing':
      return { key: 'audit.problem.rowMissing', params: { id: p.lastId, at: p.at } };
    case 'macDiffers':
      return { key: 'audit.problem.macDiffers', params: { id: p.lastId, at: p.at } };
    case 'countDiffers':
      return { key: 'audit.problem.countDiffers', params: { id: p.lastId, at: p.at, expected: p.expected, actual: p.actual } };
    case 'anchorDiffers':
      return { key: 'audit.problem.anchorDiffers', params: { at: p.at, expected: p.expected, actual: p.actual === null ? '—' : `#${p.actual}` } };
    case 'forged':
      return { key: 'audit.problem.forged', params: { source: p.source, at: p.at, id: p.lastId } };
    case 'otherKey':
      return { key: 'audit.problem.otherKey', params: { source: p.source, at: p.at, kid: p.kid } };
    case 'noCheckpoint':
      return { key: 'audit.problem.noCheckpoint', params: {} };
  }
}
