import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { stripNulPadding } from './nul-padding.server';

/** Chunks as React 18.3 writes them: a full view whose last bytes a character did not fit into. */
async function through(chunks: Buffer[]) {
  return text(Readable.from(chunks).pipe(stripNulPadding()));
}

describe('NUL padding at the end of React’s chunks', () => {
  it('is removed, and the character that did not fit comes whole in the next chunk', async () => {
    const first = Buffer.concat([Buffer.from('<p>服务满'), Buffer.alloc(2)]);
    const second = Buffer.from('意度</p>');
    expect(await through([first, second])).toBe('<p>服务满意度</p>');
  });

  it('leaves chunks without padding, and NULs inside a chunk, as they are', async () => {
    const inside = Buffer.from([0x61, 0x00, 0x62]);
    expect(await through([Buffer.from('社区'), inside])).toBe('社区a\u0000b');
  });

  it('removes at most three bytes: the most a UTF-8 character can leave unwritten', async () => {
    const chunk = Buffer.concat([Buffer.from('x'), Buffer.alloc(5)]);
    expect(Buffer.from(await through([chunk])).length).toBe(3);
  });
});
