import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENEFICIARY_GROUPS, LEGAL_STATUSES, ORG_KINDS, ROLES, SERVICE_CATEGORIES } from '~/domain/catalog';
import { FILING_ACTIONS, FILING_STATUSES } from '~/domain/filing';
import { FUNDING_SOURCES, PROJECT_FIELDS, PROJECT_TRANSITIONS } from '~/domain/project';
import { formatFen, MESSAGES, translator } from './i18n';

const zh = MESSAGES['zh-CN'] as Record<string, string>;
const en = MESSAGES.en as Record<string, string>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) && !f.endsWith('.test.ts') ? [p] : [];
  });
}

describe('messages', () => {
  it('zh-CN and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('each message has the same {placeholders} in both languages, and none is empty', () => {
    for (const key of Object.keys(zh)) {
      expect(placeholders(en[key]!), key).toEqual(placeholders(zh[key]!));
      expect(zh[key]!.trim(), key).not.toBe('');
      expect(en[key]!.trim(), key).not.toBe('');
    }
  });

  it('every key written literally in the code exists', () => {
    const used = new Set<string>();
    for (const file of [...sources('app'), ...sources('db')]) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\('([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
      // message keys given to zod and AppError (not audit action names, written or queried; not route file names)
      for (const m of src
        .split('\n')
        .filter((l) => !/\baction: |\.action\b/.test(l))
        .join('\n')
        .matchAll(
          /(?<!action: )'((?:errors|auth|filing|filings|org|region|staff|members|project|projects|bid|panel|score|award|ranking|notice|contract|contracts|subcontract|tranche|deliverable|milestone|funds|attachment|amendment)\.[\w.]+)'/g,
        )) {
        if (!/\.(tsx?|$)/.test(m[1]!) && !m[1]!.endsWith('.tsx') && !m[1]!.endsWith('.ts')) used.add(m[1]!);
      }
    }
    const missing = [...used].filter((k) => !(k in zh) && !Object.keys(zh).some((z) => z.startsWith(`${k}.`)));
    expect(missing).toEqual([]);
  });

  it('every value of every vocabulary has a label', () => {
    const families: [string, readonly string[]][] = [
      ['category', SERVICE_CATEGORIES],
      ['beneficiary', BENEFICIARY_GROUPS],
      ['org.kind', ORG_KINDS],
      ['org.legalStatus', LEGAL_STATUSES],
      ['role', ROLES],
      ['filing.status', FILING_STATUSES],
      ['filing.step', [...FILING_ACTIONS, 'submit']],
      ['filing.done', ['pass', 'return', 'file', 'reject', 'withdraw']],
      ['org.status', ['active', 'suspended', 'exited']],
      ['region.level', ['province', 'city', 'county', 'street', 'community']],
      ['region.reason', ['name-urban', 'name-rural', 'street-parent', 'town-parent', 'default', 'corrected']],
      ['project.status', ['draft', ...Object.values(PROJECT_TRANSITIONS).map((t) => t.to)]],
      ['project.funding', FUNDING_SOURCES],
      ['project.method', ['mean', 'trimmedMean']],
      ['project.criterion.kind', ['scored', 'price']],
      ['project.field', PROJECT_FIELDS],
      ['project.purchaserRole', ['bureauStaff', 'stationStaff', 'committeeStaff']],
      ['project.purchaserUnit', ['province', 'bureauStaff', 'stationStaff', 'committeeStaff']],
      ['project.done', ['publish', 'cancel', 'addPanel', 'startEvaluation', 'startNotice', 'award', 'decline', 'conflict']],
      ['project.saved', ['created', 'draft', 'minor', 'material', 'none']],
      ['bid.status', ['submitted', 'withdrawn', 'replaced']],
      ['bid.done', ['submitted', 'replaced', 'withdrawn']],
      ['panel.status', ['active', 'recused']],
      ['score.done', ['saved', 'submitted', 'ranked']],
      ['errors', ['notFound', 'forbidden', 'unauthenticated', 'invalidTransition', 'conflict', 'invalidInput', 'throttled']],
    ];
    const missing = families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)).filter((k) => !(k in zh));
    expect(missing).toEqual([]);
  });

  it('fills placeholders and shows an unknown key as itself', () => {
    expect(translator('zh-CN')('orgs.count', { n: '1,234' })).toBe('共 1,234 个组织');
    expect(translator('en')('orgs.count', { n: '1,234' })).toBe('1,234 organizations');
    expect(translator('en')('no.such.key')).toBe('no.such.key');
  });

  it('money is integer fen shown as yuan with two decimals', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatFen(5, 'en')).toBe('¥0.05');
    expect(formatFen(-100000000, 'en')).toBe('-¥1,000,000.00');
    expect(() => formatFen(1.5, 'en')).toThrow();
  });
});
