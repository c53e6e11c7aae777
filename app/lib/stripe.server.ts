import Stripe from 'stripe';
import { env } from './env.server';

/**
 * The Stripe SDK, configured once from the environment (ADR 007). Only the stripe payment rail
 * uses it: Connect transfers out, signed webhooks in. Tests and scripts hand their own client to
 * the use case (pointed at tests/support/stripe-stub.ts); STRIPE_API_HOST/PORT/PROTOCOL let a
 * test server reach a stub too. Nothing here runs inside a database transaction.
 */
let client: Stripe | undefined;

export function stripe(): Stripe {
  if (!client) {
    const e = env();
    if (!e.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set: the stripe payment rail is not configured');
    client = new Stripe(e.STRIPE_SECRET_KEY, {
      // The SDK resends with our idempotency key, so its own retries cannot pay twice.
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: 'shaanxi-community-services' },
      ...(e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST } : {}),
      ...(e.STRIPE_API_PORT ? { port: e.STRIPE_API_PORT } : {}),
      ...(e.STRIPE_API_PROTOCOL ? { protocol: e.STRIPE_API_PROTOCOL } : {}),
    });
  }
  return client;
}

export type VerifiedEvent = { ok: true; event: Stripe.Event } | { ok: false; status: 400 | 503; error: string };

/**
 * Checks a webhook delivery: the `Stripe-Signature` header must sign exactly these bytes with our
 * endpoint secret, and its timestamp must be within the SDK's default tolerance (300 s, wall-clock
 * time: the app's test clock does not apply to signatures).
 */
export function verifyStripeEvent(rawBody: string, signature: string | null): VerifiedEvent {
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!secret) return { ok: false, status: 503, error: 'stripe webhooks are not configured' };
  if (!signature) return { ok: false, status: 400, error: 'missing Stripe-Signature header' };
  try {
    const event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
    if (typeof event?.id !== 'string' || typeof event.type !== 'string' || typeof event.data?.object !== 'object') {
      return { ok: false, status: 400, error: 'not a Stripe event' };
    }
    return { ok: true, event };
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) return { ok: false, status: 400, error: 'invalid signature' };
    return { ok: false, status: 400, error: 'invalid payload' };
  }
}

/**
 * What a failed Stripe call means for a payment whose idempotency key is stored:
 * - `refused`: Stripe answered and declined (400/402/404 other than an idempotency error); no
 *   transfer exists for this key and none ever will: the tranche goes back to unlocked.
 * - `unreachable`: no answer, or a 5xx: the transfer may or may not exist; retry with the same key.
 * - `busy`: 409/429 or an idempotency error: a request with this key is still running at Stripe,
 *   or we are rate-limited; retry with the same key.
 * - `misconfigured`: 401/403: our key is wrong; nothing was created; fix the key, then retry.
 */
export type StripeFailure = 'refused' | 'unreachable' | 'busy' | 'misconfigured';

export function classifyStripeError(e: unknown): StripeFailure | null {
  if (!(e instanceof Stripe.errors.StripeError)) return null;
  if (e instanceof Stripe.errors.StripeConnectionError) return 'unreachable';
  const status = e.statusCode;
  if (e instanceof Stripe.errors.StripeIdempotencyError || e.rawType === 'idempotency_error' || status === 409 || status === 429) return 'busy';
  if (status === 401 || status === 403) return 'misconfigured';
  if (status === 400 || status === 402 || status === 404) return 'refused';
  return 'unreachable';
}
