/**
 * Money is integer fen (分). People type yuan, often on a Chinese keyboard: "12,000", "12000.5",
 * "¥12,000.50", "１８６,０００" (full-width digits), "186，000.50" (full-width comma),
 * "￥186,000", "186 000 元". Thousands separators must group by three and be one kind throughout;
 * anything that could be read two ways ("186,00", "1,000 000", "1.000,50") or is negative is refused.
 */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF0C\uFF0E]/g;
const fromFullWidth = (c: string) => (c === '\uFF0C' ? ',' : c === '\uFF0E' ? '.' : String.fromCharCode(c.charCodeAt(0) - 0xff10 + 0x30));

/** Spaces people type: ASCII, no-break, thin, narrow no-break and the ideographic (full-width) space. */
const SP = '[ \\u00A0\\u2009\\u202F\\u3000]';
const AMOUNT = new RegExp(`^(?:[¥￥]${SP}*)?(\\d{1,3}(?:(,|${SP})\\d{3}(?:\\2\\d{3})*)?|\\d+)(?:\\.(\\d{1,2}))?(?:${SP}*元)?$`);

export function parseYuanToFen(raw: string): number | null {
  if (raw.length > 40) return null;
  const s = raw.replace(FULL_WIDTH, fromFullWidth).trim();
  const m = AMOUNT.exec(s);
  if (!m) return null;
  const whole = m[1]!.replace(/\D/g, '');
  if (whole.length > 13) return null;
  const fen = Number(whole) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** For form fields: 1200050 → "12000.50". */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
