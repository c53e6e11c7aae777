import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { ExpertProfileSchema, ExpertRelationsSchema } from '~/schemas/expert';
import { useAppForm } from '~/lib/use-app-form';
import { CheckboxGroup, Field, TextField } from '~/components/ui/form';
import { cellProps, initialText, ListRows, RowCell } from '~/components/ui/list-rows';
import { useT } from '~/i18n/use-t';

type Org = { id: string; name: string };
type Relation = { organizationId: string; note: string };
export interface ExpertFormValues {
  specialties: string[];
  regionCode: string;
  employerOrganizationId: string;
  employerName: string;
  active: boolean;
  relations: Relation[];
}

type RelationsList = ReturnType<typeof useAppForm<typeof ExpertRelationsSchema>>[1]['relations'];
type RelationsForm = ReturnType<typeof useAppForm<typeof ExpertRelationsSchema>>[0];

/** The declared relations: rows of an organization and a note (ListRows, with or without JavaScript). */
function RelationRows({ form, relations, organizations }: { form: RelationsForm; relations: RelationsList; organizations: Org[] }) {
  const { t } = useT();
  return (
    <ListRows
      list={relations}
      legend={t('experts.relations')}
      hint={t('experts.relations.hint')}
      columns={[{ label: t('experts.field.relationOrg') }, { label: t('experts.field.relationNote') }]}
      addButton={form.insert.getButtonProps({ name: relations.name, defaultValue: { organizationId: '', note: '' } })}
      removeButton={(index) => form.remove.getButtonProps({ name: relations.name, index })}
      addLabel={t('experts.relations.add')}
      removeLabel={t('experts.relations.remove')}
      removeLabelN={(n) => t('experts.relations.removeN', { n })}
      row={(r, i) => (
        <>
          <RowCell
            field={r.organizationId}
            label={t('experts.field.relationOrgN', { n: i + 1 })}
            column={t('experts.field.relationOrg')}
            className="stack-full"
          >
            <select key={r.organizationId.key} {...cellProps(r.organizationId)} defaultValue={initialText(r.organizationId)}>
              <option value="">{t('common.choose')}</option>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </RowCell>
          <RowCell field={r.note} label={t('experts.field.relationNoteN', { n: i + 1 })} column={t('experts.field.relationNote')} className="stack-full">
            <input type="text" key={r.note.key} {...cellProps(r.note)} />
          </RowCell>
        </>
      )}
    />
  );
}

/** The bureau's form of an expert's whole profile. */
export function ExpertProfileForm({ defaultValue, organizations, answer }: { defaultValue: ExpertFormValues; organizations: Org[]; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(ExpertProfileSchema, {
    id: 'expert',
    lastResult: answer,
    defaultValue: { ...defaultValue, active: defaultValue.active ? 'on' : '' },
  });
  const initialActive = fields.active.initialValue;
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="profile" />
      <CheckboxGroup
        field={fields.specialties}
        legend={t('experts.specialties')}
        options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        selected={defaultValue.specialties}
      />
      <TextField field={fields.regionCode} label={t('experts.field.region')} hint={t('experts.field.region.hint')} inputMode="numeric" />
      <Field field={fields.employerOrganizationId} label={t('experts.field.employerOrganization')}>
        {(p) => (
          <select {...p} key={fields.employerOrganizationId.key} defaultValue={String(fields.employerOrganizationId.initialValue ?? '')}>
            <option value="">{t('experts.field.employerOrganization.none')}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField field={fields.employerName} label={t('experts.field.employerName')} />
      <label className="check">
        <input type="checkbox" name={fields.active.name} defaultChecked={initialActive === 'on' || initialActive === 'true'} /> {t('experts.field.active')}
      </label>
      <RelationRows form={form as unknown as RelationsForm} relations={fields.relations as unknown as RelationsList} organizations={organizations} />
      <button type="submit" className="btn">
        {t('experts.save')}
      </button>
    </Form>
  );
}

/** The expert's own form: their declared relations only. */
export function ExpertRelationsForm({ relations, organizations, answer }: { relations: Relation[]; organizations: Org[]; answer: unknown }) {
  const { t } = useT();
  const [form, fields] = useAppForm(ExpertRelationsSchema, { id: 'expert', lastResult: answer, defaultValue: { relations } });
  return (
    <Form method="post" className="stack card" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="relations" />
      <RelationRows form={form} relations={fields.relations} organizations={organizations} />
      <button type="submit" className="btn">
        {t('experts.save')}
      </button>
    </Form>
  );
}
