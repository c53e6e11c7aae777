import type { ProjectPage } from '~/queries/project-page.server';
import { useT } from '~/i18n/use-t';

/** Awards the winners declined (public; the reason only for the purchaser). */
export function DeclinedAwards({ declined }: { declined: ProjectPage['declined'] }) {
  const { t } = useT();
  if (!declined.length) return null;
  return (
    <section className="card">
      <h2>{t('award.declined.title')}</h2>
      <ul className="plain">
        {declined.map((d) => (
          <li key={d.id}>
            {t('award.declined.line', { org: d.orgName })}
            {d.reason ? <div className="small muted">{d.reason}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
