import type { Permission } from '~/domain/permissions';

/**
 * Every route module's authorization decision, one line each, so a reviewer sees the whole surface
 * in one place. `public`: anyone; `signedIn`: any account (the loader calls requireUser);
 * a permission: the loader/action calls authorize() with it (or with each listed one, by intent).
 * tests/integration/route-policy.test.ts fails when a route is missing here or its code does not
 * call what the table says.
 */
export type RouteDecision = 'public' | 'signedIn' | Permission | Permission[];

export const ROUTE_POLICY: Record<string, { loader?: RouteDecision; action?: RouteDecision }> = {
  '_index.tsx': { loader: 'public' },
  'healthz.ts': { loader: 'public' },
  'lang.tsx': { loader: 'public', action: 'public' },
  'login.tsx': { loader: 'public', action: 'public' },
  'logout.tsx': { loader: 'public', action: 'public' },
  'signup.tsx': { loader: 'public', action: 'public' },
  'account.password.tsx': { loader: 'signedIn', action: 'signedIn' },
  'workspace.tsx': { loader: 'signedIn' },
  // The person's own inbox and channel choices: a notification of anyone else is not found (404).
  'notifications.tsx': { loader: 'signedIn', action: 'signedIn' },
  'account.notifications.tsx': { loader: 'signedIn', action: 'signedIn' },
  'orgs._index.tsx': { loader: 'public' },
  'orgs.$id.tsx': { loader: 'public', action: ['org:register', 'org:changeStatus'] },
  'orgs.$id_.edit.tsx': { loader: 'org:edit', action: 'org:edit' },
  'orgs.$id_.members.tsx': { loader: 'org:manageMembers', action: 'org:manageMembers' },
  'staff.tsx': { loader: 'role:grant', action: 'role:grant' },
  'filings._index.tsx': { loader: 'signedIn' },
  'filings.new.tsx': { loader: 'filing:apply', action: 'filing:apply' },
  'filings.$id.tsx': { loader: 'filing:view', action: ['filing:view', 'filing:firstReview', 'filing:decide', 'filing:amend'] },
  'filings.$id_.edit.tsx': { loader: 'filing:amend', action: 'filing:amend' },
  'regions._index.tsx': { loader: 'public' },
  'regions.$code.tsx': { loader: 'public', action: 'region:correctType' },
  'audit.tsx': { loader: 'audit:view' },
  // Addresses and what was written to them: the platform administrator only.
  'admin.outbox.tsx': { loader: 'outbox:view' },
  'admin.calendar.tsx': { loader: 'calendar:maintain', action: 'calendar:maintain' },
  // The expert pool (ADR 024): the province's and cities' bureaus keep profiles; an expert keeps their own relations.
  'experts._index.tsx': { loader: 'experts:list', action: 'experts:threshold' },
  'experts.$id.tsx': { loader: ['experts:maintain', 'experts:declare'], action: ['experts:maintain', 'experts:declare'] },
  // Whoever may read the owner (a deliverable's contract sides, a bid under its seal, a filing): readableAttachment refuses everyone else (403).
  'attachments.$id.ts': { loader: 'signedIn' },
  'budgets.tsx': { loader: 'budget:view', action: 'budget:manage' },
  'intentions._index.tsx': { loader: 'public' },
  'intentions.new.tsx': { loader: 'intention:create', action: 'intention:create' },
  // Public once published; a draft is its purchasing unit's (404 to anyone else, decided by intentionCapabilities).
  'intentions.$id.tsx': { loader: 'public', action: 'intention:manage' },
  'intentions.$id_.edit.tsx': { loader: 'intention:manage', action: 'intention:manage' },
  'projects._index.tsx': { loader: 'public' },
  'projects.new.tsx': { loader: 'project:create', action: 'project:create' },
  'projects.$id.tsx': { loader: 'public', action: ['project:manage', 'bid:submit', 'evaluation:score'] },
  'projects.$id_.edit.tsx': { loader: 'project:manage', action: 'project:manage' },
  'projects.$id_.bid.tsx': { loader: 'bid:submit', action: 'bid:submit' },
  'projects.$id_.bids.$bidId.tsx': { loader: 'signedIn' },
  'projects.$id_.score.tsx': { loader: 'evaluation:score', action: 'evaluation:score' },
  'projects.$id_.notice.tsx': { loader: 'public' },
  'projects.$id_.contract.new.tsx': { loader: 'project:manage', action: 'project:manage' },
  'projects.$id_.funds.tsx': { loader: 'public' },
  // The contract's two sides: the purchasing unit (or, for a subcontract, the subcontracting organization) and the payee.
  'contracts.$id.tsx': { loader: ['project:manage', 'contract:organization'], action: ['project:manage', 'contract:organization'] },
  'contracts.$id_.subcontract.new.tsx': { loader: 'contract:organization', action: 'contract:organization' },
  'contracts._index.tsx': { loader: 'signedIn' },
  // Printable: the two sides (as the contract page); anyone once the contract is signed and published.
  'contracts.$id_.print.tsx': { loader: ['project:manage', 'contract:organization'] },
  // The payer edits a draft's terms: the purchasing unit, or for a subcontract the subcontracting organization.
  'contracts.$id_.terms.tsx': { loader: ['project:manage', 'contract:organization'], action: ['project:manage', 'contract:organization'] },
  // The person's own purchasing unit's template.
  'contract-template.tsx': { loader: 'project:manage', action: 'project:manage' },
  'contracts.payments[.]csv.ts': { loader: 'signedIn' },
  // No session: the Stripe-Signature header (verified against STRIPE_WEBHOOK_SECRET) is its authorization.
  'webhooks.stripe.ts': { action: 'public' },
  // Only with ENABLE_TEST_CLOCK=1 (test servers); 404 otherwise.
  'test.clock.tsx': { loader: 'public', action: 'public' },
  // Every address no other route answers: 404 for anyone, whatever the method.
  '$.tsx': { loader: 'public', action: 'public' },
};
