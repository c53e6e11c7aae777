import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { clearSessionCookie, currentUser } from '~/auth/guard.server';
import { invalidateSession } from '~/auth/session.server';
import { db } from '~/lib/db.server';

/** Signing out deletes the session row: the old cookie is worthless afterwards. */
export async function action({ request }: ActionFunctionArgs) {
  const me = await currentUser(request);
  if (me) await invalidateSession(db(), me.sessionId);
  return redirect('/', { headers: { 'Set-Cookie': clearSessionCookie() } });
}

export async function loader() {
  return redirect('/');
}
