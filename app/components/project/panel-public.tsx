import type { ProjectPage } from '~/queries/project-page.server';
import { useT } from '~/i18n/use-t';

type PublicPanel = NonNullable<ProjectPage['panel']>;

/**
 * The evaluation panel published with the result (公示, ADR 024): its members' names and, when it was
 * drawn, the seed and candidates anyone can re-run the draw from. Before the notice the read model
 * sends nothing of it.
 */
export function PanelPublic({ panel }: { panel: PublicPanel }) {
  const { t, list } = useT();
  return (
    <section className="card" aria-labelledby="panel-public-title">
      <h2 id="panel-public-title">{t('panelDraw.public.title')}</h2>
      <p>{t('panelDraw.public.names', { names: list(panel.names) })}</p>
      {panel.draw ? (
        <>
          <p className="small">
            {t('panelDraw.public.drawn')}
            <code className="break">{panel.draw.seed}</code>
          </p>
          <details className="small">
            <summary>{t('panelDraw.record.candidates', { n: panel.draw.candidateIds.length })}</summary>
            <code className="break">{panel.draw.candidateIds.join(' ')}</code>
          </details>
          <p className="small muted">{t('panelDraw.record.rerun')}</p>
        </>
      ) : null}
    </section>
  );
}
