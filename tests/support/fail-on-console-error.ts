import { afterEach, vi } from 'vitest';

// An error logged during a test is a defect somebody would otherwise miss.
let errors: unknown[][] = [];
const original = console.error;
console.error = (...args: unknown[]) => {
  errors.push(args);
  original(...args);
};
afterEach(() => {
  const seen = errors;
  errors = [];
  if (seen.length) throw new Error(`console.error was called: ${String(seen[0]?.[0])}`);
});
void vi;
