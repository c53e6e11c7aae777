import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local, in-memory stand-in for an S3-compatible bucket: path-style PUT and GET object
 * (`/<bucket>/<key>`), enough for the attachment store. The app's real client (aws4fetch) talks to
 * it over HTTP on 127.0.0.1, so tests exercise the signing, the headers and the error answers
 * without reaching the internet.
 *
 * Like S3, it checks every request's SigV4 signature, with its own implementation below (not the
 * client's library), tested against AWS's published example: a wrong secret gets 403
 * SignatureDoesNotMatch and stores nothing. A signed body hash that does not match the body gets
 * 400 XAmzContentSHA256Mismatch. PUT with `If-None-Match: *` on an existing key gets 412 (unless
 * built with `honourIfNoneMatch: false`, like a store that ignores the header); GET of a missing key
 * gets 404 NoSuchKey. It can be told to fail the next N requests, before looking at them:
 *   '500' / '503'  answer InternalError / ServiceUnavailable; nothing stored
 *   'hang'         never answer (the client times out; close() destroys the socket)
 */
export type S3StubFailure = '500' | '503' | 'hang';

export interface S3StubRequest {
  method: string;
  /** The object key, decoded, without the bucket. */
  key: string;
  status: number;
  code?: string;
  /** The If-None-Match header as received. */
  ifNoneMatch?: string;
}

export interface S3Stub {
  /** What the app's store needs to reach the bucket with the right credentials. */
  readonly config: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  /** Stored objects by key. */
  readonly objects: ReadonlyMap<string, Uint8Array>;
  /** Every request received, in order, with the stub's answer. */
  readonly requests: readonly S3StubRequest[];
  failNext(n: number, how: S3StubFailure): void;
  close(): Promise<void>;
}

const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ is %XX. */
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface SigV4Input {
  method: string;
  /** The request target as sent (`/bucket/key?query`), still percent-encoded. */
  target: string;
  /** Header names in lower case (as node:http gives them). */
  headers: IncomingHttpHeaders;
  /** `SignedHeaders=` of the Authorization header: lower case, `;`-separated. */
  signedHeaders: string;
  amzDate: string;
  region: string;
  service: string;
  secretAccessKey: string;
}

/**
 * The canonical request, string to sign and signature of a request, as AWS computes them for S3
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): the path is
 * encoded once (S3 does not double-encode), the payload hash is the x-amz-content-sha256 header.
 */
export function sigV4(input: SigV4Input): { canonicalRequest: string; stringToSign: string; signature: string } {
  const [rawPath = '/', rawQuery = ''] = input.target.split('?', 2);
  const path = rawPath
    .split('/')
    .map((seg) => uriEncode(decodeURIComponent(seg)))
    .join('/');
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k = '', v = ''] = pair.split('=', 2);
      return [uriEncode(decodeURIComponent(k.replace(/\+/g, ' '))), uriEncode(decodeURIComponent(v.replace(/\+/g, ' ')))] as const;
    })
    .sort(([k1, v1], [k2, v2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = input.signedHeaders.split(';');
  const canonicalHeaders = names
    .map((name) => {
      const value = input.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const payloadHash = String(input.headers['x-amz-content-sha256'] ?? '');
  const canonicalRequest = [input.method, path, query, canonicalHeaders, input.signedHeaders, payloadHash].join('\n');
  const date = input.amzDate.slice(0, 8);
  const scope = `${date}/${input.region}/${input.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${input.secretAccessKey}`, date);
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), 'aws4_request');
  return { canonicalRequest, stringToSign, signature: hmac(kSigning, stringToSign).toString('hex') };
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

function amzDateMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

interface Refusal {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, string>;
}

export async function startS3Stub(opts: { bucket?: string; region?: string; honourIfNoneMatch?: boolean } = {}): Promise<S3Stub> {
  const config = {
    endpoint: '',
    region: opts.region ?? 'us-east-1',
    bucket: opts.bucket ?? 'attachments',
    accessKeyId: `AKIASTUB${randomBytes(6).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  const honourIfNoneMatch = opts.honourIfNoneMatch ?? true;
  const objects = new Map<string, Uint8Array>();
  const requests: S3StubRequest[] = [];
  const failures: S3StubFailure[] = [];
  const sockets = new Set<Socket>();

  /** Why this request is not authentic, or null. */
  function checkSignature(req: IncomingMessage, body: Buffer): Refusal | null {
    const auth = AUTH.exec(String(req.headers.authorization ?? ''));
    if (!auth) return { status: 403, code: 'AccessDenied', message: 'Missing or malformed AWS4-HMAC-SHA256 Authorization header' };
    const [, accessKeyId, date, region, service, signedHeaders, signature] = auth as unknown as [string, string, string, string, string, string, string];
    if (accessKeyId !== config.accessKeyId)
      return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (service !== 's3' || region !== config.region || date !== amzDate.slice(0, 8)) {
      return {
        status: 400,
        code: 'AuthorizationHeaderMalformed',
        message: `The authorization header is malformed; expected scope ${amzDate.slice(0, 8)}/${config.region}/s3/aws4_request`,
      };
    }
    if (!(Math.abs(Date.now() - amzDateMs(amzDate)) <= 15 * 60_000))
      return { status: 403, code: 'RequestTimeTooSkewed', message: 'The difference between the request time and the current time is too large.' };
    const signed = signedHeaders.split(';');
    const unsigned = Object.keys(req.headers).filter((h) => (h === 'host' || h.startsWith('x-amz-')) && !signed.includes(h));
    if (unsigned.length)
      return { status: 403, code: 'AccessDenied', message: `There were headers present in the request which were not signed: ${unsigned.join(', ')}` };
    const payloadHash = req.headers['x-amz-content-sha256'];
    if (typeof payloadHash !== 'string')
      return { status: 400, code: 'InvalidRequest', message: 'Missing required header for this request: x-amz-content-sha256' };
    const expected = sigV4({
      method: req.method ?? '',
      target: req.url ?? '/',
      headers: req.headers,
      signedHeaders,
      amzDate,
      region,
      service,
      secretAccessKey: config.secretAccessKey,
    });
    if (!timingSafeEqual(Buffer.from(expected.signature), Buffer.from(signature))) {
      return {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        extra: { AWSAccessKeyId: accessKeyId, StringToSign: expected.stringToSign, CanonicalRequest: expected.canonicalRequest },
      };
    }
    if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body)) {
      return { status: 400, code: 'XAmzContentSHA256Mismatch', message: "The provided 'x-amz-content-sha256' header does not match what was computed." };
    }
    return null;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const method = req.method ?? '';
    const [bucket = '', ...rest] = (req.url ?? '/').split('?')[0]!.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const ifNoneMatch = req.headers['if-none-match'];
    const record = (status: number, code?: string) =>
      requests.push({ method, key, status, ...(code ? { code } : {}), ...(ifNoneMatch ? { ifNoneMatch } : {}) });
    const answer = (status: number, headers: Record<string, string> = {}, content: Uint8Array | string = '', code?: string) => {
      record(status, code);
      res.writeHead(status, { 'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(), ...headers });
      res.end(content);
    };
    const refuse = ({ status, code, message, extra = {} }: Refusal) => {
      const fields = Object.entries({
        Code: code,
        Message: message,
        Resource: req.url ?? '',
        ...extra,
        RequestId: randomBytes(8).toString('hex').toUpperCase(),
      });
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${fields.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('')}</Error>`;
      answer(status, { 'Content-Type': 'application/xml' }, xml, code);
    };

    const failure = failures.shift();
    if (failure === 'hang') {
      record(0, 'hang');
      return;
    }
    if (failure === '500') return refuse({ status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' });
    if (failure === '503') return refuse({ status: 503, code: 'ServiceUnavailable', message: 'Please reduce your request rate.' });

    const unauthentic = checkSignature(req, body);
    if (unauthentic) return refuse(unauthentic);
    if (bucket !== config.bucket) return refuse({ status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist' });
    if (!key) return refuse({ status: 405, code: 'MethodNotAllowed', message: 'Only object requests are supported by this stub' });

    if (method === 'PUT') {
      if (ifNoneMatch === '*' && honourIfNoneMatch && objects.has(key)) {
        return refuse({ status: 412, code: 'PreconditionFailed', message: 'At least one of the pre-conditions you specified did not hold' });
      }
      objects.set(key, new Uint8Array(body));
      return answer(200, { ETag: `"${createHash('md5').update(body).digest('hex')}"` });
    }
    if (method === 'GET') {
      const stored = objects.get(key);
      if (!stored) return refuse({ status: 404, code: 'NoSuchKey', message: 'The specified key does not exist.' });
      return answer(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(stored.byteLength) }, stored);
    }
    return refuse({ status: 405, code: 'MethodNotAllowed', message: 'The specified method is not allowed against this resource.' });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  config.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    config,
    objects,
    requests,
    failNext(n, how) {
      for (let i = 0; i < n; i++) failures.push(how);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
