import { Transform } from 'node:stream';

/**
 * React 18.3's streaming renderer encodes into 2,048-byte views and, when a multi-byte character
 * (most Chinese text) does not fit at the end of one, flushes the whole view anyway: the 1–3 bytes
 * it did not write go out as NUL (react/react#31134, fixed upstream in React 19 by #26228). Pages
 * then carry "\0" inside Chinese text. Every chunk React writes passes through here and loses
 * those trailing NULs; HTML never has a real NUL byte to lose.
 */
export function stripNulPadding(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      while (end > 0 && chunk.length - end < 3 && chunk[end - 1] === 0) end -= 1;
      done(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}
