/**
 * What a person may do with a thing, and why not (STYLE.md §11). Each entity with a lifecycle has one
 * pure function in app/domain/ (`projectCapabilities(actor, project, …)`, …) built from the
 * permission rules and the transition tables. Loaders show actions from it and use cases refuse with
 * it (`enforce` in app/lib/errors.ts), so a button never shows for an action the server refuses, nor
 * hides for one it allows.
 */

// Type only: the domain stays free of the catalogs at run time, but a reason must be a real message key.
import type { MessageKey } from '../i18n/catalog';

/** The kind of refusal decides the HTTP status (app/lib/errors.ts); the reason is a message key. */
export type RefusalCode = 'forbidden' | 'invalidTransition' | 'conflict' | 'invalidInput';

export type Capability = { allowed: true } | { allowed: false; code: RefusalCode; reason: MessageKey; params?: Record<string, string | number> };

export type Capabilities<A extends string> = Record<A, Capability>;

export const ALLOWED: Capability = { allowed: true };

export function refuse(code: RefusalCode, reason: MessageKey, params?: Record<string, string | number>): Capability {
  return { allowed: false, code, reason, ...(params ? { params } : {}) };
}

/** The first refusal among checks taken in order (who may, then the state, then the rest), or allowed. */
export function firstRefusal(...checks: Capability[]): Capability {
  return checks.find((c) => !c.allowed) ?? ALLOWED;
}

/** The actions allowed, in the order the capabilities list them: what a page offers. */
export function allowedActions<A extends string>(capabilities: Capabilities<A>): A[] {
  return (Object.keys(capabilities) as A[]).filter((a) => capabilities[a].allowed);
}

/** Only whether each action is allowed: what a loader sends to the page (reasons stay on the server unless shown). */
export function mayOf<A extends string>(capabilities: Capabilities<A>): Record<A, boolean> {
  return Object.fromEntries(Object.entries(capabilities).map(([a, c]) => [a, (c as Capability).allowed])) as Record<A, boolean>;
}
