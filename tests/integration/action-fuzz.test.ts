import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { BENEFICIARY_GROUPS } from '~/domain/catalog';
import { MESSAGES } from '~/i18n/i18n';
import { FilingSchema } from '~/schemas/filing';
import { BidDocumentSchema, FilingDocumentSchema } from '~/schemas/documents';
import { ProfileSchema, RegistrationSchema, StatusChangeSchema, CommunityTypeSchema } from '~/schemas/organization';
import { BidSchema, ProjectSchema } from '~/schemas/project';
import { IntentionSchema, WithdrawIntentionSchema } from '~/schemas/intention';
import { GrantSchema, AddMemberSchema } from '~/schemas/staff';
import { CalendarDaySchema } from '~/schemas/calendar';
import { ContractTemplateSchema, ContractTermsSchema } from '~/schemas/contract-terms';
import { AppropriationSchema } from '~/schemas/budget';
import { AnswerQuestionSchema, AskQuestionSchema } from '~/schemas/clarification';
import { AnswerChallengeSchema, FileChallengeSchema } from '~/schemas/challenge';
import { PanelDrawSchema } from '~/schemas/evaluation';
import { ExpertProfileSchema, PanelThresholdSchema } from '~/schemas/expert';
import { SignInSchema, SignUpSchema, ChangePasswordSchema } from '~/schemas/account';
import { NotificationPreferencesSchema, OpenNotificationSchema } from '~/schemas/notifications';
import { setupTestDb } from '../support/db';
import { addOutsiders, demoEntities, signInAll, type Entities, type SignedInPersona } from '../support/personas';
import { changedTables, rowCounts } from '../support/row-counts';
import { callRoute, type RouteResult } from '../support/routes';

/**
 * Every action, fed generated bodies as the persona in scope and as a visitor: random field names
 * among the route's real ones, NUL and other control characters, strings up to 1 MB, bad UUIDs,
 * impossible dates, full-width digits, several values where one is expected, empty, JSON, broken
 * multipart and other bodies that are not forms. Every answer must be a refusal (4xx) carrying a
 * message key of both catalogs — or, for a visitor, today's redirect to sign in — and no table's
 * row count may move. Sign-in failures are logged (login_attempts) and may be throttled: those
 * tables are allowed to grow. A PostgreSQL data exception reaching loaderOf/actionOf is logged
 * (console.error) and fails the run with its path.
 *
 * Each action's entity is chosen so that an intent needing no field (publish, confirm, pass …)
 * meets a state that refuses it; generated values never include a real record id, the demo
 * password, a valid enumeration value or a real day, so no body is a valid request.
 *
 * The seed is printed; FUZZ_SEED=<n> repeats a run. FUZZ_RUNS=<n> sets the bodies per action
 * (default 40) and FUZZ_BUDGET_MS the time for all actions together (default 100 s, shared
 * equally; an action that runs out stops early and says so), so the file stays near two minutes
 * on PGlite on a busy two-core machine. To repeat a failure exactly, give the seed and a budget
 * large enough to reach it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 100_000);
process.env.STRIPE_WEBHOOK_SECRET = 'whsec_action_fuzz';

type Who = SignedInPersona | 'visitor';
interface Target {
  /** Who is in scope; 'visitor' for the public forms (sign-in, sign-up, sign-out). */
  as: Who;
  target: (e: Entities) => { url: string; params?: Record<string, string> };
  fields: (e: Entities) => string[];
  intents?: string[];
  /** Real values that get a body past authorization (never one that would make it valid). */
  real?: (e: Entities) => Record<string, string>;
  /** An answer that is not a refusal but changes nothing, named and checked here. */
  harmless?: (r: RouteResult) => boolean;
  /** Answers for a machine, not a person: no message key. */
  noMessageKey?: true;
}

const keys = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape);
/** Rows of a Conform list (list[0].field …): any number are read; `n` are fuzzed. */
const rows = (list: string, n: number, ...names: string[]) => Array.from({ length: n }, (_, i) => names.map((name) => `${list}[${i}].${name}`)).flat();
// The schedule is two lists of any length; six rows each and a list intent are fuzzed.
const SCHEDULE = [
  'amount',
  'startDate',
  'endDate',
  'paymentRail',
  ...rows('milestones', 6, 'title', 'kind', 'dueDate'),
  ...rows('tranches', 6, 'percent', 'unlock'),
  'firstAdvance',
  '__intent__',
];
// Criteria are a list of any length (criteria[0].name …); six rows and a list intent are fuzzed.
const CRITERIA = [...Array.from({ length: 6 }, (_, i) => ['name', 'weight', 'kind'].map((f) => `criteria[${i}].${f}`)).flat(), '__intent__'];
const at = (url: string) => () => ({ url });
const redirectsHome = (r: RouteResult) => r.status === 302 && /^\/(?!\/)/.test(r.headers.get('Location') ?? '');

const CONTRACT_FIELDS = [
  'milestoneId',
  'trancheId',
  'amendmentId',
  'reason',
  'report',
  'activityCount',
  ...BENEFICIARY_GROUPS.map((g) => `served_${g}`),
  'voucherNumber',
  'paymentDate',
  'bankReference',
  'rating',
  'comment',
  'opinion',
  'performanceScore',
  'subcontractId',
  'endDate',
  'understood',
  'files',
];
const CONTRACT_INTENTS = [
  'confirm',
  'submit',
  'accept',
  'return',
  'pay',
  'payStripe',
  'complete',
  'amend',
  'confirmAmendment',
  'declineAmendment',
  'withdrawAmendment',
  'consentSubcontract',
  'refuseSubcontract',
  'terminate',
];

/** One target per action; a page with two sides (a contract) has one per side. */
const TARGETS: Record<string, Target | Target[]> = {
  // The bureau's whole profile of an expert, and the expert's own relations (ADR 024).
  'experts.$id.tsx': (['province', 'evaluator'] as const).map((as) => ({
    as,
    target: (e: Entities) => ({ url: `/experts/${e.expert}`, params: { id: e.expert } }),
    fields: () => [...keys(ExpertProfileSchema), ...rows('relations', 2, 'organizationId', 'note')],
  })),
  'experts._index.tsx': { as: 'province', target: at('/experts'), fields: () => keys(PanelThresholdSchema), intents: ['threshold'] },
  'admin.calendar.tsx': {
    as: 'province',
    target: at('/admin/calendar'),
    fields: () => keys(CalendarDaySchema),
    intents: ['set', 'remove'],
  },
  'account.password.tsx': { as: 'leader', target: at('/account/password'), fields: () => keys(ChangePasswordSchema) },
  // Generated values are never a kind's name: no body is a choice of channels.
  'account.notifications.tsx': { as: 'leader', target: at('/account/notifications'), fields: () => keys(NotificationPreferencesSchema) },
  // Never a real notification's id (404); marking all read moves no row and says how many it marked.
  'notifications.tsx': {
    as: 'org',
    target: at('/notifications'),
    fields: () => keys(OpenNotificationSchema),
    intents: ['open', 'readAll'],
    harmless: (r) => r.status === 200 && (r.data as { done?: string }).done === 'readAll',
  },
  // A signed contract, as payer and as payee (with files): confirming again is refused; ids are never its own.
  'contracts.$id.tsx': (['bureau', 'org'] as const).map((as) => ({
    as,
    target: (e: Entities) => ({ url: `/contracts/${e.contract.elderly}`, params: { id: e.contract.elderly } }),
    fields: () => CONTRACT_FIELDS,
    intents: CONTRACT_INTENTS,
  })),
  // A signed contract: its terms are frozen, so even a well-formed body is refused.
  'contracts.$id_.terms.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/contracts/${e.contract.elderly}/terms`, params: { id: e.contract.elderly } }),
    fields: () => keys(ContractTermsSchema),
  },
  // The bureau's template is at revision 1 (the demo saved it); no generated value is 1, so no body saves.
  'contract-template.tsx': { as: 'bureau', target: at('/contract-template'), fields: () => keys(ContractTemplateSchema) },
  'contracts.$id_.subcontract.new.tsx': {
    as: 'hub',
    target: (e) => ({ url: `/contracts/${e.contract.hub}/subcontract/new`, params: { id: e.contract.hub } }),
    fields: () => ['payeeOrganizationId', 'title', ...SCHEDULE],
    intents: ['preview', 'draft'],
  },
  // An application past first review: the committee may neither pass nor file it again, nor attach.
  // Its applicant attaches to the waiting one: the kind is never a real one, so nothing is written (ADR 019).
  'filings.$id.tsx': [
    {
      as: 'committee',
      target: (e) => ({ url: `/filings/${e.filing.passed}`, params: { id: e.filing.passed } }),
      fields: () => ['reason', ...keys(FilingDocumentSchema), 'file', 'attachmentId'],
      intents: ['pass', 'return', 'file', 'reject', 'withdraw', 'attach', 'detach'],
    },
    {
      as: 'leader',
      target: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting } }),
      fields: () => [...keys(FilingDocumentSchema), 'file', 'attachmentId'],
      intents: ['attach', 'detach'],
    },
  ],
  'filings.$id_.edit.tsx': {
    as: 'leader',
    target: (e) => ({ url: `/filings/${e.filing.returned}/edit`, params: { id: e.filing.returned } }),
    fields: () => keys(FilingSchema),
  },
  'filings.new.tsx': { as: 'leader', target: at('/filings/new'), fields: () => keys(FilingSchema) },
  // Switching language sets a cookie and goes back to a same-site path: harmless whatever was sent.
  // A withdrawn intention: neither publishing nor withdrawing again is allowed; ids are never its own.
  'intentions.$id.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/intentions/${e.intention.withdrawn}`, params: { id: e.intention.withdrawn } }),
    fields: () => keys(WithdrawIntentionSchema),
    intents: ['publish', 'withdraw'],
  },
  'intentions.$id_.edit.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/intentions/${e.intention.published}/edit`, params: { id: e.intention.published } }),
    fields: () => keys(IntentionSchema),
  },
  'intentions.new.tsx': { as: 'station', target: at('/intentions/new'), fields: () => keys(IntentionSchema) },
  'budgets.tsx': { as: 'bureau', target: at('/budgets'), fields: () => keys(AppropriationSchema) },
  'lang.tsx': { as: 'org', target: at('/lang'), fields: () => ['locale', 'next'], harmless: redirectsHome },
  'login.tsx': { as: 'visitor', target: at('/login'), fields: () => keys(SignInSchema) },
  // Signing out ends the session it is sent with whatever the body: fuzzed without one (a redirect home).
  'logout.tsx': { as: 'visitor', target: at('/logout'), fields: () => [], harmless: redirectsHome },
  'orgs.$id.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/orgs/${e.org.dance}`, params: { id: e.org.dance } }),
    fields: () => [...keys(RegistrationSchema), ...keys(StatusChangeSchema)],
    intents: ['register'],
  },
  'orgs.$id_.edit.tsx': { as: 'org', target: (e) => ({ url: `/orgs/${e.org.dance}/edit`, params: { id: e.org.dance } }), fields: () => keys(ProfileSchema) },
  'orgs.$id_.members.tsx': {
    as: 'hub',
    target: (e) => ({ url: `/orgs/${e.org.hub}/members`, params: { id: e.org.hub } }),
    fields: () => [...keys(AddMemberSchema), 'assignmentId'],
    intents: ['remove', 'add'],
  },
  // An awarded project: every purchaser step (publish, cancel, evaluation, notice, award) is past.
  'projects.$id.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/projects/${e.project.awarded}`, params: { id: e.project.awarded } }),
    fields: () => [
      'reason',
      ...keys(PanelDrawSchema),
      ...keys(AskQuestionSchema),
      ...keys(AnswerQuestionSchema),
      ...keys(FileChallengeSchema),
      ...keys(AnswerChallengeSchema),
    ],
    intents: [
      'publish',
      'cancel',
      'drawPanel',
      'startEvaluation',
      'startNotice',
      'award',
      'decline',
      'conflict',
      'ask',
      'answer',
      'fileChallenge',
      'answerChallenge',
    ],
  },
  'projects.$id_.bid.tsx': {
    as: 'org',
    target: (e) => ({ url: `/projects/${e.project.published}/bid`, params: { id: e.project.published } }),
    fields: () => [...keys(BidSchema), 'bidId', ...keys(BidDocumentSchema), 'file', 'attachmentId'],
    intents: ['withdraw', 'submit', 'attach', 'detach'],
    real: (e) => ({ organizationId: e.org.dance }),
  },
  'projects.$id_.contract.new.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/projects/${e.project.awarded}/contract/new`, params: { id: e.project.awarded } }),
    fields: () => [...SCHEDULE, 'subcontractPercent', 'subcontractExcludedWork'],
    intents: ['preview', 'draft'],
  },
  'projects.$id_.edit.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/projects/${e.project.published}/edit`, params: { id: e.project.published } }),
    fields: () => [...keys(ProjectSchema), ...CRITERIA],
  },
  // The evaluator has submitted: scores are fixed. A draft save with no points saves nothing and says so (200).
  'projects.$id_.score.tsx': {
    as: 'evaluator',
    target: (e) => ({ url: `/projects/${e.project.evaluating}/score`, params: { id: e.project.evaluating } }),
    fields: (e) => [`points_${e.scoreCell.bidId}_${e.scoreCell.criterionId}`, `comment_${e.scoreCell.bidId}_${e.scoreCell.criterionId}`],
    intents: ['submit', 'save'],
    harmless: (r) => r.status === 200 && (r.data as { done?: string }).done === 'saved',
  },
  'projects.new.tsx': {
    as: 'bureau',
    target: at('/projects/new'),
    fields: () => [...keys(ProjectSchema), ...CRITERIA],
    real: () => ({ regionCode: '610113' }),
  },
  'regions.$code.tsx': {
    as: 'bureau',
    target: (e) => ({ url: `/regions/${e.community}`, params: { code: e.community } }),
    fields: () => keys(CommunityTypeSchema),
  },
  'signup.tsx': { as: 'visitor', target: at('/signup'), fields: () => keys(SignUpSchema) },
  'staff.tsx': { as: 'admin', target: at('/staff'), fields: () => [...keys(GrantSchema), 'assignmentId'], intents: ['revoke', 'grant'] },
  // Not enabled here: 404 to everything.
  'test.clock.tsx': { as: 'admin', target: at('/test/clock'), fields: () => ['advanceMinutes'] },
  // Answers Stripe (JSON with an error), never a person; the signature is its authorization.
  'webhooks.stripe.ts': { as: 'visitor', target: at('/webhooks/stripe'), fields: () => ['id', 'type', 'data'], noMessageKey: true },
  // An address no other route answers: 404 whatever is sent.
  '$.tsx': { as: 'org', target: at('/projects/x/y/z'), fields: () => ['title', 'intent'] },
};

// ---- generated values -------------------------------------------------------------------------

const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F', '\uD800', '\uDFFF'];
const withControl = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...CONTROL), fc.string({ maxLength: 12 })).map(([a, c, b]) => a + c + b);
/** Longer than any field allows (20,000), up to 1 MB of UTF-8. */
const huge = fc
  .constantFrom('a', '中', '１', '-', '\u0000', ' ')
  .chain((c) => fc.integer({ min: 20_001, max: Math.floor((1 << 20) / Buffer.byteLength(c)) }).map((n) => c.repeat(n)));
const badUuid = fc.oneof(
  fc.constantFrom(
    '-'.repeat(36),
    '0'.repeat(32),
    '{0f8fad5b-d9cb-469f-a165-70867728950e}',
    '0f8fad5b-d9cb-469f-a165-70867728950',
    '0f8fad5b-d9cb-469f-a165-70867728950g',
    'null',
    '[object Object]',
    "' OR 1=1 --",
  ),
  fc.uuid(), // well formed, but no such record
);
const badDate = fc.constantFrom(
  '2026-13-01',
  '2026-02-30',
  '2026-12-01T25:61',
  '2026-13-01T25:61',
  '0000-00-00',
  '2026-1-1',
  '２０２６-０１-０１',
  '9999-99-99',
  '-2026-01-01',
  '2026-12-01T17:60:00',
  '2026-02-29T24:00',
);
const fullWidth = fc.constantFrom(
  '１８６,０００',
  '１８６，０００.５０',
  '￥１８６,０００',
  '１８６ ０００ 元',
  '－１８６',
  '１８６,００',
  '１.０００,５０',
  '１２',
  '３.１４１５',
);
const edgy = fc.constantFrom(
  '',
  ' ',
  '\t',
  '0',
  '-1',
  '1e308',
  'NaN',
  'Infinity',
  'true',
  'on',
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  '../../etc/passwd',
  '__proto__',
  '😀'.repeat(3),
);
const value = fc.oneof(withControl, huge, badUuid, badDate, fullWidth, edgy);

function intentValue(intents: string[]) {
  return fc.oneof(
    fc.constantFrom(...intents),
    fc.constantFrom(...intents).chain((i) => fc.constantFrom(`${i}\u0000`, i.toUpperCase(), ` ${i}`, `${i}s`)),
    value,
  );
}

type Pair = [string, string | string[]];
function pairs(t: Target, e: Entities): fc.Arbitrary<Pair[]> {
  const names = t.fields(e);
  const name = fc.oneof(
    { weight: 6, arbitrary: names.length ? fc.constantFrom(...names) : fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 8 }), withControl, fc.constantFrom('__proto__', 'constructor', 'intent[]', '')) },
  );
  const one: fc.Arbitrary<Pair> = fc.tuple(
    name,
    fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }) }),
  );
  const real = Object.entries(t.real?.(e) ?? {});
  const realPairs: fc.Arbitrary<Pair[]> = real.length ? fc.subarray(real) : fc.constant([]);
  const intent: fc.Arbitrary<Pair[]> = t.intents
    ? fc.option(
        fc.oneof(
          intentValue(t.intents).map((v): Pair[] => [['intent', v]]),
          fc.array(intentValue(t.intents), { minLength: 2, maxLength: 2 }).map((v): Pair[] => [['intent', v]]),
        ),
        { nil: [] as Pair[] },
      )
    : fc.constant([]);
  return fc.tuple(intent, realPairs, fc.array(one, { maxLength: 8 })).map(([i, r, rest]) => [...i, ...r, ...rest]);
}

interface Body {
  kind: string;
  body?: BodyInit;
  headers: Record<string, string>;
}

function bodies(t: Target, e: Entities): fc.Arbitrary<Body> {
  const multipart = pairs(t, e).map((ps): Body => {
    const form = new FormData();
    for (const [k, v] of ps) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    if (ps.length % 3 === 0) form.append('files', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0])]), 'x\u0000.pdf');
    return { kind: 'multipart', body: form, headers: {} };
  });
  const urlencoded = pairs(t, e).map((ps): Body => {
    const q = new URLSearchParams();
    for (const [k, v] of ps) for (const item of Array.isArray(v) ? v : [v]) q.append(k, item);
    return { kind: 'urlencoded', body: q.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
  });
  const json = pairs(t, e).map((ps): Body => ({ kind: 'json', body: JSON.stringify(Object.fromEntries(ps)), headers: { 'Content-Type': 'application/json' } }));
  const broken = fc.tuple(pairs(t, e), fc.integer({ min: 1, max: 200 })).map(([ps, cut]): Body => {
    const text = ps.map(([k, v]) => `--XyZ\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v).slice(0, 300)}\r\n`).join('') + '--XyZ--\r\n';
    return { kind: 'broken multipart', body: text.slice(0, Math.max(1, text.length - cut)), headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' } };
  });
  const wrongType = fc
    .tuple(
      pairs(t, e),
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data',
        'application/x-www-form-urlencoded; charset=gbk',
        'image/png',
        'application/octet-stream',
      ),
    )
    .map(([ps, type]): Body => ({
      kind: `wrong type ${type}`,
      body: new URLSearchParams(ps.map(([k, v]) => [k, String(v)])).toString(),
      headers: { 'Content-Type': type },
    }));
  const empty = fc.constant<Body>({ kind: 'empty', headers: {} });
  const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b): Body => ({ kind: 'bytes, no type', body: b, headers: {} }));
  return fc.oneof({ weight: 4, arbitrary: multipart }, { weight: 3, arbitrary: urlencoded }, json, broken, wrongType, empty, bytes);
}

// ---- the checks -------------------------------------------------------------------------------

const zh = MESSAGES['zh-CN'] as Record<string, string>;
const en = MESSAGES.en as Record<string, unknown>;

function messageKeysOf(data: unknown): string[] {
  const d = (data ?? {}) as { formError?: { messageKey?: string }; messageKey?: string; fieldErrors?: Record<string, string> };
  return [d.formError?.messageKey, d.messageKey, ...Object.values(d.fieldErrors ?? {})].filter((k): k is string => typeof k === 'string');
}

/** What is wrong with an answer, or null. */
function problemOf(t: Target, who: Who, r: RouteResult): string | null {
  if (t.harmless?.(r)) return null;
  if (who === 'visitor' && r.status === 302 && r.headers.get('Location')?.startsWith('/login?')) return null;
  if (r.status < 400 || r.status >= 500) return `answered ${r.status} ${r.headers.get('Location') ?? ''}`;
  if (t.noMessageKey) return null;
  const found = messageKeysOf(r.data);
  if (!found.length) return `answered ${r.status} without a message key: ${JSON.stringify(r.data)?.slice(0, 200)}`;
  const missing = found.filter((k) => !(k in zh) || !(k in en));
  return missing.length ? `message keys not in both catalogs: ${missing.join(', ')}` : null;
}

const mayGrow = (table: string) => /login_attempts|throttl|rate_limit/.test(table);

const t = setupTestDb();
let entities: Entities;
let cookies: Record<SignedInPersona, string>;
let counts: Record<string, number>;

type RouteModule = { action?: (args: ActionFunctionArgs & LoaderFunctionArgs) => unknown };
const modules = import.meta.glob<RouteModule>('../../app/routes/*.{ts,tsx}');
const routeFiles = readdirSync(path.resolve('app/routes')).filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f));
const actionFiles = routeFiles.filter((f) => /export (const|async function|function) action\b/.test(readFileSync(path.join('app/routes', f), 'utf8')));

beforeAll(async () => {
  await addOutsiders(t.db);
  cookies = await signInAll(t.db);
  entities = { ...(await demoEntities(t.db)), attachment: '', documents: { sealedBid: '', openedBid: '', filing: '' } };
  counts = await rowCounts(t.db);
  console.log(`action fuzz: seed ${SEED} (FUZZ_SEED=${SEED} repeats it), ${RUNS} runs per action`);
});

describe('fuzzing every action', () => {
  it('has a target for every route that exports an action', () => {
    expect(Object.keys(TARGETS).sort()).toEqual(actionFiles.sort());
  });

  const cases = actionFiles.flatMap((file) => [TARGETS[file] ?? []].flat().map((spec) => ({ file, spec })));
  cases.forEach(({ file, spec }, index) => {
    it(`${file} as ${spec.as}: refuses every generated body, with a translated message, changing nothing`, async () => {
      const action = (await modules[`../../app/routes/${file}`]!()).action!;
      const { url, params } = spec.target(entities);
      const whoArb = fc.constantFrom<Who>(...(spec.as === 'visitor' ? ['visitor' as const] : [spec.as, 'visitor' as const]));
      const started = Date.now();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(whoArb, bodies(spec, entities), async (who, body) => {
          runs += 1;
          const logged: unknown[][] = [];
          const consoleError = console.error;
          console.error = (...args: unknown[]) => void logged.push(args);
          let r: RouteResult;
          try {
            r = await callRoute(action, {
              url,
              params,
              method: 'POST',
              cookie: who === 'visitor' ? undefined : cookies[who],
              body: body.body,
              headers: body.headers,
            });
          } catch (e) {
            throw new Error(`${who}, ${body.kind}: threw (a 500): ${(e as Error).stack?.slice(0, 400)}`);
          } finally {
            console.error = consoleError;
          }
          if (logged.length) throw new Error(`${who}, ${body.kind}: logged an error: ${String(logged[0]![0]).slice(0, 300)}`);
          const problem = problemOf(spec, who, r);
          if (problem) throw new Error(`${who}, ${body.kind}: ${problem}`);
          const now = await rowCounts(t.db);
          const changed = changedTables(counts, now).filter((c) => !mayGrow(c.split(':')[0]!));
          counts = now;
          if (changed.length) throw new Error(`${who}, ${body.kind}: changed ${changed.join('; ')}`);
        }),
        { seed: SEED + index, numRuns: RUNS, interruptAfterTimeLimit: Math.floor(BUDGET_MS / cases.length), markInterruptAsFailure: false, endOnFailure: true },
      );
      console.log(
        `  ${file} as ${spec.as}: ${runs} bodies in ${Date.now() - started} ms (seed ${SEED + index})${runs < RUNS ? ', stopped by the time budget' : ''}`,
      );
    }, 120_000);
  });
});
