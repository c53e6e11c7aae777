import type { ReactNode } from 'react';
import type { FieldMetadata, FormMetadata } from '@conform-to/react';
import { useT } from '~/i18n/use-t';
import { messageKeyOr } from '~/i18n/i18n';

/** A cell of a list row or the list itself, as Conform describes it. */
export type Cell = Pick<FieldMetadata<unknown, Record<string, unknown>, string[]>, 'id' | 'name' | 'key' | 'errorId' | 'errors' | 'initialValue'>;

/** A cell's value as last posted (or its starting value), as text. */
export const initialText = (f: Cell) => (typeof f.initialValue === 'string' || typeof f.initialValue === 'number' ? String(f.initialValue) : '');

/** A cell's input props: id, name, its value as last posted, and its error tied for screen readers. */
export const cellProps = (f: Cell) => ({
  id: f.id,
  name: f.name,
  defaultValue: initialText(f),
  ...(f.errors?.[0] ? { 'aria-invalid': true as const, 'aria-describedby': f.errorId } : {}),
});

/** The translated error of a cell or a list, with the id its control points to. */
export function CellError({ field, small = true }: { field: Cell; small?: boolean }) {
  const { t } = useT();
  const error = field.errors?.[0];
  return error ? (
    <span className={small ? 'error small' : 'error'} id={field.errorId}>
      {t(messageKeyOr(error))}
    </span>
  ) : null;
}

/**
 * One cell of a row: a label only screen readers hear ("Weight of criterion 2"), the control, its
 * error. `column` is the column's heading, shown above the control when the rows are cards (a phone).
 */
export function RowCell({
  field,
  label,
  column,
  className,
  children,
}: {
  field: Cell;
  label: string;
  column: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <td className={className} data-label={column}>
      <label className="visually-hidden" htmlFor={field.id}>
        {label}
      </label>
      {children}
      <CellError field={field} />
    </td>
  );
}

/**
 * A list of rows the person can grow and shrink (criteria, milestones, tranches): a table with a
 * numbered row each, a "remove" per row and an "add" under it. Both are submit buttons carrying
 * Conform's list intents, so they work without JavaScript too (the action answers with the form as it
 * now stands). Each cell shows its own error (`RowCell`), the list its own above the table.
 */
/** A submit button's props carrying one of Conform's list intents (`form.insert.getButtonProps(…)`). */
type IntentButtonProps = ReturnType<FormMetadata['insert']['getButtonProps']>;

/** A list field as Conform gives it: its own name, ids and errors, and a row per item. */
type ListField<F> = Cell & { getFieldList: () => { key: string | undefined; getFieldset: () => F }[] };

export function ListRows<F>({
  list,
  legend,
  hint,
  columns,
  addButton,
  removeButton,
  addLabel,
  removeLabel,
  removeLabelN,
  row,
  after,
}: {
  list: ListField<F>;
  legend: string;
  hint: string;
  /** The headers after "#"; a column with `num` is right-aligned. */
  columns: { label: string; num?: boolean }[];
  /** The props of "add" (`form.insert.getButtonProps({ name, defaultValue })`) and of row i's "remove". */
  addButton: IntentButtonProps;
  removeButton: (index: number) => IntentButtonProps;
  addLabel: string;
  removeLabel: string;
  removeLabelN: (n: number) => string;
  /** The row's cells (`RowCell`s), from its fields and its index. */
  row: (fields: F, index: number) => ReactNode;
  /** What follows the "add" button (a total, a preview button). */
  after?: ReactNode;
}) {
  const rows = list.getFieldList();
  const hintId = `${list.id}-hint`;
  const error = list.errors?.[0];
  return (
    <fieldset className="field" aria-describedby={`${hintId}${error ? ` ${list.errorId}` : ''}`} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      <span className="hint" id={hintId}>
        {hint}
      </span>
      <CellError field={list} small={false} />
      <div className="table-wrap">
        <table className="data compact list-rows stack">
          <caption className="visually-hidden">{legend}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{removeLabel}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <th scope="row">
                  <span className="stack-only">#</span>
                  {i + 1}
                </th>
                {row(r.getFieldset(), i)}
                <td>
                  <button className="btn secondary small" aria-label={removeLabelN(i + 1)} {...removeButton(i)}>
                    {removeLabel}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <button className="btn secondary" {...addButton}>
          {addLabel}
        </button>
      </p>
      {after}
    </fieldset>
  );
}
