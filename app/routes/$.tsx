import { useRouteError } from '@remix-run/react';
import { ErrorPage } from '~/components/error-page';
import { AppError } from '~/lib/errors';
import { actionOf, loaderOf } from '~/lib/http.server';

/**
 * Every address no other route answers (/projects/x/y/z, /favicon.ico …): the app's 404 page in the
 * usual layout, the person still signed in. Without a route to match, Remix renders the root's
 * boundary without the root's data on the server, while the browser, discovering routes lazily,
 * matches the address otherwise: the page's hydration failed. A 404 is the answer, not a fault:
 * nothing is logged (handleError in app/lib/http.server.ts).
 */
export const loader = loaderOf(async () => {
  throw new AppError('notFound');
});

export const action = actionOf(async () => {
  throw new AppError('notFound');
});

/** Never shown: the loader always answers 404, which the boundary below shows. */
export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
