import type { ProjectPage } from '~/queries/project-page.server';
import { useT } from '~/i18n/use-t';

type Lots = NonNullable<NonNullable<ProjectPage['award']>['lots']>;

/** The drawing of lots that resolved a tie at award (ADR 017), with what anyone needs to re-run it. */
export function LotsRecord({ lots, at }: { lots: Lots; at: string }) {
  const { t, dateTime } = useT();
  const drawn = lots.candidates[lots.index];
  return (
    <section className="lots" aria-labelledby="lots-title">
      <h3 id="lots-title">{t('award.lots.title')}</h3>
      <p className="small">{t('award.lots.lead', { n: lots.candidates.length, rank: lots.rank })}</p>
      {/* Not a dl.facts: the page's facts list stays the first one. */}
      <p className="small">
        {t('award.lots.seed')}: <code>{lots.seed}</code>
      </p>
      <p className="small">{t('award.lots.candidates')}</p>
      <ol start={0} className="small">
        {lots.candidates.map((c) => (
          <li key={c.bidId}>
            {c.orgName} <code className="muted">{c.bidId}</code>
          </li>
        ))}
      </ol>
      <p>
        <strong>{t('award.lots.drawn', { index: lots.index, org: drawn?.orgName ?? '' })}</strong>{' '}
        <span className="small muted">{t('award.lots.at', { at: dateTime(at) })}</span>
      </p>
      <p className="small muted">{t('award.lots.verify')}</p>
    </section>
  );
}
