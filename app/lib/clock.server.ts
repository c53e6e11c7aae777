import { env } from './env.server';

/**
 * The app's clock. Deadlines and notice periods are read through `now()` so that the browser
 * journeys can let a notice period pass: with ENABLE_TEST_CLOCK=1 (never in production) the
 * /test/clock route moves this process's clock forward.
 */
const g = globalThis as typeof globalThis & { __clockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (g.__clockOffsetMs ?? 0));
}

/** Only for test servers; a deployment must never set ENABLE_TEST_CLOCK. */
export function testClockEnabled(): boolean {
  return env().ENABLE_TEST_CLOCK === '1';
}

export function advanceClock(ms: number): void {
  g.__clockOffsetMs = (g.__clockOffsetMs ?? 0) + ms;
}

/** Today in China, as YYYY-MM-DD. */
const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
export function todayInChina(at: Date = now()): string {
  return chinaDay.format(at);
}
