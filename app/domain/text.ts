/**
 * Characters no person types into a form and PostgreSQL or a page cannot carry safely: the C0
 * controls (NUL first of all, which PostgreSQL refuses in text), DEL, and UTF-16 surrogates
 * without their pair. Multi-line text keeps tab, line feed and carriage return.
 */
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const MULTI_LINE = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]|${LONE_SURROGATE}`);
const SINGLE_LINE = new RegExp(`[\\u0000-\\u001F\\u007F]|${LONE_SURROGATE}`);
const ANY_CONTROL = new RegExp(`[\\u0000-\\u001F\\u007F]|${LONE_SURROGATE}`, 'g');

export function hasControlCharacters(text: string, opts: { multiline?: boolean } = {}): boolean {
  return (opts.multiline ? MULTI_LINE : SINGLE_LINE).test(text);
}

/** For search boxes, where dropping them is what the person wants: each becomes a space, spaces collapse. */
export function stripControlCharacters(text: string): string {
  return text.replace(ANY_CONTROL, ' ').replace(/\s+/g, ' ').trim();
}
