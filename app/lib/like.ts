/**
 * The one LIKE escaper: a person's search text matched as a substring, with `%`, `_` and the escape
 * character itself taken literally (PostgreSQL's default LIKE escape is the backslash). Region
 * subtrees are not matched with LIKE at all: see `inSubtree()` in app/queries/regions.server.ts.
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

/** A LIKE pattern for rows containing `s` anywhere. */
export function containsPattern(s: string): string {
  return `%${escapeLike(s)}%`;
}
