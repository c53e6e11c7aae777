import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
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
          { status: STATUS_OF[e.code] },
        );
      }
      throw e;
    }
  };
}
