import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { AppError, STATUS_OF } from './errors';

/** What an action returns when a use case refuses: shown on the form, with the HTTP status. */
export interface FormFailure {
  formError: { messageKey: string; params: Record<string, string | number> };
  fieldErrors?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** A throttled answer says when to come back (RFC 9110 §10.2.3), for scripts as the message does for people. */
function headersOf(e: AppError): HeadersInit | undefined {
  const seconds = e.params.retryAfterSeconds;
  return e.code === 'throttled' && typeof seconds === 'number' ? { 'Retry-After': String(seconds) } : undefined;
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

function toResponse(e: AppError) {
  return data({ messageKey: e.messageKey, params: e.params }, { status: STATUS_OF[e.code], headers: headersOf(e) });
}

/** Loaders: every AppError becomes an error response for the route's error boundary. */
export function loaderOf<T>(fn: (args: LoaderFunctionArgs) => Promise<T>) {
  return async (args: LoaderFunctionArgs): Promise<T> => {
    try {
      return await fn(args);
    } catch (e) {
      if (e instanceof AppError) throw toResponse(e);
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
      return await fn(args);
    } catch (e) {
      if (e instanceof AppError) {
        if (e.code === 'forbidden' || e.code === 'notFound' || e.code === 'unauthenticated') throw toResponse(e);
        return data<FormFailure>(
          { formError: { messageKey: e.messageKey, params: e.params } },
          { status: STATUS_OF[e.code], headers: headersOf(e) },
        );
      }
      throw e;
    }
  };
}
