import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, deliverables } from '#db/schema';
import type { Actor } from '~/domain/permissions';
import { env, resetEnvForTests } from '~/lib/env.server';
import { FileStoreError, fileStore, localFileStore, s3FileStore, s3ObjectUrl, type FileStore, type S3Config } from '~/lib/file-store.server';
import * as download from '~/routes/attachments.$id';
import { attachFile } from '~/services/attach-file.server';
import { actorByEmail, setupTestDb } from '../support/db';
import { cookieFor } from '../support/routes';
import { sigV4, startS3Stub, type S3Stub } from '../support/s3-stub';

const uploadDir = mkdtempSync(path.join(tmpdir(), 'uploads-'));
process.env.UPLOAD_DIR = uploadDir;
const t = setupTestDb();
let stub: S3Stub;
let org: Actor;
let deliverableId = '';
const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const generatedName = () => `${randomUUID()}.pdf`;
const bucketStore = (over: Partial<S3Config> = {}) => s3FileStore({ ...stub.config, prefix: 'deliverables', ...over });
const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachments))[0]!.n;

/** The error a store call fails with (the test fails if it does not). */
async function failure(p: Promise<unknown>): Promise<FileStoreError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FileStoreError);
  return e as FileStoreError;
}

/** Nothing a person could read from the error, its cause included, holds the secret or a signature. */
function expectNoSecrets(e: unknown) {
  const text = `${String(e)}\n${inspect(e, { depth: 10 })}\n${JSON.stringify(e)}`;
  expect(text).not.toContain(stub.config.secretAccessKey);
  expect(text).not.toMatch(/Signature=|AWS4-HMAC-SHA256/);
}

beforeAll(async () => {
  stub = await startS3Stub();
  org = await actorByEmail(t.db, 'org@demo.cn');
  // The demo's elderly-care contract has a resubmitted mid-term report by org@demo.cn's team.
  const [d] = await t.db.select().from(deliverables).where(eq(deliverables.status, 'submitted'));
  deliverableId = d!.id;
});
afterAll(() => stub?.close());

describe('the S3 stub', () => {
  it('signs as AWS documents it: its SigV4 check reproduces the published GET and PUT examples', () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html (example credentials)
    const example = { amzDate: '20130524T000000Z', region: 'us-east-1', service: 's3', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    const get = sigV4({
      ...example,
      method: 'GET',
      target: '/test.txt',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        'x-amz-date': example.amzDate,
      },
      signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
    });
    expect(get.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    const put = sigV4({
      ...example,
      method: 'PUT',
      target: '/test%24file.text',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        date: 'Fri, 24 May 2013 00:00:00 GMT',
        'x-amz-content-sha256': '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
        'x-amz-date': example.amzDate,
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      },
      signedHeaders: 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
    });
    expect(put.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });
});

describe('s3FileStore', () => {
  it('stores bytes under <prefix>/<generated name>, path style, and reads the same bytes back', async () => {
    const store = bucketStore();
    const name = generatedName();
    const bytes = new Uint8Array(256 * 1024).map((_, i) => (i * 31) % 256);
    await store.put(name, bytes);
    expect(stub.objects.get(`deliverables/${name}`)).toEqual(bytes);
    expect(await store.get(name)).toEqual(bytes);
    expect(stub.requests.slice(-2)).toMatchObject([
      { method: 'PUT', key: `deliverables/${name}`, status: 200, ifNoneMatch: '*' },
      { method: 'GET', key: `deliverables/${name}`, status: 200 },
    ]);
    expect(s3ObjectUrl(stub.config, `deliverables/${name}`)).toBe(`${stub.config.endpoint}/attachments/deliverables/${name}`);
  });

  it('builds virtual-hosted URLs when asked, keeping a gateway’s base path', () => {
    expect(s3ObjectUrl({ endpoint: 'https://oss-cn-xian.example.com/', bucket: 'files', virtualHosted: true }, 'a/b.pdf')).toBe(
      'https://files.oss-cn-xian.example.com/a/b.pdf',
    );
    expect(s3ObjectUrl({ endpoint: 'https://gw.example.com/s3/', bucket: 'files' }, 'a/b.pdf')).toBe('https://gw.example.com/s3/files/a/b.pdf');
  });

  it('with a wrong secret: refused (403 SignatureDoesNotMatch), nothing stored, and the error holds no secret', async () => {
    const before = stub.objects.size;
    const name = generatedName();
    const e = await failure(bucketStore({ secretAccessKey: 'not-the-secret' }).put(name, pdf));
    expect(e.reason).toBe('refused');
    expect(e.message).toBe(`S3 PUT attachments/deliverables/${name}: 403 SignatureDoesNotMatch`);
    expect(stub.objects.size).toBe(before);
    expect(inspect(e)).not.toContain('not-the-secret');
    // Nor is the store's answer (string to sign, canonical request) repeated.
    expect(inspect(e)).not.toContain('StringToSign');
  });

  it('never overwrites: a second put of the same name is refused and the first bytes stay', async () => {
    const store = bucketStore();
    const name = generatedName();
    await store.put(name, pdf);
    const e = await failure(store.put(name, new TextEncoder().encode('%PDF-1.4 something else')));
    expect(e.reason).toBe('exists');
    expect(e.message).toContain('412 PreconditionFailed');
    expect(await store.get(name)).toEqual(pdf);
  });

  it('tolerates a store that ignores If-None-Match (generated names never repeat)', async () => {
    const lax = await startS3Stub({ honourIfNoneMatch: false });
    try {
      const store = s3FileStore(lax.config);
      const name = generatedName();
      await store.put(name, pdf);
      await store.put(name, pdf);
      expect(lax.requests.map((r) => [r.status, r.ifNoneMatch])).toEqual([
        [200, '*'],
        [200, '*'],
      ]);
    } finally {
      await lax.close();
    }
  });

  it('get of a missing name fails as notFound, naming the key', async () => {
    const name = generatedName();
    const e = await failure(bucketStore().get(name));
    expect(e.reason).toBe('notFound');
    expect(e.message).toBe(`S3 GET attachments/deliverables/${name}: 404 NoSuchKey`);
  });

  it('refuses a name it did not generate before sending any request, like the local store', async () => {
    const sent = stub.requests.length;
    for (const bad of ['../server.js', 'a/b.pdf', `${randomUUID()}.pdf/../x.pdf`, `${randomUUID().toUpperCase()}.pdf`, 'report.pdf', '']) {
      for (const store of [bucketStore(), localFileStore]) {
        await expect(store.put(bad, pdf)).rejects.toThrow('not a generated file name');
        await expect(store.get(bad)).rejects.toThrow('not a generated file name');
      }
    }
    expect(stub.requests.length).toBe(sent);
    expect(readdirSync(uploadDir)).toEqual([]);
  });

  it('an outage (5xx, no answer, connection refused) is `unavailable`; no error carries the secret', async () => {
    const store = bucketStore({ timeoutMs: 300 });
    const name = generatedName();
    const before = stub.objects.size;

    stub.failNext(1, '503');
    const down = await failure(store.put(name, pdf));
    expect([down.reason, down.message]).toEqual(['unavailable', `S3 PUT attachments/deliverables/${name}: 503 ServiceUnavailable`]);
    expectNoSecrets(down);

    stub.failNext(1, '500');
    const broken = await failure(store.get(name));
    expect([broken.reason, broken.message]).toEqual(['unavailable', `S3 GET attachments/deliverables/${name}: 500 InternalError`]);
    expectNoSecrets(broken);

    stub.failNext(1, 'hang');
    const started = Date.now();
    const silent = await failure(store.put(name, pdf));
    expect([silent.reason, silent.message]).toEqual(['unavailable', `S3 PUT attachments/deliverables/${name}: no answer within 300 ms`]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expectNoSecrets(silent);
    expect(stub.objects.size).toBe(before);

    const gone = await startS3Stub();
    await gone.close();
    const refused = await failure(s3FileStore({ ...gone.config, secretAccessKey: stub.config.secretAccessKey }).get(name));
    expect([refused.reason, refused.message]).toEqual(['unavailable', `S3 GET attachments/${name}: store unreachable (ECONNREFUSED)`]);
    expect(refused.cause).toBeDefined();
    expectNoSecrets(refused);
  });
});

describe('deliverable attachments in the bucket', () => {
  it('attachFile stores the file in the bucket under its generated name, with the row’s hash', async () => {
    const { id } = await attachFile(t.db, { actor: org }, deliverableId, { name: '中期报告.pdf', bytes: pdf }, bucketStore());
    const [row] = await t.db.select().from(attachments).where(eq(attachments.id, id));
    expect(stub.objects.get(`deliverables/${row!.storedName}`)).toEqual(pdf);
    expect(row!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
  });

  it('an upload the bucket refuses writes no attachment row', async () => {
    const before = await count();
    const objects = stub.objects.size;
    const e = await failure(attachFile(t.db, { actor: org }, deliverableId, { name: 'x.pdf', bytes: pdf }, bucketStore({ secretAccessKey: 'wrong' })));
    expect(e.reason).toBe('refused');
    expect(await count()).toBe(before);
    expect(stub.objects.size).toBe(objects);
  });

  describe('with S3_* configured', () => {
    const vars = {
      S3_ENDPOINT: () => stub.config.endpoint,
      S3_BUCKET: () => stub.config.bucket,
      S3_ACCESS_KEY_ID: () => stub.config.accessKeyId,
      S3_SECRET_ACCESS_KEY: () => stub.config.secretAccessKey,
      S3_PREFIX: () => 'configured',
    };
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
      for (const [k, v] of Object.entries(vars)) {
        saved[k] = process.env[k];
        process.env[k] = v();
      }
      resetEnvForTests();
    });
    afterAll(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvForTests();
    });

    it('attachFile’s default store is the bucket, and the download route serves the file back from it', async () => {
      const before = new Set(readdirSync(uploadDir));
      const { id } = await attachFile(t.db, { actor: org }, deliverableId, { name: '结项报告.pdf', bytes: pdf });
      const [row] = await t.db.select().from(attachments).where(eq(attachments.id, id));
      expect(stub.objects.get(`configured/${row!.storedName}`)).toEqual(pdf);
      expect(readdirSync(uploadDir).filter((f) => !before.has(f))).toEqual([]);
      expect(existsSync(path.join(uploadDir, row!.storedName))).toBe(false);

      const cookie = await cookieFor(t.db, 'bureau@demo.cn');
      const request = new Request(`http://localhost/attachments/${id}`, { headers: { Cookie: cookie } });
      const res = (await download.loader({ request, params: { id }, context: { requestId: 's3-route-test', clientIp: '127.0.0.1' } })) as Response;
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/pdf');
      expect(res.headers.get('Content-Disposition')).toMatch(/^attachment; /);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
      expect(stub.requests.at(-1)).toMatchObject({ method: 'GET', key: `configured/${row!.storedName}`, status: 200 });
    });

    it('a half-configured bucket stops the app with a message naming what is missing', () => {
      const secret = process.env.S3_SECRET_ACCESS_KEY;
      try {
        delete process.env.S3_SECRET_ACCESS_KEY;
        resetEnvForTests();
        expect(() => env()).toThrow('S3_SECRET_ACCESS_KEY: S3_SECRET_ACCESS_KEY is required when S3_BUCKET is set');
        delete process.env.S3_BUCKET;
        resetEnvForTests();
        expect(() => env()).toThrow('S3_BUCKET: S3_BUCKET is required when S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_PREFIX are set');
      } finally {
        process.env.S3_SECRET_ACCESS_KEY = secret;
        process.env.S3_BUCKET = stub.config.bucket;
        resetEnvForTests();
      }
      const store: FileStore = fileStore();
      expect(store).not.toBe(localFileStore);
    });
  });

  it('without S3_BUCKET the configured store is the local folder', () => {
    expect(fileStore()).toBe(localFileStore);
  });
});
