import type { LoaderFunctionArgs, ServerBuild } from '@remix-run/node';
import { DrizzleQueryError } from 'drizzle-orm';
import postgres from 'postgres';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from './errors';
import { actionOf, guardBuild, handleError, loaderOf, RETRY_AFTER_SECONDS } from './http.server';

// The errors a route sees when PostgreSQL holds a lock: drizzle's wrapper around the driver's error.
const lockTimeout = () =>
  new DrizzleQueryError(
    'select … from sessions',
    [],
    new postgres.PostgresError({ code: '55P03', message: 'canceling statement due to lock timeout' } as never),
  );

function args(cookie = ''): LoaderFunctionArgs {
  return { request: new Request('http://localhost/workspace', { headers: cookie ? { cookie } : {} }), params: {}, context: {} };
}

async function thrownBy(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('database faults at the route boundary', () => {
  it('a loader answers 503 with Retry-After and the page’s message in the person’s language', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const thrown = await thrownBy(loaderOf(async () => Promise.reject(lockTimeout()))(args('lang=en')));
    expect(thrown).toBeInstanceOf(Response);
    const r = thrown as Response;
    expect(r.status).toBe(503);
    expect(r.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS));
    expect(await r.json()).toEqual({ messageKey: 'errors.unavailable', params: {}, locale: 'en' });
    expect(console.warn).toHaveBeenCalledWith('database unavailable (timeout, 55P03): GET /workspace');
  });

  it('an action comes back to its form with 503 and Retry-After', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = (await actionOf(async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))(args())) as unknown as {
      data: unknown;
      init: ResponseInit;
    };
    expect(r.init.status).toBe(503);
    expect(new Headers(r.init.headers).get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS));
    expect(r.data).toEqual({ formError: { messageKey: 'errors.unavailable', params: {} } });
  });

  it('any route of the served build answers 503, loaders and actions alike; bugs and other errors pass through untouched', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bug = new TypeError('x is undefined');
    const forbidden = new AppError('forbidden');
    const build = {
      routes: {
        root: { id: 'root', path: '', module: { loader: async () => Promise.reject(lockTimeout()), default: () => null } },
        'routes/csv': {
          id: 'routes/csv',
          parentId: 'root',
          path: 'csv',
          module: { loader: async () => Promise.reject(bug), action: async () => Promise.reject(forbidden) },
        },
        'routes/hook': {
          id: 'routes/hook',
          parentId: 'root',
          path: 'hook',
          module: { action: async () => Promise.reject(Object.assign(new Error('gone'), { code: '57P01' })) },
        },
      },
    } as unknown as ServerBuild;
    const guarded = guardBuild(build).routes;
    const root = (await thrownBy(Promise.resolve(guarded.root!.module.loader!(args())))) as Response;
    expect([root.status, root.headers.get('Retry-After')]).toEqual([503, String(RETRY_AFTER_SECONDS)]);
    expect(await root.json()).toMatchObject({ messageKey: 'errors.unavailable', locale: 'zh-CN' });
    const hook = (await thrownBy(Promise.resolve(guarded['routes/hook']!.module.action!(args())))) as Response;
    expect(hook.status).toBe(503);
    expect(await thrownBy(Promise.resolve(guarded['routes/csv']!.module.loader!(args())))).toBe(bug);
    expect(await thrownBy(Promise.resolve(guarded['routes/csv']!.module.action!(args())))).toBe(forbidden);
    expect(guarded.root!.module.default).toBe(build.routes.root!.module.default);
  });
});

describe('what Remix reports is logged only when it is a fault', () => {
  // Remix's own answer when no route matches: a 404 carrying an internal Error (with its stack).
  const noRoute = {
    status: 404,
    statusText: 'Not Found',
    internal: true,
    data: 'Error: No route matches URL "/projects/x/y/z"',
    error: new Error('No route matches URL "/projects/x/y/z"'),
  };
  const report = (error: unknown, signal?: AbortSignal) =>
    handleError(error, { request: new Request('http://localhost/projects/x/y/z', { signal }), params: {}, context: {} });

  it('a 404 or a 405 is not logged, nor is a request the client gave up on', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    report(noRoute);
    report({ ...noRoute, status: 405, statusText: 'Method Not Allowed' });
    report(new Error('the client went away'), AbortSignal.abort());
    expect(log).not.toHaveBeenCalled();
  });

  it('a bug is logged with its stack, and so is a 500 Remix answered', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bug = new TypeError('cannot read properties of undefined');
    report(bug);
    report({ ...noRoute, status: 500, statusText: 'Internal Server Error' });
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]![0]).toBe(bug);
  });
});
