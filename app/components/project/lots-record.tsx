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
      <dl className="facts small">
        <dt>{t('award.lots.seed')}</dt>
        <dd>
          <code>{lots.seed}</code>
        </dd>
        <dt>{t('award.lots.candidates')}</dt>
        <dd>
          <ol start={0}>
            {lots.candidates.map((c) => (
              <li key={c.bidId}>
                {c.orgName} <code className="muted">{c.bidId}</code>
              </li>
            ))}
          </ol>
        </dd>
      </dl>
      <p>
        <strong>{t('award.lots.drawn', { index: lots.index, org: drawn?.orgName ?? '' })}</strong>{' '}
        <span className="small muted">{t('award.lots.at', { at: dateTime(at) })}</span>
      </p>
      <p className="small muted">{t('award.lots.verify')}</p>
    </section>
  );
}
