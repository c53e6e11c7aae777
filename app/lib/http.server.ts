import { data, type ActionFunctionArgs, type HandleErrorFunction, type HeadersFunction, type LoaderFunctionArgs, type ServerBuild } from '@remix-run/node';
import { isRouteErrorResponse } from '@remix-run/react';
import { isUuid } from '~/domain/ids';
import { isRegionCode } from '~/domain/region-code';
import { localeOf } from '~/i18n/locale.server';
import { classifyDbFault } from './db-faults';
import { AppError, STATUS_OF } from './errors';

/** Sent with every 503: the database limits give up within seconds, so a retry soon may succeed. */
export const RETRY_AFTER_SECONDS = 5;

/** What an action returns when a use case refuses: shown on the form, with the HTTP status. */
export interface FormFailure {
  formError: { messageKey: string; params: Record<string, string | number> };
  fieldErrors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/**
 * The status, and when to come back (RFC 9110 §10.2.3) for a busy database or a throttled person, for
 * scripts as the message does for people.
 */
function initOf(e: AppError): ResponseInit {
  const seconds = e.code === 'unavailable' ? RETRY_AFTER_SECONDS : e.code === 'throttled' ? e.params.retryAfterSeconds : undefined;
  return { status: STATUS_OF[e.code], ...(typeof seconds === 'number' ? { headers: { 'Retry-After': String(seconds) } } : {}) };
}

/**
 * The error body the error page reads. A 503 is a real Response: a resource route sends a thrown
 * Response as it is, Retry-After included (a thrown `data()` becomes a bare 503), and pages read
 * it the same way. Its `locale` is for a 503 from the root loader: the page then has no root data
 * to take the person's language from.
 */
function toResponse(e: AppError, request?: Request) {
  const body = { messageKey: e.messageKey, params: e.params };
  if (e.code === 'unavailable') return Response.json({ ...body, ...(request ? { locale: localeOf(request) } : {}) }, initOf(e));
  return data(body, initOf(e));
}

/**
 * PostgreSQL data exceptions (class 22: a value of the wrong form, NUL in text, a datetime out of
 * range …) and index rows too large for their key (54000) can only come from input that was not
 * validated. Each path must validate properly; until then the person gets 400, not 500, and the
 * error is logged with the path so the fuzz test names it.
 */
function inputFault(e: unknown): string | null {
  for (let cause = e, depth = 0; cause && typeof cause === 'object' && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (/^22[0-9A-Z]{3}$/.test(code) || code === '54000')) return code;
  }
  return null;
}

/**
 * What a thrown error means for the person: an AppError as it is; a database fault (logged once,
 * here) is AppError('unavailable') → 503; unvalidated input that PostgreSQL refused is 400 (logged
 * as an error: a path to fix). Anything else is returned as it is: a bug, for the error page.
 */
function asAppError(e: unknown, request: Request): unknown {
  if (e instanceof AppError) return e;
  const { pathname } = new URL(request.url);
  const fault = classifyDbFault(e);
  if (fault) {
    console.warn(`database unavailable (${fault.problem}, ${fault.code}): ${request.method} ${pathname}`);
    return new AppError('unavailable');
  }
  const input = inputFault(e);
  if (input) {
    console.error(`input reached PostgreSQL unvalidated (${input}) at ${request.method} ${pathname}:`, (e as Error).message?.slice(0, 300));
    return new AppError('invalidInput');
  }
  return e;
}

/**
 * Remix sends a route's action/loader headers (other than Set-Cookie) only through the route's
 * `headers` export: routes that can answer 429 export this one so Retry-After reaches the client.
 */
export const retryAfterHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders, parentHeaders }) => {
  const out = new Headers(parentHeaders);
  const retryAfter = actionHeaders.get('Retry-After') ?? errorHeaders?.get('Retry-After') ?? loaderHeaders.get('Retry-After');
  if (retryAfter) out.set('Retry-After', retryAfter);
  return out;
};

/**
 * Route parameters are checked before any loader or action runs: `:id`, `:bidId` (any name ending
 * in Id) must be a UUID and `:code` a region code of a level's length; anything else is a page
 * that does not exist (404), and never reaches PostgreSQL as text it would refuse.
 */
export function checkParams(params: LoaderFunctionArgs['params']): void {
  for (const [name, value] of Object.entries(params)) {
    const ok = name === 'code' ? isRegionCode(value) : name === 'id' || name.endsWith('Id') ? isUuid(value) : true;
    if (!ok) throw new AppError('notFound');
  }
}

/** Loaders: every AppError becomes an error response for the route's error boundary. */
export function loaderOf<T>(fn: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      checkParams(args.params);
      return await fn(args);
    } catch (caught) {
      const e = asAppError(caught, args.request);
      if (e instanceof AppError) throw toResponse(e, args.request);
      throw e;
    }
  };
}

/**
 * Actions: refusals the person can act on (a stale state, a conflict, bad input, throttling, a busy
 * database) come back to the form with their status; not signed in / forbidden / not found go to
 * the boundary.
 */
export function actionOf<T>(fn: (args: ActionFunctionArgs) => Promise<T>) {
  return async (args: ActionFunctionArgs) => {
    try {
      checkParams(args.params);
      return await fn(args);
    } catch (caught) {
      const e = asAppError(caught, args.request);
      if (e instanceof AppError) {
        if (e.code === 'forbidden' || e.code === 'notFound' || e.code === 'unauthenticated') throw toResponse(e, args.request);
        return data<FormFailure>(
          { formError: { messageKey: e.messageKey, params: e.params }, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) },
          initOf(e),
        );
      }
      throw e;
    }
  };
}

type RouteFn = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown;

function guarded(fn: RouteFn): RouteFn {
  return async (args) => {
    try {
      return await fn(args);
    } catch (caught) {
      if (caught instanceof AppError) throw caught;
      const e = asAppError(caught, args.request);
      if (e instanceof AppError) throw toResponse(e, args.request);
      throw caught;
    }
  };
}

/**
 * The server build with every route's loader and action guarded, so a database fault anywhere (the
 * root loader's session lookup, a resource route, a route without loaderOf) answers 503 with
 * Retry-After and a translated page instead of a 500. server.js serves this build.
 */
export function guardBuild(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const m = route.module;
    routes[id] = {
      ...route,
      module: {
        ...m,
        ...(m.loader ? { loader: guarded(m.loader as RouteFn) as typeof m.loader } : {}),
        ...(m.action ? { action: guarded(m.action as RouteFn) as typeof m.action } : {}),
      },
    };
  }
  return { ...build, routes };
}

/**
 * What Remix reports (entry.server.tsx's handleError): a fault is logged with its stack; an answer to
 * the person is not a fault. An address nothing matches and a method a route does not take (Remix's
 * own 404 and 405, each carrying an internal Error with a stack) are logged by nobody, like a 404 a
 * loader throws; nor is a request the client gave up on.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
};
