import { isRouteErrorResponse, useRouteError, useRouteLoaderData } from '@remix-run/react';
import { DEFAULT_LOCALE, formatDate, formatDateTime, formatFen, formatList, formatNumber, isLocale, translator, type Locale } from './i18n';

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>('root');
  const error = useRouteError();
  return data?.locale ?? localeOfError(error) ?? DEFAULT_LOCALE;
}

/** When the root loader itself failed (a 503 while the database is away), its error carries the language. */
export function localeOfError(error: unknown): Locale | undefined {
  if (!isRouteErrorResponse(error)) return undefined;
  const locale = (error.data as { locale?: unknown } | null)?.locale;
  return typeof locale === 'string' && isLocale(locale) ? locale : undefined;
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
    /** Labels shown as one phrase (教育、养老 / education and elderly care): never join them by hand. */
    list: (items: readonly string[]) => formatList(locale, items),
  };
}
