import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { signIn } from '~/services/sign-in.server';
import { DEMO_PASSWORD } from '#db/seed/demo';
import type { Db } from '#db/client';

export interface RouteResult {
  status: number;
  data: unknown;
  headers: Headers;
}

const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/** Signs a demo account in and returns its Cookie header. */
export async function cookieFor(db: Db, email: string): Promise<string> {
  const r = await signIn(db, { identifier: email, password: DEMO_PASSWORD, ip: `127.0.0.${Math.floor(Math.random() * 200) + 2}` }, policy);
  if (!r.ok) throw new Error(`cannot sign in ${email}`);
  return `sid=${r.token}`;
}

async function normalize(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    // JSON answers (resource routes) are read, so their message keys can be checked too.
    const json = value.headers.get('Content-Type')?.includes('application/json')
      ? await value
          .clone()
          .json()
          .catch(() => null)
      : null;
    return { status: value.status, data: json, headers: value.headers };
  }
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'DataWithResponseInit') {
    const v = value as { data: unknown; init?: { status?: number; headers?: HeadersInit } };
    return { status: v.init?.status ?? 200, data: v.data, headers: new Headers(v.init?.headers) };
  }
  if (thrown) throw value;
  return { status: 200, data: value, headers: new Headers() };
}

/** Calls a route's loader or action the way Remix does, and returns status, data and headers. */
export async function callRoute(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  opts: {
    url: string;
    method?: string;
    cookie?: string;
    form?: Record<string, string | string[]>;
    params?: Record<string, string>;
    /** The client's address as server.js would pass it (default 127.0.0.1). */
    clientIp?: string;
    /** A raw body instead of a form (JSON, broken multipart …), sent with `headers` as given. */
    body?: BodyInit;
    headers?: Record<string, string>;
  },
): Promise<RouteResult> {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set('Cookie', opts.cookie);
  let body: BodyInit | undefined = opts.body;
  if (opts.form) {
    const form = new FormData();
    for (const [k, v] of Object.entries(opts.form)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
    body = form;
  }
  const request = new Request(new URL(opts.url, 'http://localhost'), { method: opts.method ?? (body !== undefined ? 'POST' : 'GET'), headers, body });
  try {
    const value = await fn({ request, params: opts.params ?? {}, context: { requestId: 'route-test', clientIp: opts.clientIp ?? '127.0.0.1' } });
    return await normalize(value, false);
  } catch (e) {
    return normalize(e, true);
  }
}
