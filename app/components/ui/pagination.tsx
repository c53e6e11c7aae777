import { Link, useLocation } from '@remix-run/react';
import { useT } from '~/i18n/use-t';

export function Pagination({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const { t, num } = useT();
  const location = useLocation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(location.search);
    params.set('page', String(p));
    return `${location.pathname}?${params}`;
  };
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} rel="prev">
          ← {t('common.prev')}
        </Link>
      ) : (
        <span />
      )}
      <span>{t('common.pageOf', { page: num(page), pages: num(pages) })}</span>
      {page < pages ? (
        <Link to={hrefFor(page + 1)} rel="next">
          {t('common.next')} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
