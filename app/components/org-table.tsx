import { Link } from '@remix-run/react';
import { useT } from '~/i18n/use-t';
import { StatusBadge } from './ui/badges';
import { keyUnder } from '~/i18n/i18n';

export interface OrgRow {
  id: string;
  name: string;
  kind: string;
  legalStatus: string;
  status: string;
  regionName: string;
  serviceCategories: string[];
  memberCount: number;
}

/** The directory table; the bench baseline renders the same component from constant rows. */
export function OrgTable({ rows }: { rows: OrgRow[] }) {
  const { t, num, list } = useT();
  return (
    <div className="table-wrap">
      <table className="data stack">
        <caption className="visually-hidden">{t('orgs.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('org.name')}</th>
            <th scope="col">{t('org.kind')}</th>
            <th scope="col">{t('org.legalStatus')}</th>
            <th scope="col">{t('org.region')}</th>
            <th scope="col">{t('org.categories')}</th>
            <th scope="col" className="num">
              {t('org.members')}
            </th>
            <th scope="col">{t('org.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td className="stack-head">
                <Link to={`/orgs/${o.id}`}>{o.name}</Link>
              </td>
              <td data-label={t('org.kind')}>{t(keyUnder('org.kind', o.kind))}</td>
              <td data-label={t('org.legalStatus')}>{t(keyUnder('org.legalStatus', o.legalStatus))}</td>
              <td data-label={t('org.region')}>{o.regionName}</td>
              <td data-label={t('org.categories')}>{list(o.serviceCategories.map((c) => t(keyUnder('category', c))))}</td>
              <td className="num" data-label={t('org.members')}>
                {num(o.memberCount)}
              </td>
              <td data-label={t('org.status')}>
                <StatusBadge status={o.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
