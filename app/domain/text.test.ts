import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasControlCharacters, stripControlCharacters } from './text';

describe('control characters in typed text', () => {
  it('finds NUL, the other C0 controls, DEL and lone surrogates', () => {
    for (const bad of ['a\u0000b', '\u0001', 'x\u001B[31m', 'del\u007F', 'half \uD83D', '\uDE00 tail', '\u000B', '\u000C']) {
      expect(hasControlCharacters(bad), JSON.stringify(bad)).toBe(true);
      expect(hasControlCharacters(bad, { multiline: true }), JSON.stringify(bad)).toBe(true);
    }
  });

  it('lets multi-line text keep tab, line feed and carriage return, but not single-line text', () => {
    const text = '第一条\t宗旨\r\n第二条';
    expect(hasControlCharacters(text, { multiline: true })).toBe(false);
    expect(hasControlCharacters(text)).toBe(true);
  });

  it('accepts Chinese, full-width forms, emoji (paired surrogates) and C1-free Unicode', () => {
    for (const ok of ['永松社区夕阳红舞蹈队', '１８６，０００元', '👵🏻 关爱', 'Ünïcødé ½', '']) expect(hasControlCharacters(ok), ok).toBe(false);
  });

  it('stripping leaves text with none, and leaves clean text as it was (trimmed, spaces collapsed)', () => {
    expect(stripControlCharacters('舞蹈\u0000队')).toBe('舞蹈 队');
    expect(stripControlCharacters('  夕阳红  ')).toBe('夕阳红');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(hasControlCharacters(stripControlCharacters(s))).toBe(false);
      }),
    );
  });
});
