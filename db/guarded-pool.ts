/**
 * Limits postgres.js has not: how long a query may wait for a free connection, and how long the
 * server may stay silent on one. Without them one held lock let waiting queries pile up (pipelined
 * behind each other, with no end) until every page and /healthz hung.
 *
 * - A gate of `max` permits, one per query outside a transaction and one per transaction for its
 *   whole life. So postgres.js always finds a connection of its own for what it is handed (no
 *   pipelining behind a stuck statement), and whoever waits longer than the pool wait limit gets
 *   DB_POOL_TIMEOUT. A waiter that gave up is gone from the queue: it never runs later.
 * - A watchdog over what is on the wire: the server bounds every statement itself
 *   (statement_timeout), so a query that has no answer `statement timeout + 1 s` after it was
 *   written means the server or the path to it is frozen. TCP does not notice that for many
 *   minutes, so the whole pool is then ended (its queries fail with CONNECTION_DESTROYED) and a
 *   fresh one opened: the process recovers by itself when the server answers again.
 *
 * See node_modules/postgres/src/index.js (handler, begin) and query.js (a Query is dispatched by
 * calling its `handler` once, on first await): the gate sits in that `handler`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';

export const POOL_TIMEOUT = 'DB_POOL_TIMEOUT';
export const NO_RESPONSE = 'DB_NO_RESPONSE';

type Sql = postgres.Sql;
type TxSql = postgres.TransactionSql;

/** The parts of a postgres.js Query used here (node_modules/postgres/src/query.js). */
interface PendingQuery extends Promise<unknown> {
  handler: (query: PendingQuery) => void;
  /** Set (to the connection's backend key) when the query is written to a connection. */
  state: unknown;
  reject(error: unknown): void;
}

function hasCode(e: unknown, code: string): boolean {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    if ((x as { code?: unknown }).code === code) return true;
  }
  return false;
}

function isQuery(x: unknown): x is PendingQuery {
  return x instanceof Promise && typeof (x as Partial<PendingQuery>).handler === 'function' && 'state' in x;
}

/** Runs `done` when the query settles, without creating a rejection nobody handles. */
function whenSettled(query: PendingQuery, done: () => void) {
  // Promise.prototype.then, not Query.then (which would dispatch the query).
  void Promise.prototype.then.call(query, done, done);
}

function poolTimeout(ms: number) {
  return Object.assign(new Error(`${POOL_TIMEOUT}: no free database connection within ${ms} ms`), { code: POOL_TIMEOUT });
}

function noResponse(ms: number) {
  return Object.assign(new Error(`${NO_RESPONSE}: the database server did not answer for ${Math.round(ms)} ms`), { code: NO_RESPONSE });
}

/** A counting semaphore whose waiters give up after a time limit. */
export class Gate {
  private free: number;
  private readonly waiters = new Set<{ grant(): void }>();

  constructor(readonly size: number) {
    this.free = size;
  }

  /** Resolves to a release function; rejects with DB_POOL_TIMEOUT after `waitMs`. */
  acquire(waitMs: number): Promise<() => void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(poolTimeout(waitMs));
      }, waitMs);
      this.waiters.add(waiter);
    });
  }

  get waiting() {
    return this.waiters.size;
  }

  get available() {
    return this.free;
  }

  private releaser() {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The permit passes straight to the longest waiter, so nobody can overtake the queue.
      const next = this.waiters.values().next();
      if (next.done) this.free++;
      else next.value.grant();
    };
  }
}

const poolWaitOverride = new AsyncLocalStorage<number>();

/** Runs `fn` with a shorter pool wait limit for its queries (/healthz must answer within a second). */
export function withPoolWait<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  return poolWaitOverride.run(ms, fn);
}

export interface GuardOptions {
  /** Connections in the pool; the gate has as many permits. */
  max: number;
  poolWaitMs: number;
  /** The server's statement_timeout: it answers every statement within this (or cancels it). */
  statementTimeoutMs: number;
  /** postgres.js connect_timeout; a transaction's BEGIN may have to open a connection first. */
  connectTimeoutMs: number;
  log?: (message: string) => void;
}

/** How much later than statement_timeout an answer may come before the server counts as frozen. */
export const ANSWER_GRACE_MS = 1_000;
/** The reconnect backoff cap (the `backoff` option given to postgres.js in db/client.ts). */
export const MAX_BACKOFF_MS = 1_000;
const WATCH_INTERVAL_MS = 200;

/** Something waiting for the server: a query (from the moment it is written) or a BEGIN/COMMIT. */
interface Waiting {
  generation: number;
  query?: PendingQuery;
  since: number | null;
  limitMs: number;
}

export interface GuardedPool {
  /** Hand this to drizzle: a postgres.js client with the gate and the watchdog in front. */
  sql: Sql;
  close(timeoutSeconds?: number): Promise<void>;
  /** For tests and logs: free permits, waiters, how often the pool was rebuilt. */
  stats(): { available: number; waiting: number; inFlight: number; rebuilds: number };
}

/**
 * Wraps postgres.js clients made by `make` (a fresh one replaces a frozen one). drizzle calls
 * `unsafe` for queries and `begin` for transactions; those are what the gate and watchdog cover.
 */
export function guardPool(make: () => Sql, opts: GuardOptions): GuardedPool {
  const log = opts.log ?? ((m: string) => console.warn(m));
  const gate = new Gate(opts.max);
  const answerMs = opts.statementTimeoutMs + ANSWER_GRACE_MS;
  const beginMs = answerMs + opts.connectTimeoutMs + MAX_BACKOFF_MS;
  let current = make();
  let generation = 0;
  let rebuilds = 0;
  let closed = false;
  const handlers = new WeakMap<Sql, PendingQuery['handler']>();
  const inFlight = new Set<Waiting>();
  let ticker: NodeJS.Timeout | undefined;

  const waitLimit = () => Math.min(opts.poolWaitMs, poolWaitOverride.getStore() ?? Infinity);

  /** The pool's dispatch function, taken from a query that is built but never run. */
  function dispatcherOf(client: Sql) {
    let h = handlers.get(client);
    if (!h) {
      h = (client.unsafe('') as unknown as PendingQuery).handler;
      handlers.set(client, h);
    }
    return h;
  }

  function track(entry: Omit<Waiting, 'generation'>): () => void {
    const w: Waiting = { ...entry, generation };
    inFlight.add(w);
    ticker ??= setInterval(check, WATCH_INTERVAL_MS).unref();
    return () => {
      inFlight.delete(w);
      if (!inFlight.size && ticker) {
        clearInterval(ticker);
        ticker = undefined;
      }
    };
  }

  function check() {
    const now = performance.now();
    for (const w of inFlight) {
      if (w.since === null) {
        if (w.query?.state) w.since = now;
        continue;
      }
      if (w.generation === generation && now - w.since > w.limitMs) {
        rebuild(now - w.since);
        return;
      }
    }
  }

  function rebuild(silentMs: number) {
    if (closed) return;
    const frozen = current;
    current = make();
    // drizzle set its type parsers on the first client (drizzle-orm/postgres-js/driver.js).
    Object.assign(current.options.parsers, frozen.options.parsers);
    Object.assign(current.options.serializers, frozen.options.serializers);
    // Their callers learn the truth (no answer) rather than the CONNECTION_DESTROYED that follows.
    for (const w of inFlight) {
      if (w.generation === generation && w.query) w.query.reject(noResponse(silentMs));
    }
    generation++;
    rebuilds++;
    log(`database: no answer for ${Math.round(silentMs)} ms (statement timeout ${opts.statementTimeoutMs} ms); ending the pool and opening a new one`);
    void frozen.end({ timeout: 0 }).catch(() => {});
  }

  /** Holds a permit from dispatch until the query settles. */
  function gated(query: PendingQuery): PendingQuery {
    query.handler = (self) => {
      if (closed) return self.reject(Object.assign(new Error('CONNECTION_ENDED: the database pool is closed'), { code: 'CONNECTION_ENDED' }));
      gate.acquire(waitLimit()).then(
        (release) => {
          const untrack = track({ query: self, since: null, limitMs: answerMs });
          whenSettled(self, () => {
            untrack();
            release();
          });
          dispatcherOf(current)(self);
          check();
        },
        (error) => self.reject(error),
      );
    };
    return query;
  }

  /** Inside a transaction the permit is already held: only watch for the answer. */
  function watched(query: PendingQuery): PendingQuery {
    const dispatch = query.handler;
    query.handler = (self) => {
      const untrack = track({ query: self, since: null, limitMs: answerMs });
      whenSettled(self, untrack);
      dispatch(self);
    };
    return query;
  }

  /**
   * Runs a transaction or savepoint body with the statements postgres.js sends around it (BEGIN or
   * SAVEPOINT before, COMMIT or ROLLBACK after) watched like queries.
   */
  function phased<T>(run: (body: (tx: TxSql) => Promise<T>) => Promise<T>, body: (tx: TxSql) => unknown, firstLimitMs: number): Promise<T> {
    let untrack = track({ since: performance.now(), limitMs: firstLimitMs });
    let silence: unknown;
    return run(async (tx) => {
      untrack();
      try {
        const x = body(guardTx(tx));
        return (await (Array.isArray(x) ? Promise.all(x) : x)) as T;
      } catch (e) {
        if (hasCode(e, NO_RESPONSE)) silence = e;
        throw e;
      } finally {
        untrack = track({ since: performance.now(), limitMs: answerMs });
      }
    })
      .catch((e: unknown) => {
        // The ROLLBACK that follows dies with the old pool (CONNECTION_DESTROYED); the cause was silence.
        throw silence ?? e;
      })
      .finally(() => untrack());
  }

  function guardTx(tx: TxSql): TxSql {
    return new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'unsafe') return (...args: Parameters<TxSql['unsafe']>) => watched(target.unsafe(...args) as unknown as PendingQuery);
        if (prop === 'savepoint') {
          return (...args: unknown[]) => {
            const body = args.pop() as (tx: TxSql) => unknown;
            const name = args[0] as string | undefined;
            return phased((b) => (name ? target.savepoint(name, b) : target.savepoint(b)) as Promise<never>, body, answerMs);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
      apply(target, thisArg, args) {
        const r = Reflect.apply(target as unknown as (...a: unknown[]) => unknown, thisArg, args);
        return isQuery(r) ? watched(r) : r;
      },
    });
  }

  function begin(...args: unknown[]) {
    const body = args.pop() as (tx: TxSql) => unknown;
    const options = (args[0] as string | undefined) ?? '';
    return gate.acquire(waitLimit()).then((release) => phased((b) => current.begin(options, b) as Promise<never>, body, beginMs).finally(release));
  }

  async function close(timeoutSeconds = 5) {
    closed = true;
    if (ticker) clearInterval(ticker);
    await current.end({ timeout: timeoutSeconds });
  }

  const sql = new Proxy(current, {
    get(_target, prop) {
      if (prop === 'unsafe') {
        // Prepared statements: see ADR 010.
        return (text: string, params?: unknown[], options?: object) =>
          gated(current.unsafe(text, params as never, { ...options, prepare: true }) as unknown as PendingQuery);
      }
      if (prop === 'begin') return begin;
      if (prop === 'end' || prop === 'close') return ({ timeout }: { timeout?: number } = {}) => close(timeout);
      return Reflect.get(current, prop, current);
    },
    apply(_target, _this, args) {
      const r = Reflect.apply(current as unknown as (...a: unknown[]) => unknown, undefined, args);
      return isQuery(r) ? gated(r) : r;
    },
  });

  return {
    sql,
    close,
    stats: () => ({ available: gate.available, waiting: gate.waiting, inFlight: inFlight.size, rebuilds }),
  };
}
