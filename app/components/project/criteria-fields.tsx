import type { ProjectSchema } from '~/schemas/project';
import type { useAppForm } from '~/lib/use-app-form';
import { cellProps, initialText, ListRows, RowCell } from '~/components/ui/list-rows';
import { useT } from '~/i18n/use-t';

type ProjectFormMeta = ReturnType<typeof useAppForm<typeof ProjectSchema>>;

/** The project's evaluation criteria: any number of rows of name, weight and kind (ListRows). */
export function CriteriaFields({ form, criteria }: { form: ProjectFormMeta[0]; criteria: ProjectFormMeta[1]['criteria'] }) {
  const { t } = useT();
  return (
    <ListRows
      list={criteria}
      legend={t('project.criteria')}
      hint={t('project.criteria.hint')}
      columns={[{ label: t('project.criterion.name') }, { label: t('project.criterion.weight') }, { label: t('project.criterion.kind') }]}
      addButton={form.insert.getButtonProps({ name: criteria.name, defaultValue: { name: '', weight: '', kind: 'scored' } })}
      removeButton={(index) => form.remove.getButtonProps({ name: criteria.name, index })}
      addLabel={t('project.criterion.add')}
      removeLabel={t('project.criterion.remove')}
      removeLabelN={(n) => t('project.criterion.removeN', { n })}
      row={(c, i) => (
        <>
          <RowCell field={c.name} label={t('project.criterion.nameN', { n: i + 1 })} column={t('project.criterion.name')} className="stack-full">
            <input type="text" key={c.name.key} {...cellProps(c.name)} />
          </RowCell>
          <RowCell field={c.weight} label={t('project.criterion.weightN', { n: i + 1 })} column={t('project.criterion.weight')}>
            <input type="number" inputMode="numeric" min="1" max="100" step="1" className="percent" key={c.weight.key} {...cellProps(c.weight)} />
          </RowCell>
          <RowCell field={c.kind} label={t('project.criterion.kindN', { n: i + 1 })} column={t('project.criterion.kind')}>
            <select key={c.kind.key} {...cellProps(c.kind)} defaultValue={initialText(c.kind) || 'scored'}>
              <option value="scored">{t('project.criterion.kind.scored')}</option>
              <option value="price">{t('project.criterion.kind.price')}</option>
            </select>
          </RowCell>
        </>
      )}
    />
  );
}
