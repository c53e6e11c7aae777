import { isIP } from 'node:net';
import { z } from 'zod';
import { decodeAuditKey } from '~/domain/audit-hash';

/** An unset or empty variable is undefined; a set one must pass `schema`. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** An empty variable takes the default (a bare `z.coerce.number()` would read it as 0). */
const unsetIsDefault = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DIR: z.string().default('./.data/pglite'),
  /**
   * How long PostgreSQL may take before a request gives up on it (answering 503): pages answer
   * within a few seconds however the database fails. Not used by PGlite (one in-process connection).
   */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  DB_POOL_WAIT_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(2_000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().positive().default(12),
  /** Set to 0 to skip seeding an empty database at start. */
  SEED_ON_START: z.enum(['0', '1']).default('1'),
  /**
   * The per-address limit on the sign-in, sign-up and password pages together (ADR 012): this many
   * attempts per address (an IPv6 /64 as one) in this many minutes. Raise it for a known gateway
   * that many people share.
   */
  THROTTLE_ADDRESS_MAX: unsetIsDefault(z.coerce.number().int().min(1).max(100_000).default(300)),
  THROTTLE_ADDRESS_WINDOW_MINUTES: unsetIsDefault(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  ),
  /**
   * Origins (scheme://host[:port], comma separated) whose pages may send state-changing requests
   * besides the app's own origin as the request reached it: needed when a proxy rewrites Host.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            isOrigin,
            'ALLOWED_ORIGINS must list full origins such as https://mz.shaanxi.example (scheme, host, optional port; no path, no trailing slash)',
          ),
      ),
    ),
  /**
   * Express `trust proxy`: which proxies' X-Forwarded-For/-Proto/-Host are believed (client address
   * for throttling, https for HSTS and the origin check). true, false, a hop count, or a comma
   * separated list of addresses, subnets and loopback/linklocal/uniquelocal.
   */
  TRUST_PROXY: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .default('loopback')
      .refine(
        isTrustProxy,
        'TRUST_PROXY must be true, false, a number of hops, or addresses/subnets (a.b.c.d, a.b.c.d/nn, loopback, linklocal, uniquelocal) separated by commas',
      )
      .transform((v): boolean | number | string => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  ),
  /** `0` only for plain-HTTP testing, `1` to force; unset: `Secure` cookies in production only. */
  COOKIE_SECURE: optional(z.enum(['0', '1'])),
  /** `1` only on test servers: `POST /test/clock` moves the app clock forward (ADR 006). Never in production. */
  ENABLE_TEST_CLOCK: unsetIsDefault(z.enum(['0', '1']).default('0')),
  /**
   * `off`: this process runs no job workers (ADR 025): jobs are still enqueued with every state
   * change and wait for a process that runs them. For tests and benchmarks; production runs them.
   */
  JOBS_WORKERS: unsetIsDefault(z.enum(['on', 'off']).default('on')),
  /** Where deliverable attachments are kept when no bucket is set (outside the web root). */
  UPLOAD_DIR: unsetIsDefault(z.string().default('./.data/uploads')),
  /** The generated migrations (drizzle-kit's folder); test servers started elsewhere point it back here. */
  MIGRATIONS_DIR: unsetIsDefault(z.string().default('drizzle')),
  /** The region extract loaded into an empty database. */
  REGIONS_FILE: unsetIsDefault(z.string().default('db/seed/data/regions-61.tsv')),
  /** The stripe rail (ADR 007). Unset: contracts on that rail cannot be paid and webhooks answer 503. */
  STRIPE_SECRET_KEY: optional(z.string().regex(/^(sk|rk)_/, 'STRIPE_SECRET_KEY must be a secret (sk_…) or restricted (rk_…) key')),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_/, 'STRIPE_WEBHOOK_SECRET must be an endpoint signing secret (whsec_…)')),
  /** Overrides for tests and local stubs only: where the Stripe API is reached (default https://api.stripe.com). */
  STRIPE_API_HOST: optional(z.string().min(1)),
  STRIPE_API_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  STRIPE_API_PROTOCOL: optional(z.enum(['https', 'http'])),
  /**
   * An S3-compatible bucket for attachments (ADR 009). Unset S3_BUCKET: attachments stay on local
   * disk in UPLOAD_DIR. Set: S3_ENDPOINT and both keys are required.
   */
  S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT must be an http(s):// URL' })),
  S3_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).default('us-east-1')),
  S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET must be a bucket name (3–63 of a-z, 0-9, dot, hyphen)')),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  /** A folder inside the bucket, e.g. `attachments`; keys become `<prefix>/<generated name>`. */
  S3_PREFIX: optional(z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/, 'S3_PREFIX must be folder names (A-Z, a-z, 0-9, . _ -) separated by /')),
  /** 1: `https://<bucket>.<endpoint host>/<key>` (needed by Alibaba Cloud OSS); default path style `<endpoint>/<bucket>/<key>`. */
  S3_VIRTUAL_HOSTED: z.enum(['0', '1']).default('0'),
  /**
   * The audit chain's HMAC key (ADR 013): 32+ random bytes as hex or base64, never stored in the
   * database. Unset: AUDIT_HMAC_KEY_FILE; unset too, ./.data/audit-hmac.key, generated on first use,
   * except in production on a PostgreSQL server, where several processes must share one key.
   */
  AUDIT_HMAC_KEY: optional(
    z
      .string()
      .refine(
        (v) => decodeAuditKey(v) !== null,
        'AUDIT_HMAC_KEY must be at least 32 random bytes, as hex (64 hex digits) or base64; e.g. `openssl rand -hex 32`',
      ),
  ),
  /** A file holding the key (a mounted secret); it must exist. */
  AUDIT_HMAC_KEY_FILE: optional(z.string().min(1)),
  /** Where signed checkpoints of the chain are appended (outside the database). */
  AUDIT_CHECKPOINT_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./.data/audit-checkpoints')),
  /** Minutes between checkpoints while the chain moves; 0: only at start, at shutdown and on demand. */
  AUDIT_CHECKPOINT_MINUTES: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number()
      .min(0)
      .max(24 * 60)
      .default(10),
  ),
  /**
   * The owner role's URL: migrations (and the grants to the runtime role) run under it at start,
   * while DATABASE_URL is the runtime role, which must not own the audit and ledger tables.
   */
  MIGRATION_DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, 'MIGRATION_DATABASE_URL must be a postgres:// URL')),
  /**
   * The app's public origin (scheme://host[:port], no path): links in e-mail and SMS point here.
   * Unset: http://localhost:PORT (required in production once SMTP_URL is set).
   */
  APP_URL: optional(
    z.string().refine(isOrigin, 'APP_URL must be the public origin, such as https://mz.shaanxi.example (scheme, host, optional port; no path)'),
  ),
  /**
   * Where e-mail is sent: smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465.
   * Unset: notifications' e-mail is kept in the outbox (/admin/outbox), nothing is sent.
   */
  SMTP_URL: optional(
    z.string().refine((v) => isUrlOf(v, ['smtp:', 'smtps:']), 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.cn:465'),
  ),
  /** The sender of notifications' e-mail: an address, or `Name <address>`; required with SMTP_URL. */
  MAIL_FROM: optional(
    z.string().regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/, 'MAIL_FROM must be an address or "Name <address>"'),
  ),
  /** Which SMS gateway sends text messages: `log` (default) writes one line per message and sends nothing (app/lib/sms.server.ts). */
  SMS_GATEWAY: unsetIsDefault(z.enum(['log']).default('log')),
  /** The runtime role that gets the grants; default: DATABASE_URL's user. */
  APP_DATABASE_ROLE: optional(z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'APP_DATABASE_ROLE must be a role name (letters, digits, _ and $)')),
});

function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}

function isUrlOf(s: string, protocols: string[]): boolean {
  try {
    const u = new URL(s);
    return protocols.includes(u.protocol) && !!u.hostname;
  } catch {
    return false;
  }
}

function isTrustProxy(v: string): boolean {
  if (v === 'true' || v === 'false' || /^\d+$/.test(v)) return true;
  return v.split(',').every((part) => {
    const p = part.trim();
    if (['loopback', 'linklocal', 'uniquelocal'].includes(p)) return true;
    const [addr, bits, ...rest] = p.split('/');
    if (rest.length || !addr || !isIP(addr)) return false;
    return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (isIP(addr) === 4 ? 32 : 128));
  });
}

const S3_NEEDS = ['S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** A half-configured bucket must stop the app, not quietly leave attachments on local disk. */
const ConfiguredEnvSchema = EnvSchema.superRefine((e, ctx) => {
  if (e.NODE_ENV === 'production' && e.DATABASE_URL && !e.AUDIT_HMAC_KEY && !e.AUDIT_HMAC_KEY_FILE) {
    // A key generated on one host would differ from the next process's: the chain would not verify.
    ctx.addIssue({
      code: 'custom',
      path: ['AUDIT_HMAC_KEY'],
      message:
        'AUDIT_HMAC_KEY (or AUDIT_HMAC_KEY_FILE) is required in production with DATABASE_URL: every app process must sign the audit chain with the same key',
    });
  }
  if (e.MIGRATION_DATABASE_URL) {
    if (!e.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'DATABASE_URL (the runtime role) is required when MIGRATION_DATABASE_URL is set' });
    else {
      const role = runtimeRoleOf(e);
      if (!role) ctx.addIssue({ code: 'custom', path: ['APP_DATABASE_ROLE'], message: 'APP_DATABASE_ROLE is required when DATABASE_URL names no user' });
      else if (role === urlUser(e.MIGRATION_DATABASE_URL)) {
        ctx.addIssue({ code: 'custom', path: ['MIGRATION_DATABASE_URL'], message: `the runtime role ${role} must not be the migration (owner) role` });
      }
    }
  }
  if (e.SMTP_URL && !e.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'MAIL_FROM is required when SMTP_URL is set' });
  if (e.SMTP_URL && e.NODE_ENV === 'production' && !e.APP_URL) {
    // Links in the mail would otherwise point to localhost.
    ctx.addIssue({ code: 'custom', path: ['APP_URL'], message: 'APP_URL is required in production when SMTP_URL is set: links in e-mail point to it' });
  }
  if (e.S3_BUCKET) {
    for (const name of S3_NEEDS) {
      if (!e[name]) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required when S3_BUCKET is set` });
    }
  } else {
    const set = [...S3_NEEDS, 'S3_PREFIX' as const].filter((name) => e[name]);
    if (set.length)
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: `S3_BUCKET is required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set` });
  }
});

export type Env = z.infer<typeof ConfiguredEnvSchema>;

function urlUser(url: string): string | null {
  try {
    return decodeURIComponent(new URL(url).username) || null;
  } catch {
    return null;
  }
}

/** The role the app runs as, which the migrator grants to: APP_DATABASE_ROLE, else DATABASE_URL's user. */
export function runtimeRoleOf(e: Pick<Env, 'APP_DATABASE_ROLE' | 'DATABASE_URL'>): string | null {
  return e.APP_DATABASE_ROLE ?? (e.DATABASE_URL ? urlUser(e.DATABASE_URL) : null);
}

/** The public origin links in e-mail and SMS point to. */
export function appUrlOf(e: Pick<Env, 'APP_URL' | 'PORT'>): string {
  return e.APP_URL ?? `http://localhost:${e.PORT}`;
}

let cached: Env | undefined;

/** Validates an environment; throws one message naming every bad variable. */
export function validateEnv(source: Record<string, string | undefined>): Env {
  const parsed = ConfiguredEnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The environment, validated once at start; a bad value stops the app with a clear message. */
export function env(): Env {
  if (!cached) cached = validateEnv(process.env);
  return cached;
}

/**
 * Tests only: forget the validated environment so the next env() reads process.env again (and
 * anything memoized on env(), such as fileStore(), is rebuilt).
 */
export function resetEnvForTests() {
  cached = undefined;
}
