import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { isUuid } from '~/domain/ids';
import { isRegionCode } from '~/domain/region-code';
import { AppError, STATUS_OF } from './errors';

/** What an action returns when a use case refuses: shown on the form, with the HTTP status. */
export interface FormFailure {
  formError: { messageKey: string; params: Record<string, string | number> };
  fieldErrors?: Record<string, string>;
  values?: Record<string, unknown>;
}

function toResponse(e: AppError) {
  return data({ messageKey: e.messageKey, params: e.params }, { status: STATUS_OF[e.code] });
}

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

function logInputFault(request: Request, code: string, e: unknown) {
  const { pathname } = new URL(request.url);
  console.error(`input reached PostgreSQL unvalidated (${code}) at ${request.method} ${pathname}:`, (e as Error).message?.slice(0, 300));
}

const BAD_INPUT = new AppError('invalidInput');

/** Loaders: every AppError becomes an error response for the route's error boundary. */
export function loaderOf<T>(fn: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      checkParams(args.params);
      return await fn(args);
    } catch (e) {
      if (e instanceof AppError) throw toResponse(e);
      const fault = inputFault(e);
      if (fault) {
        logInputFault(args.request, fault, e);
        throw toResponse(BAD_INPUT);
      }
      throw e;
    }
  };
}

/**
 * Actions: refusals the person can act on (a stale state, a conflict, bad input, throttling) come
 * back to the form with their status; not signed in / forbidden / not found go to the boundary.
 */
export function actionOf<T>(fn: (args: ActionFunctionArgs) => Promise<T>) {
  return async (args: ActionFunctionArgs) => {
    try {
      checkParams(args.params);
      return await fn(args);
    } catch (e) {
      if (e instanceof AppError) {
        if (e.code === 'forbidden' || e.code === 'notFound' || e.code === 'unauthenticated') throw toResponse(e);
        return data<FormFailure>(
          { formError: { messageKey: e.messageKey, params: e.params }, ...(e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}) },
          { status: STATUS_OF[e.code] },
        );
      }
      const fault = inputFault(e);
      if (fault) {
        logInputFault(args.request, fault, e);
        return data<FormFailure>({ formError: { messageKey: BAD_INPUT.messageKey, params: {} } }, { status: 400 });
      }
      throw e;
    }
  };
}
