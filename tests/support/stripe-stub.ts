import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the Stripe API, enough for Connect transfers: POST /v1/transfers. The real
 * SDK talks to it (`new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`), so tests
 * exercise the SDK's encoding, headers and error classes without reaching the internet.
 *
 * Like Stripe, it remembers each Idempotency-Key with its answer: the same key returns the same
 * transfer and creates nothing; the same key with other parameters is an idempotency_error (400);
 * a key whose first request is still running answers 409. It can be told to misbehave for the
 * next N requests:
 *   '500'    answer 500 api_error; nothing created, nothing remembered (an outage in front of Stripe)
 *   'close'  destroy the socket before doing anything (connection reset; nothing created). The SDK
 *            resends once with the same key after a closed connection, even with maxNetworkRetries 0,
 *            so an outage of this kind takes failNext(2, 'close').
 *   'hang'   create the transfer, then never answer (the client times out; the answer is lost)
 *   'refuse' answer 400 balance_insufficient (remembered for the key, like Stripe does)
 * or be down until further notice (`setOutage('500' | 'close')`, then `setOutage(null)`): every
 * request not already told to misbehave by failNext fails that way.
 */
export type StubFailure = '500' | 'close' | 'hang' | 'refuse';

export interface StubTransfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Record<string, string>;
  reversals: { object: 'list'; data: unknown[]; has_more: false; total_count: number; url: string };
  reversed: boolean;
  source_transaction: null;
  source_type: 'card';
  transfer_group: string | null;
}

interface Remembered {
  body: string;
  status: number;
  response: unknown;
  done: boolean;
}

export interface StripeStub {
  port: number;
  /** POST /v1/transfers requests received, whatever became of them. */
  readonly calls: number;
  /** Transfers actually created. */
  readonly creates: number;
  /** The Idempotency-Key of every request, in arrival order. */
  readonly keys: (string | null)[];
  readonly transfers: StubTransfer[];
  /** Every transfer actually created, with the Idempotency-Key of the request that created it. */
  readonly creations: { key: string | null; transferId: string }[];
  failNext(n: number, how: StubFailure): void;
  /** Fail every request this way from now on (after those told by failNext), until setOutage(null). */
  setOutage(how: StubFailure | null): void;
  /** Forget the failures failNext queued and no request has used yet. */
  clearFailures(): void;
  /** Wait this long between creating a transfer and answering (to overlap concurrent requests). */
  setLatency(ms: number): void;
  /**
   * Hold back the answers to the transfers created (or refused) from now on until the returned
   * function is called: Stripe has acted, its answer is on its way (e.g. a webhook comes in first).
   */
  hold(): () => void;
  /** Answers being held back by hold(). */
  readonly held: number;
  transfer(id: string): StubTransfer;
  /** Reverses a transfer in full, as the platform could in the Dashboard; returns the new state. */
  reverse(id: string): StubTransfer;
  /** The JSON body of a webhook event about a transfer, as Stripe would deliver it. */
  event(type: 'transfer.created' | 'transfer.reversed' | 'transfer.updated', transfer: StubTransfer, id?: string): string;
  close(): Promise<void>;
}

const rid = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(k);
    if (nested) {
      const obj = (out[nested[1]!] ??= {}) as Record<string, string>;
      obj[nested[2]!] = v;
    } else out[k] = v;
  }
  return out;
}

function stripeError(status: number, type: string, message: string, code?: string) {
  return { status, response: { error: { type, message, ...(code ? { code } : {}) } } };
}

export async function startStripeStub(): Promise<StripeStub> {
  const byKey = new Map<string, Remembered>();
  const transfers = new Map<string, StubTransfer>();
  const failures: StubFailure[] = [];
  const sockets = new Set<Socket>();
  const keys: (string | null)[] = [];
  const creations: { key: string | null; transferId: string }[] = [];
  let outage: StubFailure | null = null;
  let gate: Promise<void> | null = null;
  let held = 0;
  let calls = 0;
  let creates = 0;
  let latency = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': rid('req') });
    res.end(JSON.stringify(body));
  };

  function create(params: Record<string, unknown>, key: string | null): { status: number; response: unknown } {
    const amount = Number(params.amount);
    if (!Number.isSafeInteger(amount) || amount <= 0) return stripeError(400, 'invalid_request_error', 'Invalid positive integer', 'parameter_invalid_integer');
    if (typeof params.currency !== 'string') return stripeError(400, 'invalid_request_error', 'Missing required param: currency.', 'parameter_missing');
    if (typeof params.destination !== 'string' || !params.destination.startsWith('acct_')) {
      return stripeError(400, 'invalid_request_error', 'No such destination', 'resource_missing');
    }
    const id = rid('tr');
    const t: StubTransfer = {
      id,
      object: 'transfer',
      amount,
      amount_reversed: 0,
      balance_transaction: rid('txn'),
      created: Math.floor(Date.now() / 1000),
      currency: params.currency,
      description: null,
      destination: params.destination,
      destination_payment: rid('py'),
      livemode: false,
      metadata: (params.metadata as Record<string, string>) ?? {},
      reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
      reversed: false,
      source_transaction: null,
      source_type: 'card',
      transfer_group: typeof params.transfer_group === 'string' ? params.transfer_group : null,
    };
    transfers.set(id, t);
    creations.push({ key, transferId: id });
    creates += 1;
    return { status: 200, response: t };
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: string) {
    if (req.method !== 'POST' || req.url !== '/v1/transfers') {
      send(res, 404, stripeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${req.url})`).response);
      return;
    }
    calls += 1;
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    keys.push(key);
    const failure = failures.shift() ?? outage ?? undefined;
    if (failure === 'close') {
      req.socket.destroy();
      return;
    }
    if (failure === '500') {
      send(res, 500, stripeError(500, 'api_error', 'An unknown error occurred').response);
      return;
    }
    if (key) {
      const seen = byKey.get(key);
      if (seen && seen.body !== body) {
        send(
          res,
          400,
          stripeError(400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with.`).response,
        );
        return;
      }
      if (seen && !seen.done) {
        send(res, 409, stripeError(409, 'idempotency_error', 'There is currently another in-progress request using this Idempotency Key.').response);
        return;
      }
      if (seen) {
        res.setHeader('Idempotent-Replayed', 'true');
        send(res, seen.status, seen.response);
        return;
      }
    }
    const remembered: Remembered = { body, status: 0, response: null, done: false };
    if (key) byKey.set(key, remembered);
    const outcome =
      failure === 'refuse'
        ? stripeError(400, 'invalid_request_error', 'Insufficient funds in Stripe account.', 'balance_insufficient')
        : create(parseForm(body), key);
    if (latency) await new Promise((r) => setTimeout(r, latency));
    Object.assign(remembered, outcome, { done: true });
    if (failure === 'hang') return; // created; the answer never comes (close() destroys the socket)
    if (gate) {
      held += 1;
      await gate;
      held -= 1;
    }
    send(res, outcome.status, outcome.response);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const get = (id: string) => {
    const t = transfers.get(id);
    if (!t) throw new Error(`the stub has no transfer ${id}`);
    return t;
  };

  return {
    port,
    get calls() {
      return calls;
    },
    get creates() {
      return creates;
    },
    get keys() {
      return [...keys];
    },
    get transfers() {
      return [...transfers.values()];
    },
    get creations() {
      return creations.map((c) => ({ ...c }));
    },
    failNext(n, how) {
      for (let i = 0; i < n; i++) failures.push(how);
    },
    setOutage(how) {
      outage = how;
    },
    clearFailures() {
      failures.length = 0;
    },
    setLatency(ms) {
      latency = ms;
    },
    hold() {
      let open = () => {};
      const mine = new Promise<void>((resolve) => (open = resolve));
      gate = mine;
      return () => {
        if (gate === mine) gate = null;
        open();
      };
    },
    get held() {
      return held;
    },
    transfer: get,
    reverse(id) {
      const t = get(id);
      const reversal = { id: rid('trr'), object: 'transfer_reversal', amount: t.amount - t.amount_reversed, currency: t.currency, transfer: t.id };
      Object.assign(t, { amount_reversed: t.amount, reversed: true });
      t.reversals = { ...t.reversals, data: [...t.reversals.data, reversal], total_count: t.reversals.total_count + 1 };
      return structuredClone(t);
    },
    event(type, transfer, id = rid('evt')) {
      return JSON.stringify(
        {
          id,
          object: 'event',
          api_version: Stripe.API_VERSION,
          created: Math.floor(Date.now() / 1000),
          data: { object: transfer },
          livemode: false,
          pending_webhooks: 1,
          request: { id: null, idempotency_key: null },
          type,
        },
        null,
        2,
      );
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
