import type { ReactNode } from 'react';
import { Form } from '@remix-run/react';
import { useT } from '~/i18n/use-t';

type FieldErrors = Record<string, string> | undefined;

/** A labelled input with its hint and its translated error, tied together for screen readers. */
export function Field({
  name,
  label,
  errors,
  hint,
  children,
}: {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const { t } = useT();
  const error = errors?.[name];
  const id = `f-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children({ id, name, ...(error ? { 'aria-invalid': true as const } : {}), 'aria-describedby': describedBy })}
      {error ? (
        <span className="error" id={`${id}-error`}>
          {t(error)}
        </span>
      ) : null}
    </div>
  );
}

export function TextField({
  name,
  label,
  errors,
  hint,
  defaultValue,
  type = 'text',
  required,
  autoComplete,
  inputMode,
  step,
  min,
  max,
}: {
  name: string;
  label: string;
  errors?: FieldErrors;
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
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(p) => (
        <input
          {...p}
          type={type}
          defaultValue={defaultValue ?? undefined}
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
  name,
  label,
  errors,
  hint,
  defaultValue,
  rows = 5,
}: {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
  defaultValue?: string | null;
  rows?: number;
}) {
  return (
    <Field name={name} label={label} errors={errors} hint={hint}>
      {(p) => <textarea {...p} rows={rows} defaultValue={defaultValue ?? undefined} />}
    </Field>
  );
}

/** A group of checkboxes posting the same name several times. */
export function CheckboxGroup({
  name,
  legend,
  options,
  selected,
  errors,
}: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  selected?: readonly string[];
  errors?: FieldErrors;
}) {
  const { t } = useT();
  const error = errors?.[name];
  return (
    <fieldset className="field" aria-describedby={error ? `f-${name}-error` : undefined} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <div className="checks">
        {options.map((o) => (
          <label key={o.value}>
            <input type="checkbox" name={name} value={o.value} defaultChecked={selected?.includes(o.value)} /> {o.label}
          </label>
        ))}
      </div>
      {error ? (
        <span className="error" id={`f-${name}-error`}>
          {t(error)}
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
      {t(failure.messageKey, failure.params)}
    </p>
  );
}

/** One button that posts an intent, with a line saying what it will do: the purchaser's step actions. */
export function IntentButton({
  action,
  intent,
  hint,
  label,
  secondary,
}: {
  action: string;
  intent: string;
  hint?: ReactNode;
  label: string;
  secondary?: boolean;
}) {
  return (
    <Form method="post" action={action}>
      <input type="hidden" name="intent" value={intent} />
      {hint ? <p className="small muted">{hint}</p> : null}
      <button type="submit" className={secondary ? 'btn secondary' : 'btn'}>
        {label}
      </button>
    </Form>
  );
}
