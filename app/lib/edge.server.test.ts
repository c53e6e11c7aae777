import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyTooLarge, limitedBody, refusalPage } from './edge.server';

/** A request body as Node gives it: chunks, then end (and `complete` once all came). */
function body(chunks: Buffer[]): IncomingMessage {
  const r = Readable.from(chunks, { objectMode: false }) as unknown as IncomingMessage & { complete: boolean };
  r.complete = false;
  r.once('end', () => (r.complete = true));
  return r;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.byteLength;
  }
}

describe('the body handed to Remix is counted as it is read', () => {
  it('a body within the limit arrives whole', async () => {
    let refused = 0;
    const n = await readAll(limitedBody(body([Buffer.alloc(600_000), Buffer.alloc(448_576)]), 1024 * 1024, () => refused++));
    expect(n).toBe(1024 * 1024);
    expect(refused).toBe(0);
  });

  it('one byte over the limit errors the stream and refuses once; nothing past the limit is handed on', async () => {
    let refused = 0;
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024));
    const stream = limitedBody(body(chunks), 1024 * 1024, () => refused++);
    const reader = stream.getReader();
    let handedOn = 0;
    const error = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return null;
        handedOn += value.byteLength;
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BodyTooLarge);
    expect(refused).toBe(1);
    expect(handedOn).toBeLessThanOrEqual(1024 * 1024);
  });
});

describe('refusal pages', () => {
  it('say it in Chinese first, then in English, and escape what they show', () => {
    const page = refusalPage(413, 'errors.tooLarge', { limit: 1 });
    expect(page).toContain('<html lang="zh-CN">');
    expect(page.indexOf('1 MB 的上限')).toBeGreaterThan(0);
    expect(page.indexOf('limit of 1 MB')).toBeGreaterThan(page.indexOf('1 MB 的上限'));
    expect(page).toContain('<div lang="en">');
    expect(page).not.toMatch(/<script|style=/);
  });
});
