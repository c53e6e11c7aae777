import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUTE_POLICY } from '~/auth/route-policy';
import { PERMISSIONS } from '~/domain/permissions';

const dir = path.resolve('app/routes');
const routes = readdirSync(dir).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f));

const exportsOf = (src: string, name: 'loader' | 'action') => new RegExp(`export (const|async function|function) ${name}\\b`).test(src);

describe('every route has an authorization decision in the policy table', () => {
  it.each(routes)('%s', (file) => {
    const src = readFileSync(path.join(dir, file), 'utf8');
    const policy = ROUTE_POLICY[file];
    expect(policy, `${file} is missing from app/auth/route-policy.ts`).toBeDefined();
    for (const kind of ['loader', 'action'] as const) {
      const exported = exportsOf(src, kind);
      const decision = policy![kind];
      expect(!!decision, `${file}: ${kind} ${exported ? 'exported but has no decision' : 'has a decision but is not exported'}`).toBe(exported);
      if (!decision || decision === 'public') continue;
      if (decision === 'signedIn') {
        expect(src, `${file}: a signedIn ${kind} must call requireUser`).toMatch(/requireUser\(request\)/);
        continue;
      }
      for (const permission of Array.isArray(decision) ? decision : [decision]) {
        expect(PERMISSIONS).toContain(permission);
        expect(src, `${file}: must call authorize(request, '${permission}', …)`).toContain(`authorize(request, '${permission}'`);
      }
    }
  });

  it('the table names no route that does not exist', () => {
    expect(Object.keys(ROUTE_POLICY).filter((f) => !routes.includes(f))).toEqual([]);
  });
});

describe('every route reads its input one way', () => {
  it.each(routes)('%s', (file) => {
    const src = readFileSync(path.join(dir, file), 'utf8');
    // Bodies through readForm (app/lib/forms.server.ts); only the Stripe webhook reads raw text, to check its signature.
    expect(src, `${file}: read the body with readForm(request)`).not.toMatch(/request\.(formData|json|arrayBuffer|blob)\(/);
    if (file !== 'webhooks.stripe.ts') expect(src, `${file}: read the body with readForm(request)`).not.toMatch(/request\.text\(/);
    // Query strings through readQuery, the region picker's chosenRegion or safeNext: never raw into a query.
    for (const line of src.split('\n').filter((l) => /request\.url\)\.searchParams/.test(l))) {
      expect(line, `${file}: read the query with readQuery(request, schema)`).toMatch(/chosenRegion\(|safeNext\(/);
    }
  });
});
