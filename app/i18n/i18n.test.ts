import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENEFICIARY_GROUPS, LEGAL_STATUSES, ORG_KINDS, ROLES, SERVICE_CATEGORIES } from '~/domain/catalog';
import { FILING_ACTIONS, FILING_STATUSES } from '~/domain/filing';
import { FUNDING_SOURCES, PROJECT_FIELDS, PROJECT_TRANSITIONS } from '~/domain/project';
import { AVOIDANCE_REASONS } from '~/domain/panel-draw';
import { formatFen, formatList, isMessageKey, keyUnder, type Message, MESSAGES, messageKeyOr, type PluralMessage, translator } from './i18n';

const zh = MESSAGES['zh-CN'] as Record<string, Message>;
const en = MESSAGES.en as Record<string, Message>;
const forms = (m: Message) => (typeof m === 'string' ? [m] : Object.values(m));
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

  it('each message has the same {placeholders} in both languages (in every plural form), and none is empty', () => {
    for (const key of Object.keys(zh)) {
      for (const form of forms(en[key]!)) {
        expect(placeholders(form), key).toEqual(placeholders(zh[key] as string));
        expect(form.trim(), key).not.toBe('');
      }
      expect(typeof zh[key], key).toBe('string');
      expect((zh[key] as string).trim(), key).not.toBe('');
    }
  });

  it('a plural message counts with {n} and has the forms English needs', () => {
    const plural = Object.entries(en).filter(([, m]) => typeof m !== 'string');
    expect(plural.length).toBeGreaterThan(10);
    for (const [key, m] of plural) {
      expect(Object.keys(m).sort(), key).toEqual(['one', 'other']);
      expect(placeholders((m as PluralMessage).other), key).toContain('n');
    }
  });

  it('every message key written in a zod schema exists (zod types its messages as plain strings)', () => {
    // Keys given to t(), AppError, refuse() and the field builders of app/schemas/fields.ts are typed
    // MessageKey and checked by the compiler; only zod's own `message`/refine arguments are not.
    const written = sources('app/schemas').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/'([a-z][a-zA-Z]*(?:\.[a-zA-Z0-9]+)+)'/g)].map((m) => m[1]!),
    );
    expect(written.length).toBeGreaterThan(20);
    const keys = Object.keys(zh);
    // a family given to a helper that appends `.tooShort`/`.tooLong` counts when some key starts with it
    expect(written.filter((k) => !isMessageKey(k) && !keys.some((z) => z.startsWith(`${k}.`)))).toEqual([]);
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
      ['project.method', ['mean', 'trimmedMean', 'trimmedTotal']],
      ['project.criterion.kind', ['scored', 'price']],
      ['project.field', PROJECT_FIELDS],
      ['project.purchaserRole', ['bureauStaff', 'stationStaff', 'committeeStaff']],
      ['project.purchaserUnit', ['province', 'bureauStaff', 'stationStaff', 'committeeStaff']],
      ['project.done', ['publish', 'cancel', 'drawPanel', 'startEvaluation', 'startNotice', 'award', 'decline', 'conflict']],
      ['project.saved', ['created', 'draft', 'minor', 'material', 'none']],
      ['bid.status', ['submitted', 'withdrawn', 'replaced']],
      ['bid.done', ['submitted', 'replaced', 'withdrawn']],
      ['panel.status', ['active', 'recused']],
      ['panelDraw.reason', AVOIDANCE_REASONS],
      ['score.done', ['saved', 'submitted', 'ranked']],
      ['errors', ['notFound', 'forbidden', 'unauthenticated', 'invalidTransition', 'conflict', 'invalidInput', 'throttled']],
    ];
    const missing = families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)).filter((k) => !(k in zh));
    expect(missing).toEqual([]);
  });

  it('fills placeholders', () => {
    expect(translator('zh-CN')('common.pageOf', { page: 2, pages: 7 })).toBe('第 2 页，共 7 页');
    expect(translator('en')('common.pageOf', { page: 2, pages: 7 })).toBe('Page 2 of 7');
  });

  it('chooses the plural form by Intl.PluralRules and shows the count with digit grouping', () => {
    const zhT = translator('zh-CN');
    const enT = translator('en');
    expect(enT('orgs.count', { n: 1 })).toBe('1 organization');
    expect(enT('orgs.count', { n: 0 })).toBe('0 organizations');
    expect(enT('orgs.count', { n: 1234 })).toBe('1,234 organizations');
    expect(enT('score.errors.fix', { n: 1 })).toBe('1 field needs attention; see the marked field below.');
    expect(zhT('orgs.count', { n: 1 })).toBe('共 1 个组织');
    expect(zhT('orgs.count', { n: 1234 })).toBe('共 1,234 个组织');
  });

  it('takes only message keys (checked by the typecheck)', () => {
    const enT = translator('en');
    const status = 'returned' as 'submitted' | 'returned';
    expect(enT(`filing.status.${status}`)).toBe(MESSAGES.en['filing.status.returned']);
    // @ts-expect-error not a message key
    expect(enT('no.such.key')).toBe('no.such.key');
    // @ts-expect-error a key built from any string could be anything
    expect(enT(`filing.status.${status as string}`)).toBe(MESSAGES.en['filing.status.returned']);
    // without a numeric count a plural message shows its `other` form
    expect(enT('orgs.count', { n: '1' })).toBe('1 organizations');
  });

  it('builds a key from a family the compiler checks and a value read as data', () => {
    const kind: string = 'hub';
    expect(keyUnder('org.kind', kind)).toBe('org.kind.hub');
    expect(translator('en')(keyUnder('org.kind', 'nope'))).toBe('org.kind.nope');
    // @ts-expect-error no key starts with this family
    keyUnder('org.kinds', kind);
  });

  it('narrows a key that came as data, falling back to a readable message', () => {
    expect(isMessageKey('errors.required')).toBe(true);
    expect(isMessageKey('errors.nope')).toBe(false);
    expect(isMessageKey(undefined)).toBe(false);
    expect(messageKeyOr('errors.date')).toBe('errors.date');
    expect(messageKeyOr('Expected string, received number')).toBe('errors.invalid');
    expect(messageKeyOr(42, 'errors.server')).toBe('errors.server');
  });

  it('joins a list as each language does: 、 in Chinese, commas and "and" in English', () => {
    expect(formatList('zh-CN', ['教育', '养老', '助残'])).toBe('教育、养老、助残');
    expect(formatList('en', ['education', 'elderly care', 'disability'])).toBe('education, elderly care, and disability');
    expect(formatList('en', ['1', '2'])).toBe('1 and 2');
    expect(formatList('en', ['one'])).toBe('one');
    expect(formatList('zh-CN', [])).toBe('');
  });

  it('money is integer fen shown as yuan with two decimals', () => {
    expect(formatFen(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(formatFen(5, 'en')).toBe('¥0.05');
    expect(formatFen(-100000000, 'en')).toBe('-¥1,000,000.00');
    expect(() => formatFen(1.5, 'en')).toThrow();
  });
});
