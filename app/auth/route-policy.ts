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
  'bench.orgs-baseline.tsx': { loader: 'public' },
};
