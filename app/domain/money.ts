/** Money is integer fen (分). People type yuan: "12,000", "12000.5", "¥12,000.50". */
export function parseYuanToFen(raw: string): number | null {
  const s = raw.trim().replace(/^¥/, '').replace(/[,，\s]/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** For form fields: 1200050 → "12000.50". */
export function fenToYuanInput(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
