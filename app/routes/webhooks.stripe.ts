import type { ActionFunctionArgs } from '@remix-run/node';
import { db } from '~/lib/db.server';
import { verifyStripeEvent } from '~/lib/stripe.server';
import { processStripeEvent } from '~/services/stripe-webhook.server';

/**
 * Stripe's webhook endpoint (POST /webhooks/stripe), ADR 007. No session: the `Stripe-Signature`
 * header over the raw body is the authorization, so the body is read as text, never parsed first.
 * The edge exempts it from the cross-site check (Stripe sends no Origin, Sec-Fetch-Site or Referer)
 * and takes only application/json, up to 1 MB (app/lib/request-rules.ts).
 * A bad signature, a stale timestamp or a body that is not an event answers 400 and writes nothing.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return Response.json({ error: 'POST only' }, { status: 405, headers: { Allow: 'POST' } });
  const verified = verifyStripeEvent(await request.text(), request.headers.get('Stripe-Signature'));
  if (!verified.ok) return Response.json({ error: verified.error }, { status: verified.status });
  const requestId = typeof context.requestId === 'string' ? context.requestId : null;
  const { eventId, outcome } = await processStripeEvent(db(), verified.event, requestId);
  return Response.json({ received: true, eventId, outcome });
}
