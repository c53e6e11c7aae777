import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';

export interface PickerLevel {
  parent: string;
  selected: string | null;
  options: { code: string; name: string }[];
}

const LEVEL_KEYS = ['region.level.city', 'region.level.county', 'region.level.street', 'region.level.community'] as const;

/**
 * Cascading region selects inside a GET form: r1 (city) … r4 (community). Works without
 * JavaScript (the form's submit button reloads the next level); with it, a change submits at once.
 */
export function RegionSelects({ levels, allLabel }: { levels: PickerLevel[]; allLabel?: string }) {
  const { t } = useT();
  return (
    <>
      {levels.map((level, i) => (
        <div className="field" key={level.parent}>
          <label htmlFor={`r${i + 1}`}>{t(LEVEL_KEYS[i]!)}</label>
          <select id={`r${i + 1}`} name={`r${i + 1}`} defaultValue={level.selected ?? ''} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
            <option value="">{allLabel ?? t('common.all')}</option>
            {level.options.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      ))}
    </>
  );
}

/** The deepest consistent choice among r1…r4 (a stale deeper choice under another parent is dropped). */
export function chosenRegion(params: URLSearchParams): string | null {
  const direct = params.get('region');
  let chosen: string | null = null;
  for (let i = 1; i <= 4; i++) {
    const v = params.get(`r${i}`);
    if (!v || !/^\d{2,12}$/.test(v)) break;
    if (chosen && !v.startsWith(chosen)) break;
    if (!chosen && !v.startsWith('61')) break;
    chosen = v;
  }
  if (chosen) return chosen;
  return direct && /^\d{2,12}$/.test(direct) ? direct : null;
}

/** Step one of a form that needs a region: the cascading selects in their own GET form. */
export function RegionStepForm({
  levels,
  label,
  submitLabel,
  style,
}: {
  levels: PickerLevel[];
  label: string;
  submitLabel: string;
  style?: React.CSSProperties;
}) {
  const { t } = useT();
  return (
    <Form method="get" className="filters" aria-label={label} style={style}>
      <RegionSelects levels={levels} allLabel={t('common.choose')} />
      <div className="actions">
        <button type="submit" className="btn secondary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
