import { DrizzleQueryError } from 'drizzle-orm';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { classifyDbFault, HEALTH_DEADLINE, NO_RESPONSE, POOL_TIMEOUT } from './db-faults';

/** A server error as postgres.js raises it (fields from the ErrorResponse message). */
const serverError = (code: string, message: string) => new postgres.PostgresError({ code, message, severity: 'ERROR' } as never);
/** A client-side error as postgres.js or Node raises it: an Error with a string code. */
const codeError = (code: string) => Object.assign(new Error(`${code} 127.0.0.1:5432`), { code });

describe('classifyDbFault', () => {
  it.each([
    ['57014', 'timeout'], // statement_timeout
    ['55P03', 'timeout'], // lock_timeout
    ['25P03', 'timeout'], // idle_in_transaction_session_timeout
    ['53300', 'overloaded'], // too many connections
    ['53200', 'overloaded'], // out of memory
    ['57P01', 'shutdown'], // terminating connection due to administrator command
    ['57P02', 'shutdown'],
    ['57P03', 'shutdown'], // the database system is starting up
    ['08006', 'reset'], // connection failure
    ['08P01', 'reset'],
    ['25006', 'readOnly'], // a standby after failover
  ] as const)('server error %s is %s', (code, problem) => {
    expect(classifyDbFault(serverError(code, 'x'))).toEqual({ problem, code });
  });

  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['CONNECTION_CLOSED', 'reset'],
    ['CONNECTION_ENDED', 'reset'],
    ['CONNECTION_DESTROYED', 'reset'],
    ['CONNECT_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
    [POOL_TIMEOUT, 'timeout'],
    [NO_RESPONSE, 'timeout'],
    [HEALTH_DEADLINE, 'timeout'],
    ['EHOSTUNREACH', 'unreachable'],
    ['ENOTFOUND', 'unreachable'],
    ['EAI_AGAIN', 'unreachable'],
  ] as const)('client error %s is %s', (code, problem) => {
    expect(classifyDbFault(codeError(code))).toEqual({ problem, code });
  });

  it('looks through drizzle’s DrizzleQueryError to the driver error', () => {
    const wrapped = new DrizzleQueryError('select 1 from sessions', [], serverError('55P03', 'canceling statement due to lock timeout'));
    expect(classifyDbFault(wrapped)).toEqual({ problem: 'timeout', code: '55P03' });
  });

  it('looks into an AggregateError (a host with several addresses)', () => {
    const both = new AggregateError([codeError('ECONNREFUSED'), codeError('ECONNREFUSED')], 'connect failed');
    expect(classifyDbFault(both)).toEqual({ problem: 'refused', code: 'ECONNREFUSED' });
  });

  it('leaves bugs, refused writes and conflicts alone', () => {
    expect(classifyDbFault(new Error('boom'))).toBeNull();
    expect(classifyDbFault(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
    expect(classifyDbFault(serverError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(classifyDbFault(serverError('40001', 'could not serialize access'))).toBeNull();
    expect(classifyDbFault(serverError('42P01', 'relation does not exist'))).toBeNull();
    expect(classifyDbFault(new DrizzleQueryError('insert', [], serverError('23503', 'foreign key')))).toBeNull();
    expect(classifyDbFault(new AppError('notFound'))).toBeNull();
    expect(classifyDbFault(null)).toBeNull();
    expect(classifyDbFault('ECONNREFUSED')).toBeNull();
    expect(classifyDbFault({ code: 404 })).toBeNull();
  });

  it('survives a cause cycle', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyDbFault(a)).toBeNull();
  });
});
