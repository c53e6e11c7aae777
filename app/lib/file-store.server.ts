import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where attachments live: a folder outside the web root (UPLOAD_DIR, default ./.data/uploads), under
 * generated names only. An S3-compatible bucket can take this interface's place later.
 */
export interface FileStore {
  put(storedName: string, bytes: Uint8Array): Promise<void>;
  get(storedName: string): Promise<Uint8Array>;
}

function dir() {
  return path.resolve(process.env.UPLOAD_DIR ?? './.data/uploads');
}

function safePath(storedName: string) {
  if (!/^[0-9a-f-]{36}\.[a-z]{2,4}$/.test(storedName)) throw new Error('not a generated file name');
  return path.join(dir(), storedName);
}

export const localFileStore: FileStore = {
  async put(storedName, bytes) {
    await mkdir(dir(), { recursive: true });
    await writeFile(safePath(storedName), bytes, { flag: 'wx' });
  },
  async get(storedName) {
    return new Uint8Array(await readFile(safePath(storedName)));
  },
};
