/** Time in the generated world. */

export const DAY = 86_400_000;
/** "Now" of the generated world, fixed so the output does not depend on the day it runs. */
export const ANCHOR = Date.parse('2026-10-31T00:00:00+08:00');
export const FIRST_FILING = Date.parse('2016-03-01T00:00:00+08:00');

/** Calendar date in China (UTC+8). */
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
export function dayStart(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}
export function chinaYear(ms: number): number {
  return Number(chinaDate(ms).slice(0, 4));
}
