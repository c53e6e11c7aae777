import { useRouteLoaderData } from '@remix-run/react';
import { DEFAULT_LOCALE, formatDate, formatDateTime, formatFen, formatNumber, translator, type Locale } from './i18n';

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>('root');
  return data?.locale ?? DEFAULT_LOCALE;
}

/** Translation and formatting for the current request's language. */
export function useT() {
  const locale = useLocale();
  const t = translator(locale);
  return {
    t,
    locale,
    fen: (n: number) => formatFen(n, locale),
    date: (d: string | Date) => formatDate(d, locale),
    dateTime: (d: string | Date) => formatDateTime(d, locale),
    num: (n: number) => formatNumber(n, locale),
  };
}
