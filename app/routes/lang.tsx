import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { isLocale } from '~/i18n/i18n';
import { LOCALE_COOKIE } from '~/i18n/locale.server';
import { serializeCookie } from '~/lib/cookies.server';
import { readForm } from '~/lib/forms.server';
import { actionOf } from '~/lib/http.server';
import { safeNext } from '~/lib/redirects';

/** Switches the language and remembers it for a year. */
export const action = actionOf(async ({ request }: ActionFunctionArgs) => {
  const form = await readForm(request);
  const locale = form.get('locale');
  const next = safeNext(form.get('next'), new URL(request.url).origin);
  if (!isLocale(locale)) return redirect(next);
  return redirect(next, {
    headers: { 'Set-Cookie': serializeCookie(LOCALE_COOKIE, locale, { maxAgeSeconds: 365 * 24 * 3600, httpOnly: false }) },
  });
});

export async function loader() {
  return redirect('/');
}
