import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestDb } from '../support/db';
import {
  addOutsiders,
  demoAttachment,
  demoDocuments,
  demoEntities,
  PERSONAS,
  signInAll,
  type Entities,
  type Persona,
  type SignedInPersona,
} from '../support/personas';
import { changedTables, rowCounts } from '../support/row-counts';
import { callRoute } from '../support/routes';

/**
 * The executed authorization matrix: every route module's loader and action, called as a visitor,
 * as every demo account (and four outsiders: a neighbouring county's bureau, street's station and
 * community's committee, an evaluator on no panel), each answer compared with what that persona
 * should get. The table is keyed by the files in app/routes, so a new route without an entry fails.
 *
 * Actions are called with bodies that pass authorization but change nothing in scope (a required
 * field missing → 400), so the whole matrix runs on one database copy; the last test checks that
 * no table's row count moved. A visitor's `login` is today's answer of every protected route: a
 * redirect to /login?next=… (302), not a 401.
 */
process.env.UPLOAD_DIR = mkdtempSync(path.join(tmpdir(), 'matrix-uploads-'));
process.env.STRIPE_WEBHOOK_SECRET = 'whsec_authorization_matrix';

type Outcome = number | 'login';
/** The answer of a visitor, of every signed-in persona not named, and of those named. */
type Expect = { visitor: Outcome; others: Outcome } & Partial<Record<SignedInPersona, Outcome>>;
type Form = Record<string, string | string[]>;
interface Case {
  what: string;
  call: (e: Entities) => { url: string; params?: Record<string, string>; form?: Form };
  expect: Expect;
  /** Called with a second session (sign-out ends the session it is called with). */
  spareSession?: boolean;
}
type Entry = { loader?: Case[]; action?: Case[] };

const everyone = (o: Outcome): Expect => ({ visitor: o, others: o });
const signedIn = (o: Outcome): Expect => ({ visitor: 'login', others: o });
/** Signed-in personas get `others` (403 unless said) except those named; visitors go to sign in. */
const only = (named: Partial<Record<SignedInPersona, Outcome>>, others: Outcome = 403): Expect => ({ visitor: 'login', others, ...named });
const page =
  (url: string): Case['call'] =>
  () => ({ url });
const BUREAUS = { province: 400, city: 400, bureau: 400 } as const;
/** Every purchasing unit among the personas: bureaus, stations and committees, the outsiders' too. */
const mapPurchasers = (o: Outcome): Partial<Record<SignedInPersona, Outcome>> =>
  Object.fromEntries((['province', 'city', 'bureau', 'station', 'committee', 'otherBureau', 'otherStation', 'otherCommittee'] as const).map((p) => [p, o]));
const PURCHASERS = mapPurchasers(200);

const MATRIX: Record<string, Entry> = {
  '_index.tsx': { loader: [{ what: 'home', call: page('/'), expect: everyone(200) }] },
  'healthz.ts': { loader: [{ what: 'health', call: page('/healthz'), expect: everyone(200) }] },
  'lang.tsx': {
    loader: [{ what: 'GET goes home', call: page('/lang'), expect: everyone(302) }],
    // A cookie only, for anyone: the redirect is its answer (nothing is stored).
    action: [{ what: 'switch to English', call: () => ({ url: '/lang', form: { locale: 'en', next: '/orgs' } }), expect: everyone(302) }],
  },
  'login.tsx': {
    loader: [{ what: 'the form; signed in goes on', call: page('/login'), expect: { visitor: 200, others: 302 } }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/login', form: {} }), expect: everyone(400) }],
  },
  'logout.tsx': {
    loader: [{ what: 'GET goes home', call: page('/logout'), expect: everyone(302) }],
    action: [{ what: 'sign out', call: () => ({ url: '/logout', form: {} }), expect: everyone(302), spareSession: true }],
  },
  'signup.tsx': {
    loader: [{ what: 'the form; signed in goes to the workspace', call: page('/signup'), expect: { visitor: 200, others: 302 } }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/signup', form: {} }), expect: everyone(400) }],
  },
  'account.password.tsx': {
    loader: [{ what: 'own password page', call: page('/account/password'), expect: signedIn(200) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/account/password', form: {} }), expect: signedIn(400) }],
  },
  'workspace.tsx': { loader: [{ what: 'own workspace', call: page('/workspace'), expect: signedIn(200) }] },
  // Everyone's own inbox and notification settings; nobody reads another's (tests/integration/notification-routes.test.ts).
  'notifications.tsx': {
    loader: [{ what: 'own inbox', call: page('/notifications'), expect: signedIn(200) }],
    action: [
      { what: 'no intent', call: () => ({ url: '/notifications', form: {} }), expect: signedIn(400) },
      { what: 'open without an id', call: () => ({ url: '/notifications', form: { intent: 'open' } }), expect: signedIn(400) },
    ],
  },
  'account.notifications.tsx': {
    loader: [{ what: 'own notification settings', call: page('/account/notifications'), expect: signedIn(200) }],
    action: [{ what: 'nothing sent', call: () => ({ url: '/account/notifications', form: {} }), expect: signedIn(400) }],
  },
  'orgs._index.tsx': { loader: [{ what: 'directory', call: page('/orgs?q=舞蹈'), expect: everyone(200) }] },
  'orgs.$id.tsx': {
    loader: [{ what: 'a filed organization', call: (e) => ({ url: `/orgs/${e.org.dance}`, params: { id: e.org.dance } }), expect: everyone(200) }],
    action: [
      // Registration is the county bureau's (the registration authority), not the city's or province's.
      {
        what: 'register without a code',
        call: (e) => ({ url: `/orgs/${e.org.dance}`, params: { id: e.org.dance }, form: { intent: 'register' } }),
        expect: only({ bureau: 400 }),
      },
      // Status: bureaus above it, and the street station because it is filed.
      {
        what: 'suspend without a reason',
        call: (e) => ({ url: `/orgs/${e.org.dance}`, params: { id: e.org.dance }, form: { action: 'suspend' } }),
        expect: only({ ...BUREAUS, station: 400 }),
      },
    ],
  },
  'orgs.$id_.edit.tsx': {
    loader: [{ what: 'own profile', call: (e) => ({ url: `/orgs/${e.org.dance}/edit`, params: { id: e.org.dance } }), expect: only({ org: 200 }) }],
    action: [{ what: 'nothing typed', call: (e) => ({ url: `/orgs/${e.org.dance}/edit`, params: { id: e.org.dance }, form: {} }), expect: only({ org: 400 }) }],
  },
  'orgs.$id_.members.tsx': {
    loader: [{ what: 'own members', call: (e) => ({ url: `/orgs/${e.org.hub}/members`, params: { id: e.org.hub } }), expect: only({ hub: 200 }) }],
    action: [
      {
        what: 'add nobody',
        call: (e) => ({ url: `/orgs/${e.org.hub}/members`, params: { id: e.org.hub }, form: { role: 'orgMember' } }),
        expect: only({ hub: 400 }),
      },
    ],
  },
  // Open to every bureau and the administrator; each grant is then checked on its role and region.
  'staff.tsx': {
    loader: [
      {
        what: 'staff roles',
        call: page('/staff?who=leader@demo.cn'),
        expect: only({ admin: 200, ...{ province: 200, city: 200, bureau: 200, otherBureau: 200 } }),
      },
    ],
    action: [
      {
        what: 'grant to nobody',
        call: () => ({ url: '/staff', form: { role: 'committeeStaff' } }),
        expect: only({ admin: 400, ...BUREAUS, otherBureau: 400 }),
      },
    ],
  },
  'filings._index.tsx': { loader: [{ what: 'own applications and queues', call: page('/filings'), expect: signedIn(200) }] },
  'filings.new.tsx': {
    loader: [{ what: 'anyone may apply', call: page('/filings/new'), expect: signedIn(200) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/filings/new', form: {} }), expect: signedIn(400) }],
  },
  'filings.$id.tsx': {
    // The applicant, the staff of its community's committee, street, county and above, the administrator.
    loader: [
      {
        what: 'a waiting application',
        call: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting } }),
        expect: only({ leader: 200, committee: 200, station: 200, bureau: 200, city: 200, province: 200, admin: 200 }),
      },
    ],
    action: [
      {
        what: 'return without a reason',
        call: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting }, form: { intent: 'return' } }),
        expect: only({ committee: 400 }),
      },
      {
        what: 'reject without a reason',
        call: (e) => ({ url: `/filings/${e.filing.passed}`, params: { id: e.filing.passed }, form: { intent: 'reject' } }),
        expect: only({ station: 400 }),
      },
      {
        what: 'no intent: only those who may read it learn so',
        call: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting }, form: {} }),
        expect: only({ leader: 400, committee: 400, station: 400, bureau: 400, city: 400, province: 400, admin: 400 }),
      },
      // Documents are the applicant's to add (ADR 019); its reviewers read them only.
      {
        what: 'attach a document without a file',
        call: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting }, form: { intent: 'attach', documentKind: 'memberList' } }),
        expect: only({ leader: 400 }),
      },
      {
        what: 'take a document back, naming none',
        call: (e) => ({ url: `/filings/${e.filing.waiting}`, params: { id: e.filing.waiting }, form: { intent: 'detach', attachmentId: 'x' } }),
        expect: only({ leader: 400 }),
      },
    ],
  },
  'filings.$id_.edit.tsx': {
    loader: [
      {
        what: 'own returned application',
        call: (e) => ({ url: `/filings/${e.filing.returned}/edit`, params: { id: e.filing.returned } }),
        expect: only({ leader: 200 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/filings/${e.filing.returned}/edit`, params: { id: e.filing.returned }, form: {} }),
        expect: only({ leader: 400 }),
      },
    ],
  },
  'regions._index.tsx': { loader: [{ what: 'goes to the province', call: page('/regions'), expect: everyone(302) }] },
  'regions.$code.tsx': {
    loader: [{ what: 'a community', call: (e) => ({ url: `/regions/${e.community}`, params: { code: e.community } }), expect: everyone(200) }],
    action: [
      {
        what: 'correct without a reason',
        call: (e) => ({ url: `/regions/${e.community}`, params: { code: e.community }, form: { communityType: 'rural' } }),
        expect: only(BUREAUS),
      },
    ],
  },
  'audit.tsx': { loader: [{ what: 'the audit log', call: page('/audit'), expect: only({ admin: 200 }) }] },
  // Addresses and what was written to them: the platform administrator only, no bureau however high.
  'admin.outbox.tsx': { loader: [{ what: 'the outbox', call: page('/admin/outbox?status=kept'), expect: only({ admin: 200 }) }] },
  // Every purchasing unit its own template; anyone else has none.
  'contract-template.tsx': {
    loader: [{ what: 'own unit’s template', call: page('/contract-template'), expect: only(PURCHASERS) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/contract-template', form: {} }), expect: only(mapPurchasers(400)) }],
  },
  // One calendar for the province: its bureau and the administrator, not the city's or county's.
  // The expert pool: the province's and the cities' bureaus keep it; an expert reads and declares their own relations.
  // The large-project threshold is the province's alone (ADR 024).
  'experts._index.tsx': {
    loader: [{ what: 'the expert pool', call: page('/experts'), expect: only({ province: 200, city: 200 }) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/experts', form: {} }), expect: only({ province: 400 }) }],
  },
  'experts.$id.tsx': {
    loader: [
      {
        what: 'an expert of Xi’an',
        call: (e) => ({ url: `/experts/${e.expert}`, params: { id: e.expert } }),
        expect: only({ province: 200, city: 200, evaluator: 200 }),
      },
    ],
    action: [
      {
        what: 'a relation with no organization',
        call: (e) => ({ url: `/experts/${e.expert}`, params: { id: e.expert }, form: { 'relations[0].note': '亲属' } }),
        expect: only({ province: 400, city: 400, evaluator: 400 }),
      },
    ],
  },
  'admin.calendar.tsx': {
    loader: [{ what: 'the working-day calendar', call: page('/admin/calendar?year=2027'), expect: only({ admin: 200, province: 200 }) }],
    action: [{ what: 'enter nothing', call: () => ({ url: '/admin/calendar', form: { intent: 'set' } }), expect: only({ admin: 400, province: 400 }) }],
  },
  'attachments.$id.ts': {
    loader: [
      // The two sides of the contract: the purchasing unit and the payee's administrator.
      {
        what: 'a deliverable’s file',
        call: (e) => ({ url: `/attachments/${e.attachment}`, params: { id: e.attachment } }),
        expect: only({ bureau: 200, org: 200 }),
      },
      // Sealed with the bid (ADR 019): before the opening the bidding organization only.
      {
        what: 'a sealed bid’s document',
        call: (e) => ({ url: `/attachments/${e.documents.sealedBid}`, params: { id: e.documents.sealedBid } }),
        expect: only({ org: 200 }),
      },
      // Opened: also the purchasing unit and the active panel; never another bidder or the administrator.
      {
        what: 'an opened bid’s document',
        call: (e) => ({ url: `/attachments/${e.documents.openedBid}`, params: { id: e.documents.openedBid } }),
        expect: only({ org: 200, bureau: 200, evaluator: 200, evaluator2: 200, evaluator3: 200 }),
      },
      // Whoever may read the application: the applicant and its reviewers (as the filing's page).
      {
        what: 'a filing’s document',
        call: (e) => ({ url: `/attachments/${e.documents.filing}`, params: { id: e.documents.filing } }),
        expect: only({ leader: 200, committee: 200, station: 200, bureau: 200, city: 200, province: 200, admin: 200 }),
      },
    ],
  },
  // Every purchasing unit sees its own lines (a bureau also those below it, read-only) and changes only its own.
  'budgets.tsx': {
    loader: [{ what: 'the budget lines', call: page('/budgets?year=2027'), expect: only(PURCHASERS) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/budgets', form: {} }), expect: only(mapPurchasers(400)) }],
  },
  'intentions._index.tsx': { loader: [{ what: 'the public list', call: page('/intentions?year=2027'), expect: everyone(200) }] },
  'intentions.new.tsx': {
    // Any purchasing unit (bureau, station, committee) drafts for itself.
    loader: [{ what: 'the form', call: page('/intentions/new'), expect: only(PURCHASERS) }],
    action: [{ what: 'nothing typed', call: () => ({ url: '/intentions/new', form: {} }), expect: only(mapPurchasers(400)) }],
  },
  'intentions.$id.tsx': {
    loader: [
      {
        what: 'a published intention',
        call: (e) => ({ url: `/intentions/${e.intention.published}`, params: { id: e.intention.published } }),
        expect: everyone(200),
      },
      // A draft is the purchasing unit's (the street station) until published: 404 to anyone else, the bureau above included.
      {
        what: 'a draft',
        call: (e) => ({ url: `/intentions/${e.intention.draft}`, params: { id: e.intention.draft } }),
        expect: { visitor: 404, others: 404, station: 200 },
      },
    ],
    action: [
      {
        what: 'withdraw without a reason',
        call: (e) => ({ url: `/intentions/${e.intention.published}`, params: { id: e.intention.published }, form: { intent: 'withdraw' } }),
        expect: only({ bureau: 400 }),
      },
      {
        what: 'publish a published one',
        call: (e) => ({ url: `/intentions/${e.intention.published}`, params: { id: e.intention.published }, form: { intent: 'publish' } }),
        expect: only({ bureau: 409 }),
      },
      {
        what: 'no intent',
        call: (e) => ({ url: `/intentions/${e.intention.published}`, params: { id: e.intention.published }, form: {} }),
        expect: signedIn(400),
      },
    ],
  },
  'intentions.$id_.edit.tsx': {
    loader: [
      {
        what: 'edit a published intention',
        call: (e) => ({ url: `/intentions/${e.intention.published}/edit`, params: { id: e.intention.published } }),
        expect: only({ bureau: 200 }),
      },
      {
        what: 'a withdrawn one is fixed: back to its page',
        call: (e) => ({ url: `/intentions/${e.intention.withdrawn}/edit`, params: { id: e.intention.withdrawn } }),
        expect: only({ bureau: 302 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/intentions/${e.intention.published}/edit`, params: { id: e.intention.published }, form: {} }),
        expect: only({ bureau: 400 }),
      },
    ],
  },
  'projects._index.tsx': { loader: [{ what: 'the library', call: page('/projects?status=published'), expect: everyone(200) }] },
  'projects.new.tsx': {
    // Any purchasing unit (bureau, station, committee) opens the form for its own region.
    loader: [
      {
        what: 'the form',
        call: page('/projects/new'),
        expect: only({ ...{ province: 200, city: 200, bureau: 200, station: 200, committee: 200 }, otherBureau: 200, otherStation: 200, otherCommittee: 200 }),
      },
    ],
    action: [{ what: 'a county project without a title', call: () => ({ url: '/projects/new', form: { regionCode: '610113' } }), expect: only(BUREAUS) }],
  },
  'projects.$id.tsx': {
    loader: [
      { what: 'a published project', call: (e) => ({ url: `/projects/${e.project.published}`, params: { id: e.project.published } }), expect: everyone(200) },
      // A draft is the purchasing unit's (the street station) until published: 404 to anyone else.
      {
        what: 'a draft',
        call: (e) => ({ url: `/projects/${e.project.draft}`, params: { id: e.project.draft } }),
        expect: { visitor: 404, others: 404, station: 200 },
      },
    ],
    action: [
      {
        what: 'cancel without a reason',
        call: (e) => ({ url: `/projects/${e.project.published}`, params: { id: e.project.published }, form: { intent: 'cancel' } }),
        expect: only({ bureau: 400 }),
      },
      {
        what: 'draw a panel of no size',
        call: (e) => ({ url: `/projects/${e.project.biddingClosed}`, params: { id: e.project.biddingClosed }, form: { intent: 'drawPanel' } }),
        expect: only({ bureau: 400 }),
      },
      // Only the panel's evaluators; an evaluator on no panel is as much an outsider as anyone.
      {
        what: 'recuse without a reason',
        call: (e) => ({ url: `/projects/${e.project.evaluating}`, params: { id: e.project.evaluating }, form: { intent: 'conflict' } }),
        expect: only({ evaluator: 400, evaluator2: 400, evaluator3: 400 }),
      },
      // The winner's administrator declines the award.
      {
        what: 'decline without a reason',
        call: (e) => ({ url: `/projects/${e.project.awarded}`, params: { id: e.project.awarded }, form: { intent: 'decline' } }),
        expect: only({ org: 400 }),
      },
      // Any organization's administrator asks for its own organization; the purchaser answers.
      {
        what: 'ask without a question',
        call: (e) => ({ url: `/projects/${e.project.published}`, params: { id: e.project.published }, form: { intent: 'ask' } }),
        expect: only({ org: 400, hub: 400, agency: 400 }),
      },
      {
        what: 'answer without an answer',
        call: (e) => ({ url: `/projects/${e.project.published}`, params: { id: e.project.published }, form: { intent: 'answer' } }),
        expect: only({ bureau: 400 }),
      },
      // Challenges (质疑): an organization's administrator files for its own organization; the purchaser answers.
      {
        what: 'challenge without reasons',
        call: (e) => ({ url: `/projects/${e.project.publicNotice}`, params: { id: e.project.publicNotice }, form: { intent: 'fileChallenge' } }),
        expect: only({ org: 400, hub: 400, agency: 400 }),
      },
      {
        what: 'answer a challenge without an answer',
        call: (e) => ({ url: `/projects/${e.project.publicNotice}`, params: { id: e.project.publicNotice }, form: { intent: 'answerChallenge' } }),
        expect: only({ bureau: 400 }),
      },
      { what: 'no intent', call: (e) => ({ url: `/projects/${e.project.published}`, params: { id: e.project.published }, form: {} }), expect: signedIn(400) },
    ],
  },
  'projects.$id_.edit.tsx': {
    loader: [
      {
        what: 'amend a published project',
        call: (e) => ({ url: `/projects/${e.project.published}/edit`, params: { id: e.project.published } }),
        expect: only({ bureau: 200 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/projects/${e.project.published}/edit`, params: { id: e.project.published }, form: {} }),
        expect: only({ bureau: 400 }),
      },
    ],
  },
  'projects.$id_.bid.tsx': {
    // Any organization administrator may open the bid form (for one of its own organizations).
    loader: [
      {
        what: 'the bid form',
        call: (e) => ({ url: `/projects/${e.project.published}/bid`, params: { id: e.project.published } }),
        expect: only({ org: 200, hub: 200, agency: 200 }),
      },
    ],
    action: [
      {
        what: 'a bid without a price, for one’s own organization',
        call: (e) => ({ url: `/projects/${e.project.published}/bid`, params: { id: e.project.published }, form: { organizationId: e.org.dance } }),
        expect: only({ org: 400 }),
      },
      // Withdrawing looks among one's own bids only (anyone else's is not found), and only while bidding is open.
      // A multipart body (these posts are) is read only for an organization's administrator (it may carry a file).
      {
        what: 'withdraw a bid after the award',
        call: (e) => ({ url: `/projects/${e.project.awarded}/bid`, params: { id: e.project.awarded }, form: { intent: 'withdraw', bidId: e.bid.awarded } }),
        expect: only({ org: 409, hub: 404, agency: 404 }),
      },
      // A document goes to one's own live bid only (ADR 019): without a file, 400; anyone else's bid is not found.
      {
        what: 'attach a document without a file',
        call: (e) => ({
          url: `/projects/${e.project.published}/bid`,
          params: { id: e.project.published },
          form: { intent: 'attach', bidId: e.bid.sealed, documentKind: 'qualification' },
        }),
        expect: only({ org: 400, hub: 404, agency: 404 }),
      },
      {
        what: 'take a document back, naming none',
        call: (e) => ({ url: `/projects/${e.project.published}/bid`, params: { id: e.project.published }, form: { intent: 'detach', attachmentId: 'x' } }),
        expect: only({ org: 400, hub: 400, agency: 400 }),
      },
    ],
  },
  'projects.$id_.bids.$bidId.tsx': {
    loader: [
      // Sealed: the bidder itself only, not the purchaser, an evaluator or the administrator.
      {
        what: 'a sealed bid',
        call: (e) => ({ url: `/projects/${e.project.published}/bids/${e.bid.sealed}`, params: { id: e.project.published, bidId: e.bid.sealed } }),
        expect: only({ org: 200 }),
      },
      // Opened: also the purchasing unit and the active panel.
      {
        what: 'an opened bid',
        call: (e) => ({ url: `/projects/${e.project.awarded}/bids/${e.bid.awarded}`, params: { id: e.project.awarded, bidId: e.bid.awarded } }),
        expect: only({ org: 200, bureau: 200, evaluator: 200, evaluator2: 200, evaluator3: 200 }),
      },
    ],
  },
  'projects.$id_.score.tsx': {
    loader: [
      {
        what: 'the scoring grid',
        call: (e) => ({ url: `/projects/${e.project.evaluating}/score`, params: { id: e.project.evaluating } }),
        expect: only({ evaluator: 200, evaluator2: 200, evaluator3: 200 }),
      },
    ],
    action: [
      {
        what: 'points that are not a number',
        call: (e) => ({
          url: `/projects/${e.project.evaluating}/score`,
          params: { id: e.project.evaluating },
          form: { [`points_${e.scoreCell.bidId}_${e.scoreCell.criterionId}`]: 'many' },
        }),
        expect: only({ evaluator: 400, evaluator2: 400, evaluator3: 400 }),
      },
    ],
  },
  'projects.$id_.notice.tsx': {
    loader: [
      { what: 'an award notice', call: (e) => ({ url: `/projects/${e.project.awarded}/notice`, params: { id: e.project.awarded } }), expect: everyone(200) },
    ],
  },
  'projects.$id_.funds.tsx': {
    loader: [
      { what: 'a fund trace', call: (e) => ({ url: `/projects/${e.project.awarded}/funds`, params: { id: e.project.awarded } }), expect: everyone(200) },
      { what: 'a draft has none', call: (e) => ({ url: `/projects/${e.project.draft}/funds`, params: { id: e.project.draft } }), expect: everyone(404) },
    ],
  },
  'projects.$id_.contract.new.tsx': {
    // The purchasing unit; the contract exists already, so its page is where it goes.
    loader: [
      {
        what: 'draft a contract',
        call: (e) => ({ url: `/projects/${e.project.awarded}/contract/new`, params: { id: e.project.awarded } }),
        expect: only({ bureau: 302 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/projects/${e.project.awarded}/contract/new`, params: { id: e.project.awarded }, form: {} }),
        expect: only({ bureau: 400 }),
      },
    ],
  },
  'contracts.$id.tsx': {
    loader: [
      {
        what: 'a main contract',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}`, params: { id: e.contract.elderly } }),
        expect: only({ bureau: 200, org: 200 }),
      },
      {
        what: 'a subcontract (the hub pays)',
        call: (e) => ({ url: `/contracts/${e.contract.danceSub}`, params: { id: e.contract.danceSub } }),
        expect: only({ hub: 200, org: 200 }),
      },
    ],
    action: [
      {
        what: 'the payer returns nothing',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}`, params: { id: e.contract.elderly }, form: { intent: 'return' } }),
        expect: only({ bureau: 400 }),
      },
      {
        what: 'the payee hands in nothing',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}`, params: { id: e.contract.elderly }, form: { intent: 'submit' } }),
        expect: only({ org: 400 }),
      },
      {
        what: 'either side, no intent',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}`, params: { id: e.contract.elderly }, form: {} }),
        expect: only({ bureau: 400, org: 400 }),
      },
      {
        what: 'the purchaser consents to a subcontract without writing anything',
        call: (e) => ({ url: `/contracts/${e.contract.hub}`, params: { id: e.contract.hub }, form: { intent: 'consentSubcontract' } }),
        expect: only({ bureau: 400 }),
      },
      {
        what: 'the purchaser refuses a subcontract without a reason',
        call: (e) => ({ url: `/contracts/${e.contract.hub}`, params: { id: e.contract.hub }, form: { intent: 'refuseSubcontract' } }),
        expect: only({ bureau: 400 }),
      },
      {
        what: 'the subcontracting hub returns nothing',
        call: (e) => ({ url: `/contracts/${e.contract.danceSub}`, params: { id: e.contract.danceSub }, form: { intent: 'return' } }),
        expect: only({ hub: 400 }),
      },
    ],
  },
  'contracts.$id_.subcontract.new.tsx': {
    loader: [
      {
        what: 'the hub subcontracts',
        call: (e) => ({ url: `/contracts/${e.contract.hub}/subcontract/new`, params: { id: e.contract.hub } }),
        expect: only({ hub: 200 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/contracts/${e.contract.hub}/subcontract/new`, params: { id: e.contract.hub }, form: {} }),
        expect: only({ hub: 400 }),
      },
    ],
  },
  'contracts._index.tsx': { loader: [{ what: 'own contracts', call: page('/contracts'), expect: signedIn(200) }] },
  // Printable: a published contract to anyone; an unpublished one (a subcontract) to its two sides only.
  'contracts.$id_.print.tsx': {
    loader: [
      {
        what: 'a signed, published contract',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}/print`, params: { id: e.contract.elderly } }),
        expect: everyone(200),
      },
      {
        what: 'a subcontract, never published',
        call: (e) => ({ url: `/contracts/${e.contract.danceSub}/print`, params: { id: e.contract.danceSub } }),
        expect: only({ hub: 200, org: 200 }),
      },
    ],
  },
  // The payer only; a signed contract's terms are shown, not offered for editing.
  'contracts.$id_.terms.tsx': {
    loader: [
      {
        what: 'the payer reads the terms',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}/terms`, params: { id: e.contract.elderly } }),
        expect: only({ bureau: 200 }),
      },
      {
        what: 'the subcontracting hub reads its terms',
        call: (e) => ({ url: `/contracts/${e.contract.danceSub}/terms`, params: { id: e.contract.danceSub } }),
        expect: only({ hub: 200 }),
      },
    ],
    action: [
      {
        what: 'nothing typed',
        call: (e) => ({ url: `/contracts/${e.contract.elderly}/terms`, params: { id: e.contract.elderly }, form: {} }),
        expect: only({ bureau: 400 }),
      },
    ],
  },
  'contracts.payments[.]csv.ts': { loader: [{ what: 'own payments', call: page('/contracts/payments.csv'), expect: signedIn(200) }] },
  // No session: the Stripe-Signature header is its authorization, for everyone alike.
  'webhooks.stripe.ts': { action: [{ what: 'no signature', call: () => ({ url: '/webhooks/stripe', form: {} }), expect: everyone(400) }] },
  // ENABLE_TEST_CLOCK is not set here: the route does not exist.
  'test.clock.tsx': {
    loader: [{ what: 'GET', call: page('/test/clock'), expect: everyone(404) }],
    action: [{ what: 'move the clock', call: () => ({ url: '/test/clock', form: { advanceMinutes: '60' } }), expect: everyone(404) }],
  },
  // An address no other route answers, nested or not: the 404 page for everyone, and nothing for a POST.
  '$.tsx': {
    loader: [{ what: 'an unknown nested address', call: () => ({ url: '/projects/x/y/z', params: { '*': 'projects/x/y/z' } }), expect: everyone(404) }],
    action: [
      { what: 'a form sent to it', call: () => ({ url: '/projects/x/y/z', params: { '*': 'projects/x/y/z' }, form: { title: 'x' } }), expect: everyone(404) },
    ],
  },
};

type RouteModule = { loader?: (args: LoaderFunctionArgs) => unknown; action?: (args: ActionFunctionArgs) => unknown };
const modules = import.meta.glob<RouteModule>('../../app/routes/*.{ts,tsx}');
const routeFiles = readdirSync(path.resolve('app/routes')).filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f));

const t = setupTestDb();
let entities: Entities;
let cookies: Record<SignedInPersona, string>;
/** A second session each, for sign-out to end. */
let spare: Record<SignedInPersona, string>;
let before: Record<string, number>;

beforeAll(async () => {
  await addOutsiders(t.db);
  cookies = await signInAll(t.db);
  spare = await signInAll(t.db);
  const demo = await demoEntities(t.db);
  entities = { ...demo, attachment: await demoAttachment(t.db), documents: await demoDocuments(t.db, demo) };
  before = await rowCounts(t.db);
});

const outcomeOf = (r: { status: number; headers: Headers }): Outcome =>
  r.status === 302 && r.headers.get('Location')?.startsWith('/login?') ? 'login' : r.status;
const expected = (e: Expect, p: Persona): Outcome => (p === 'visitor' ? e.visitor : (e[p] ?? e.others));

async function run(fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown, c: Case, p: Persona): Promise<Outcome | string> {
  const { url, params, form } = c.call(entities);
  const cookie = p === 'visitor' ? undefined : (c.spareSession ? spare : cookies)[p];
  try {
    return outcomeOf(await callRoute(fn, { url, params, cookie, ...(form ? { form, method: 'POST' } : {}) }));
  } catch (e) {
    return `500 (${(e as Error).message.slice(0, 80)})`;
  }
}

describe('authorization matrix', () => {
  it('has an entry for every route module, and only for those', () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...routeFiles].sort());
    expect(
      Object.keys(modules)
        .map((m) => path.basename(m))
        .sort(),
    ).toEqual([...routeFiles].sort());
  });

  describe.each(routeFiles)('%s', (file) => {
    it('exercises the loader and the action the module exports, each with someone in scope', async () => {
      const mod = await modules[`../../app/routes/${file}`]!();
      const entry = MATRIX[file];
      expect(entry, `${file} has no entry in the authorization matrix`).toBeDefined();
      for (const kind of ['loader', 'action'] as const) {
        expect(!!entry![kind]?.length, `${file}: ${kind} ${mod[kind] ? 'is exported but has no cases' : 'has cases but is not exported'}`).toBe(!!mod[kind]);
        for (const c of entry![kind] ?? []) {
          // A protected route must let somebody in: a matrix of refusals proves nothing.
          const answers = PERSONAS.map((p) => expected(c.expect, p));
          expect(
            answers.some((o) => typeof o === 'number' && o < 500 && o !== 403 && o !== 404) || answers.every((o) => o === 404),
            `${file} ${kind} "${c.what}": nobody in scope`,
          ).toBe(true);
        }
      }
    });

    for (const kind of ['loader', 'action'] as const) {
      const cases = MATRIX[file]?.[kind] ?? [];
      for (const c of cases) {
        it(`${kind}: ${c.what}`, async () => {
          const mod = await modules[`../../app/routes/${file}`]!();
          const fn = mod[kind] as (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;
          const wrong: string[] = [];
          for (const p of PERSONAS) {
            const got = await run(fn, c, p);
            const want = expected(c.expect, p);
            if (got !== want) wrong.push(`${p}: expected ${want}, got ${got}`);
          }
          expect(wrong).toEqual([]);
        });
      }
    }
  });

  // Query parameters every page reads (and some none does), each with a NUL, a bad id or a bad
  // number; the answer must be what the clean URL gets (HTTP servers refuse URLs beyond ~16 KB).
  const HOSTILE_QUERY = new URLSearchParams({
    q: '舞蹈\u0000',
    long: 'x'.repeat(8_000),
    page: '\u0000',
    region: '61\u0000',
    r1: '6101\u0000',
    r2: '-'.repeat(36),
    who: 'leader@demo.cn\u0000',
    org: '-'.repeat(36),
    next: '/\u0000/evil.example',
    verify: '\u0000',
    status: 'published\u0000',
    category: '\u007F',
    kind: '\uD800',
    min: '１\u0000',
    max: '1e999',
    purchaser: '61\u0000',
    done: '\u0000',
    saved: '\u0000',
  }).toString();

  it('a hostile query string changes no loader’s answer', async () => {
    const wrong: string[] = [];
    for (const file of routeFiles) {
      const loader = (await modules[`../../app/routes/${file}`]!()).loader as ((args: LoaderFunctionArgs & ActionFunctionArgs) => unknown) | undefined;
      for (const c of MATRIX[file]?.loader ?? []) {
        const inScope = PERSONAS.find((p) => p !== 'visitor' && expected(c.expect, p) === 200);
        for (const p of ['visitor', ...(inScope ? [inScope] : [])] as Persona[]) {
          const call = c.call(entities);
          const hostile: Case = { ...c, call: () => ({ ...call, url: `${call.url}${call.url.includes('?') ? '&' : '?'}${HOSTILE_QUERY}` }) };
          const [clean, dirty] = [await run(loader!, c, p), await run(loader!, hostile, p)];
          if (clean !== dirty) wrong.push(`${file} "${c.what}" as ${p}: ${clean} clean, ${dirty} with the hostile query`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('changed no data (sessions come and go with sign-in and sign-out; sign-ins are logged)', async () => {
    expect(changedTables(before, await rowCounts(t.db), ['sessions', 'login_attempts'])).toEqual([]);
  });
});
