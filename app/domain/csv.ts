/**
 * CSV for spreadsheets (RFC 4180, CRLF lines). A cell that a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe: exported
 * names and references come from people, and must not execute on a finance officer's machine.
 * The file starts with a byte order mark so that Excel reads UTF-8 (Chinese) correctly.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return '\uFEFF' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Fen as yuan with two decimals and no grouping ("12345.60"), for sums in a spreadsheet. */
export function fenAsYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error('fen must be an integer');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
