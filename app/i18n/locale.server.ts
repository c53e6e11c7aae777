import { readCookie } from '~/lib/cookies.server';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

export const LOCALE_COOKIE = 'lang';

/** The language: the remembered choice, else zh-CN (the interface is Chinese first). */
export function localeOf(request: Request): Locale {
  const chosen = readCookie(request, LOCALE_COOKIE);
  return isLocale(chosen) ? chosen : DEFAULT_LOCALE;
}
