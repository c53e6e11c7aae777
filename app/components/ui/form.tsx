import type { ReactNode } from 'react';
import type { FieldMetadata } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { messageKeyOr } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';

type FieldErrors = Record<string, string> | undefined;

/** A field as Conform describes it (app/lib/use-app-form.ts): name, ids, errors (message keys), value. */
export type FieldMeta = Pick<
  FieldMetadata<unknown, Record<string, unknown>, string[]>,
  'name' | 'id' | 'errorId' | 'descriptionId' | 'errors' | 'initialValue' | 'key' | 'required'
>;

/**
 * Where a field's name, error and value come from: Conform's metadata (`field`), or, for forms not
 * yet on Conform, a name with the action's `fieldErrors`.
 */
interface FieldSource {
  name?: string;
  field?: FieldMeta;
  errors?: FieldErrors;
  /** Marked as required; by default, what the schema says (Conform's constraint, app/lib/use-app-form.ts). */
  required?: boolean;
}

function sourceOf({ name, field, errors, required }: FieldSource) {
  if (field) {
    return {
      name: field.name,
      id: field.id,
      hintId: field.descriptionId,
      errorId: field.errorId,
      error: field.errors?.[0],
      initial: field.initialValue,
      key: field.key,
      required: required ?? !!field.required,
    };
  }
  const id = `f-${name}`;
  return { name: name!, id, hintId: `${id}-hint`, errorId: `${id}-error`, error: errors?.[name!], initial: undefined, key: undefined, required: !!required };
}

/**
 * The mark after a required field's label: an asterisk to the eye. Screen readers hear "required" from
 * the control itself (aria-required), or, for a group of boxes, from the group's description.
 */
export function RequiredMark() {
  const { t } = useT();
  return (
    <span className="required-mark" aria-hidden="true" title={t('form.required')}>
      *
    </span>
  );
}

/** A group's "required", read as its description (a fieldset has no required state of its own). */
function RequiredNote({ id }: { id: string }) {
  const { t } = useT();
  return (
    <span className="visually-hidden" id={id}>
      {t('form.required')}
    </span>
  );
}

/** A labelled input with its hint and its translated error, tied together for screen readers. */
export function Field({
  label,
  hint,
  children,
  ...source
}: FieldSource & {
  label: string;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string; 'aria-required'?: true }, initial: unknown) => ReactNode;
}) {
  const { t } = useT();
  const f = sourceOf(source);
  const describedBy = [hint ? f.hintId : null, f.error ? f.errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      {f.required ? (
        // The mark beside the label, not in it: the label's text stays the field's name.
        <div>
          <label htmlFor={f.id}>{label}</label>
          <RequiredMark />
        </div>
      ) : (
        <label htmlFor={f.id}>{label}</label>
      )}
      {hint ? (
        <span className="hint" id={f.hintId}>
          {hint}
        </span>
      ) : null}
      {children(
        {
          id: f.id,
          name: f.name,
          ...(f.error ? { 'aria-invalid': true as const } : {}),
          'aria-describedby': describedBy,
          ...(f.required ? { 'aria-required': true as const } : {}),
        },
        f.initial,
      )}
      {f.error ? (
        <span className="error" id={f.errorId}>
          {t(messageKeyOr(f.error))}
        </span>
      ) : null}
    </div>
  );
}

const asText = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? v : undefined);

export function TextField({
  label,
  hint,
  defaultValue,
  type = 'text',
  required,
  autoComplete,
  inputMode,
  step,
  min,
  max,
  ...source
}: FieldSource & {
  label: string;
  hint?: string;
  defaultValue?: string | number | null;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email';
  step?: string;
  min?: string;
  max?: string;
}) {
  return (
    <Field label={label} hint={hint} required={required} {...source}>
      {(p, initial) => (
        <input
          {...p}
          key={source.field?.key}
          type={type}
          // A password is never put back into a page.
          defaultValue={type === 'password' ? undefined : (asText(initial) ?? defaultValue ?? undefined)}
          required={required}
          autoComplete={autoComplete}
          inputMode={inputMode}
          step={step}
          min={min}
          max={max}
        />
      )}
    </Field>
  );
}

export function TextArea({
  label,
  hint,
  defaultValue,
  rows = 5,
  ...source
}: FieldSource & {
  label: string;
  hint?: string;
  defaultValue?: string | null;
  rows?: number;
}) {
  return (
    <Field label={label} hint={hint} {...source}>
      {(p, initial) => <textarea {...p} key={source.field?.key} rows={rows} defaultValue={asText(initial) ?? defaultValue ?? undefined} />}
    </Field>
  );
}

/** A group of checkboxes posting the same name several times (a `list()` field with Conform). */
export function CheckboxGroup({
  legend,
  options,
  selected,
  hint,
  ...source
}: FieldSource & {
  legend: string;
  options: { value: string; label: string }[];
  selected?: readonly string[];
  hint?: string;
}) {
  const { t } = useT();
  const f = sourceOf(source);
  // Conform's value after a post is one string or several; before, the default given.
  const initial = f.initial === undefined ? selected : ([] as unknown[]).concat(f.initial).map(String);
  const requiredId = `${f.id}-required`;
  const describedBy = [f.required ? requiredId : null, hint ? f.hintId : null, f.error ? f.errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset key={f.key} className="field" aria-describedby={describedBy} aria-invalid={f.error ? true : undefined}>
      <legend>
        {legend}
        {f.required ? <RequiredMark /> : null}
      </legend>
      {f.required ? <RequiredNote id={requiredId} /> : null}
      {hint ? (
        <span className="hint" id={f.hintId}>
          {hint}
        </span>
      ) : null}
      <div className="checks">
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={f.name} value={o.value} defaultChecked={initial?.includes(o.value)} /> {o.label}
          </label>
        ))}
      </div>
      {f.error ? (
        <span className="error" id={f.errorId}>
          {t(messageKeyOr(f.error))}
        </span>
      ) : null}
    </fieldset>
  );
}

export function FormError({ failure }: { failure?: { messageKey: string; params?: Record<string, string | number> } | null }) {
  const { t } = useT();
  if (!failure) return null;
  return (
    <p className="form-error" role="alert">
      {t(messageKeyOr(failure.messageKey), failure.params)}
    </p>
  );
}

/** One button that posts an intent (and the ids it is about), with a line saying what it will do: a step that needs no words. */
export function IntentButton({
  action,
  intent,
  hidden,
  hint,
  label,
  secondary,
}: {
  action?: string;
  intent: string;
  /** The ids the action needs besides the intent (the milestone, tranche or amendment). */
  hidden?: Record<string, string>;
  hint?: ReactNode;
  label: string;
  secondary?: boolean;
}) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {hint ? <p className="small muted">{hint}</p> : null}
      <button type="submit" className={secondary ? 'btn secondary' : 'btn'}>
        {label}
      </button>
    </Form>
  );
}

/**
 * One choice among options, each a radio with a bold name and a line explaining it (a procurement
 * method, a scoring method); `children` add notes under the options (a warning). The group's hint and
 * error are tied to it for screen readers.
 */
export function RadioOptions({
  field,
  legend,
  hint,
  options,
  fallback,
  required,
  children,
}: {
  field: FieldMeta;
  /** Marked as required; by default, what the schema says. */
  required?: boolean;
  legend: string;
  hint?: string;
  options: readonly { value: string; label: string; explain: string }[];
  /** The option checked when the form has no value for the field. */
  fallback?: string;
  children?: ReactNode;
}) {
  const { t } = useT();
  const error = field.errors?.[0];
  const hintId = `${field.id}-hint`;
  const requiredId = `${field.id}-required`;
  const isRequired = required ?? !!field.required;
  const describedBy = [isRequired ? requiredId : null, hint ? hintId : null, error ? field.errorId : null].filter(Boolean).join(' ') || undefined;
  const chosen = String(field.initialValue ?? '') || fallback;
  return (
    <fieldset className="field" aria-describedby={describedBy}>
      <legend>
        {legend}
        {isRequired ? <RequiredMark /> : null}
      </legend>
      {isRequired ? <RequiredNote id={requiredId} /> : null}
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {options.map((o) => (
        <label key={o.value} className="check option">
          <input type="radio" name={field.name} value={o.value} key={field.key} defaultChecked={chosen === o.value} />{' '}
          <span>
            <strong>{o.label}</strong>
            <span className="hint"> {o.explain}</span>
          </span>
        </label>
      ))}
      {error ? (
        <span className="error" id={field.errorId}>
          {t(messageKeyOr(error))}
        </span>
      ) : null}
      {children}
    </fieldset>
  );
}
