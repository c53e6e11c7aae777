/**
 * What a file is, from its first bytes, never from its name (deliverable attachments, issue 4).
 * Allowed: PDF, PNG, JPEG, GIF, WebP, Word and Excel (OOXML .docx/.xlsx, and the legacy OLE .doc/.xls).
 */
export type FileKind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'ole';

export const CONTENT_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ole: 'application/x-ole-storage',
};

export const EXTENSIONS: Record<FileKind, string> = { pdf: 'pdf', png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', docx: 'docx', xlsx: 'xlsx', ole: 'doc' };

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function contains(b: Uint8Array, text: string): boolean {
  const needle = ascii(text);
  outer: for (let i = 0; i + needle.length <= b.length; i++) {
    for (let j = 0; j < needle.length; j++) if (b[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

export function detectFileKind(b: Uint8Array): FileKind | null {
  if (starts(b, ascii('%PDF-'))) return 'pdf';
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(b, ascii('GIF87a')) || starts(b, ascii('GIF89a'))) return 'gif';
  if (starts(b, ascii('RIFF')) && starts(b, ascii('WEBP'), 8)) return 'webp';
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole';
  if (starts(b, [0x50, 0x4b, 0x03, 0x04])) {
    // A ZIP is only accepted as an Office document: its part names say which.
    if (contains(b, 'word/')) return 'docx';
    if (contains(b, 'xl/')) return 'xlsx';
  }
  return null;
}

/** A person's file name, refused when it tries to name a path (../, /, \\) or carries control characters. */
export function fileNameProblem(name: string): 'empty' | 'path' | 'tooLong' | null {
  if (!name.trim()) return 'empty';
  if (/[/\\]/.test(name) || name.includes('..') || [...name].some((c) => c.charCodeAt(0) < 0x20)) return 'path';
  if (name.length > 200) return 'tooLong';
  return null;
}
