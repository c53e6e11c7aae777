/**
 * The one place that decides whether an error means "the database cannot serve us right now" (slow,
 * locked, refusing, down, overloaded) rather than a bug or a refused write. Such a fault becomes
 * AppError('unavailable') → 503 with Retry-After (http.server.ts), and /healthz names its problem.
 * Pure: it reads error codes only, so it can be tested without a database.
 */
import { NO_RESPONSE, POOL_TIMEOUT } from '#db/guarded-pool';

/** What is wrong, in the words /healthz answers with. */
export type DbProblem = 'timeout' | 'refused' | 'reset' | 'unreachable' | 'overloaded' | 'shutdown' | 'readOnly';

export interface DbFault {
  problem: DbProblem;
  /** The code that decided it: a SQLSTATE, a Node socket code or a postgres.js / pool code. */
  code: string;
}

export { NO_RESPONSE, POOL_TIMEOUT };
/** /healthz ran out of its one second. */
export const HEALTH_DEADLINE = 'DB_HEALTH_DEADLINE';

const BY_CODE: Record<string, DbProblem> = {
  // PostgreSQL: statement_timeout (or a cancel), lock_timeout, idle-in-transaction timeout
  '57014': 'timeout',
  '55P03': 'timeout',
  '25P03': 'timeout',
  // postgres.js and our pool
  CONNECT_TIMEOUT: 'timeout',
  [POOL_TIMEOUT]: 'timeout',
  [NO_RESPONSE]: 'timeout',
  [HEALTH_DEADLINE]: 'timeout',
  ETIMEDOUT: 'timeout',
  ECONNREFUSED: 'refused',
  // the connection went away under a query
  ECONNRESET: 'reset',
  ECONNABORTED: 'reset',
  EPIPE: 'reset',
  CONNECTION_CLOSED: 'reset',
  CONNECTION_ENDED: 'reset',
  CONNECTION_DESTROYED: 'reset',
  '57P05': 'reset', // idle_session_timeout
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
  ENETDOWN: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  // shutting down, crashed and restarting, starting up or in recovery
  '57P01': 'shutdown',
  '57P02': 'shutdown',
  '57P03': 'shutdown',
  // a failover left us on a standby
  '25006': 'readOnly',
};

function ownFault(e: object): DbFault | null {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const problem = BY_CODE[code];
  if (problem) return { problem, code };
  // SQLSTATE class 08: connection exceptions; class 53: insufficient resources (53300 too many connections)
  if (/^08[0-9A-Z]{3}$/.test(code)) return { problem: 'reset', code };
  if (/^53[0-9A-Z]{3}$/.test(code)) return { problem: 'overloaded', code };
  return null;
}

/**
 * The database fault behind an error, or null when it is something else. Looks through `cause`
 * (drizzle wraps driver errors in DrizzleQueryError) and AggregateError (Node's connect to a host
 * with several addresses).
 */
export function classifyDbFault(error: unknown): DbFault | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const e = queue.shift();
    if (!e || typeof e !== 'object' || seen.has(e) || seen.size > 10) continue;
    seen.add(e);
    const fault = ownFault(e);
    if (fault) return fault;
    queue.push((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) queue.push(...inner);
  }
  return null;
}
