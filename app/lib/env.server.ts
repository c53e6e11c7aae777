import { z } from 'zod';

/** An unset or empty variable is undefined; a set one must pass `schema`. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DIR: z.string().default('./.data/pglite'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  /** Set to 0 to skip seeding an empty database at start. */
  SEED_ON_START: z.enum(['0', '1']).default('1'),
  /** Public origin(s) allowed for non-GET requests besides the request's own host, comma separated. */
  ALLOWED_ORIGINS: z.string().default(''),
  /** The stripe rail (ADR 007). Unset: contracts on that rail cannot be paid and webhooks answer 503. */
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, 'STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key')),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_/, 'STRIPE_WEBHOOK_SECRET must be an endpoint signing secret (whsec_…)')),
  /** Overrides for tests and local stubs only: where the Stripe API is reached (default https://api.stripe.com). */
  STRIPE_API_HOST: optional(z.string().min(1)),
  STRIPE_API_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  STRIPE_API_PROTOCOL: optional(z.enum(['https', 'http'])),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The environment, validated once at start; a bad value stops the app with a clear message. */
export function env(): Env {
  if (!cached) {
    const parsed = EnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
      throw new Error(`Invalid environment:\n${lines.join('\n')}`);
    }
    cached = parsed.data;
  }
  return cached;
}
