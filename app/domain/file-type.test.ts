import { describe, expect, it } from 'vitest';
import { detectFileKind, fileNameProblem } from './file-type';

const bytes = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('file type by content', () => {
  it('knows PDF, images and Office documents by their first bytes', () => {
    expect(detectFileKind(bytes('%PDF-1.7\n'))).toBe('pdf');
    expect(detectFileKind(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(detectFileKind(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(detectFileKind(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('webp');
    expect(detectFileKind(bytes([0x50, 0x4b, 0x03, 0x04], '....[Content_Types].xml....word/document.xml'))).toBe('docx');
    expect(detectFileKind(bytes([0x50, 0x4b, 0x03, 0x04], '....xl/workbook.xml'))).toBe('xlsx');
    expect(detectFileKind(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('ole');
  });
  it('refuses what is not one of them, whatever its name says', () => {
    expect(detectFileKind(bytes('<html><script>alert(1)</script>'))).toBeNull();
    expect(detectFileKind(bytes('MZ', [0x90, 0]))).toBeNull(); // a Windows executable
    expect(detectFileKind(bytes([0x50, 0x4b, 0x03, 0x04], 'payload.js'))).toBeNull(); // a plain ZIP
    expect(detectFileKind(new Uint8Array())).toBeNull();
  });
  it('refuses names that try to be paths', () => {
    expect(fileNameProblem('../../etc/passwd')).toBe('path');
    expect(fileNameProblem('a/b.pdf')).toBe('path');
    expect(fileNameProblem('C:\\\\x.pdf')).toBe('path');
    expect(fileNameProblem('中期报告.pdf')).toBeNull();
  });
});
