import type { ProjectSchema } from '~/schemas/project';
import type { useAppForm } from '~/lib/use-app-form';
import { useT } from '~/i18n/use-t';
import { messageKeyOr } from '~/i18n/i18n';

type ProjectFormMeta = ReturnType<typeof useAppForm<typeof ProjectSchema>>;

const error = (f: { errors?: string[] }) => f.errors?.[0];

/**
 * The project's evaluation criteria: a table of any number of rows. "Add" and "remove" are submit
 * buttons carrying Conform's list intents, so they work without JavaScript too (the action answers
 * with the form as it now stands); each row's fields show their own errors, the list its own.
 */
export function CriteriaFields({ form, criteria }: { form: ProjectFormMeta[0]; criteria: ProjectFormMeta[1]['criteria'] }) {
  const { t } = useT();
  const rows = criteria.getFieldList();
  const criteriaError = error(criteria);
  return (
    <fieldset
      className="field"
      aria-describedby={`f-criteria-hint${criteriaError ? ` ${criteria.errorId}` : ''}`}
      aria-invalid={criteriaError ? true : undefined}
    >
      <legend>{t('project.criteria')}</legend>
      <span className="hint" id="f-criteria-hint">
        {t('project.criteria.hint')}
      </span>
      {criteriaError ? (
        <span className="error" id={criteria.errorId}>
          {t(messageKeyOr(criteriaError))}
        </span>
      ) : null}
      <div className="table-wrap">
        <table className="data compact">
          <caption className="visually-hidden">{t('project.criteria')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('project.criterion.name')}</th>
              <th scope="col">{t('project.criterion.weight')}</th>
              <th scope="col">{t('project.criterion.kind')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('project.criterion.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const c = row.getFieldset();
              return (
                <tr key={row.key}>
                  <th scope="row">{i + 1}</th>
                  <td>
                    <label className="visually-hidden" htmlFor={c.name.id}>
                      {t('project.criterion.nameN', { n: i + 1 })}
                    </label>
                    <input
                      id={c.name.id}
                      name={c.name.name}
                      key={c.name.key}
                      type="text"
                      defaultValue={String(c.name.initialValue ?? '')}
                      aria-invalid={error(c.name) ? true : undefined}
                      aria-describedby={error(c.name) ? c.name.errorId : undefined}
                    />
                    <RowError id={c.name.errorId} error={error(c.name)} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={c.weight.id}>
                      {t('project.criterion.weightN', { n: i + 1 })}
                    </label>
                    <input
                      id={c.weight.id}
                      name={c.weight.name}
                      key={c.weight.key}
                      type="number"
                      inputMode="numeric"
                      min="1"
                      max="100"
                      step="1"
                      defaultValue={String(c.weight.initialValue ?? '')}
                      aria-invalid={error(c.weight) ? true : undefined}
                      aria-describedby={error(c.weight) ? c.weight.errorId : undefined}
                    />
                    <RowError id={c.weight.errorId} error={error(c.weight)} />
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={c.kind.id}>
                      {t('project.criterion.kindN', { n: i + 1 })}
                    </label>
                    <select id={c.kind.id} name={c.kind.name} key={c.kind.key} defaultValue={String(c.kind.initialValue || 'scored')}>
                      <option value="scored">{t('project.criterion.kind.scored')}</option>
                      <option value="price">{t('project.criterion.kind.price')}</option>
                    </select>
                    <RowError id={c.kind.errorId} error={error(c.kind)} />
                  </td>
                  <td>
                    <button
                      className="btn secondary small"
                      aria-label={t('project.criterion.removeN', { n: i + 1 })}
                      {...form.remove.getButtonProps({ name: criteria.name, index: i })}
                    >
                      {t('project.criterion.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <button className="btn secondary" {...form.insert.getButtonProps({ name: criteria.name, defaultValue: { name: '', weight: '', kind: 'scored' } })}>
          {t('project.criterion.add')}
        </button>
      </p>
    </fieldset>
  );
}

function RowError({ id, error }: { id: string; error?: string }) {
  const { t } = useT();
  return error ? (
    <span className="error" id={id}>
      {t(messageKeyOr(error))}
    </span>
  ) : null;
}
