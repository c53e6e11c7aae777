import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';
import { env, type Env } from './env.server';

/**
 * Where attachments live (ADR 009), always under generated names only: a folder outside the web
 * root (UPLOAD_DIR, default ./.data/uploads) by default, or an S3-compatible bucket when S3_BUCKET
 * is set. Neither store overwrites: a name is written once.
 */
export interface FileStore {
  put(storedName: string, bytes: Uint8Array): Promise<void>;
  get(storedName: string): Promise<Uint8Array>;
}

/**
 * Why a store call failed. `exists`: put refused, the name is taken. `notFound`: no such file.
 * `refused`: the store answered no (credentials, bucket, permissions): fix the configuration.
 * `unavailable`: no answer, a timeout or a 5xx: the file may or may not have been written.
 * Messages name the key and the store's answer, never credentials.
 */
export type FileStoreFailure = 'exists' | 'notFound' | 'refused' | 'unavailable';

export class FileStoreError extends Error {
  constructor(
    readonly reason: FileStoreFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FileStoreError';
  }
}

/** Only names attachFile generates (a UUID and a known extension) reach a store: no paths, no keys of our choosing. */
function checkedName(storedName: string) {
  if (!/^[0-9a-f-]{36}\.[a-z]{2,4}$/.test(storedName)) throw new Error('not a generated file name');
  return storedName;
}

function dir() {
  return path.resolve(env().UPLOAD_DIR);
}

function safePath(storedName: string) {
  return path.join(dir(), checkedName(storedName));
}

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;

export const localFileStore: FileStore = {
  async put(storedName, bytes) {
    const file = safePath(storedName);
    await mkdir(dir(), { recursive: true });
    try {
      await writeFile(file, bytes, { flag: 'wx' });
    } catch (e) {
      if (errno(e) === 'EEXIST') throw new FileStoreError('exists', `file ${storedName} already exists`, { cause: e });
      throw e;
    }
  },
  async get(storedName) {
    const file = safePath(storedName);
    try {
      return new Uint8Array(await readFile(file));
    } catch (e) {
      if (errno(e) === 'ENOENT') throw new FileStoreError('notFound', `file ${storedName} not found`, { cause: e });
      throw e;
    }
  },
};

export interface S3Config {
  /** http(s) URL of the S3 API, e.g. https://minio.internal:9000; a path (a gateway's base) is kept. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A folder inside the bucket: keys become `<prefix>/<stored name>`. */
  prefix?: string;
  /** `<bucket>.<host>/<key>` instead of the default path style `<host>/<bucket>/<key>`. */
  virtualHosted?: boolean;
  /** Per call, including the body; default 60 s (a 20 MB file over a slow uplink). */
  timeoutMs?: number;
}

/** The object key of a stored name: `<prefix>/<stored name>`, or the name alone. */
export function s3Key(prefix: string | undefined, storedName: string): string {
  return [...(prefix ?? '').split('/').filter(Boolean), checkedName(storedName)].join('/');
}

/** The object's URL: path style `${endpoint}/${bucket}/${key}` unless virtualHosted. */
export function s3ObjectUrl(config: Pick<S3Config, 'endpoint' | 'bucket' | 'virtualHosted'>, key: string): string {
  const base = new URL(config.endpoint);
  const basePath = base.pathname.replace(/\/+$/, '');
  const encodedKey = key.split('/').map(encodeURIComponent).join('/');
  if (config.virtualHosted) return `${base.protocol}//${config.bucket}.${base.host}${basePath}/${encodedKey}`;
  return `${base.origin}${basePath}/${encodeURIComponent(config.bucket)}/${encodedKey}`;
}

/** The S3 error code of an answer (`<Code>NoSuchKey</Code>`), letters only; the rest of the body is not repeated. */
async function s3Code(res: Response): Promise<string> {
  const body = await res.text().catch(() => '');
  return /<Code>([A-Za-z]{1,64})<\/Code>/.exec(body)?.[1] ?? res.statusText.replace(/[^A-Za-z ]/g, '');
}

/**
 * PUT and GET object against any S3-compatible store (AWS, MinIO, Ceph RGW, OSS, COS), signed with
 * SigV4 by aws4fetch. The body's SHA-256 is signed, so the store rejects a body changed on the way.
 * No retries inside: a put that timed out may have been written, and attachFile's next attempt uses
 * a new name anyway.
 */
export function s3FileStore(config: S3Config): FileStore {
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    service: 's3',
    region: config.region,
    retries: 0,
  });
  const timeoutMs = config.timeoutMs ?? 60_000;

  async function call(method: 'PUT' | 'GET', storedName: string, init: { headers?: Record<string, string>; body?: Uint8Array } = {}) {
    const key = s3Key(config.prefix, storedName);
    const what = `S3 ${method} ${config.bucket}/${key}`;
    try {
      const res = await client.fetch(s3ObjectUrl(config, key), {
        method,
        headers: init.headers,
        // A Uint8Array is a body; the DOM types only accept one backed by a plain ArrayBuffer.
        body: init.body as BodyInit | undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) return { res, what };
      const code = await s3Code(res);
      const message = `${what}: ${res.status}${code ? ` ${code}` : ''}`;
      if (method === 'PUT' && (res.status === 412 || code === 'ConditionalRequestConflict'))
        throw new FileStoreError('exists', `${message} (the name is taken)`);
      if (method === 'GET' && res.status === 404 && code !== 'NoSuchBucket') throw new FileStoreError('notFound', message);
      if (res.status >= 500 || res.status === 429) throw new FileStoreError('unavailable', message);
      throw new FileStoreError('refused', message);
    } catch (e) {
      if (e instanceof FileStoreError) throw e;
      if (e instanceof DOMException && e.name === 'TimeoutError') throw new FileStoreError('unavailable', `${what}: no answer within ${timeoutMs} ms`);
      // fetch's own errors (a refused connection, a reset) carry the address, never our headers.
      const sys = /^[A-Z_]+$/.exec(String((e as { cause?: { code?: unknown } }).cause?.code ?? ''))?.[0];
      throw new FileStoreError('unavailable', `${what}: store unreachable${sys ? ` (${sys})` : ''}`, { cause: e });
    }
  }

  return {
    async put(storedName, bytes) {
      await call('PUT', storedName, {
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-Amz-Content-Sha256': createHash('sha256').update(bytes).digest('hex'),
          // Never overwrite. A store that ignores the condition still never sees the same generated name twice.
          'If-None-Match': '*',
        },
        body: bytes,
      });
    },
    async get(storedName) {
      const { res, what } = await call('GET', storedName);
      try {
        return new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
        throw new FileStoreError('unavailable', `${what}: ${timedOut ? `no answer within ${timeoutMs} ms` : 'answer cut off'}`, { cause: e });
      }
    },
  };
}

let memo: { env: Env; store: FileStore } | undefined;

/** The configured store: the S3 bucket when S3_BUCKET is set, else local disk; built once per environment. */
export function fileStore(): FileStore {
  const e = env();
  if (memo?.env !== e) memo = { env: e, store: e.S3_BUCKET ? s3FileStore(s3ConfigFrom(e, e.S3_BUCKET)) : localFileStore };
  return memo.store;
}

function s3ConfigFrom(e: Env, bucket: string): S3Config {
  // env() refuses S3_BUCKET without these; checked again so the types say so.
  if (!e.S3_ENDPOINT || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) throw new Error('S3_BUCKET is set without S3_ENDPOINT and both keys');
  return {
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    bucket,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    prefix: e.S3_PREFIX,
    virtualHosted: e.S3_VIRTUAL_HOSTED === '1',
  };
}
