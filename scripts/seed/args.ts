/** The command line of `npm run seed`. */

export type Scale = 'demo' | 'province';

export function parseArgs(argv: string[]): { scale: Scale; seed: number } {
  let scale: Scale | undefined;
  let seed = 42;
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2) as [string, string | undefined];
    if (key === '--scale' && (value === 'demo' || value === 'province')) scale = value;
    else if (key === '--seed' && value && /^\d+$/.test(value)) seed = Number(value);
    else if (key === '--reset') {
      console.error(
        '--reset is not supported: generated rows are not separable from real ones and audit_events is append-only.\n' +
          'To start over, delete the PGlite folder (PGLITE_DIR) or drop and re-create the database, then run this again.',
      );
      process.exit(2);
    } else if (key === '--') continue;
    else {
      console.error(`unknown or invalid argument: ${arg}`);
      scale = undefined;
      break;
    }
  }
  if (!scale) {
    console.error('usage: npm run seed -- --scale=province|demo [--seed=42]');
    process.exit(2);
  }
  return { scale, seed };
}
