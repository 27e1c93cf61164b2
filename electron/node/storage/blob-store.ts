import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ExtractedDocument } from '../../../shared/document/model';

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Imported originals, stored by the SHA-256 of their bytes under
 * `blobs/ab/abcdef…`: a review always refers to the exact bytes reviewed,
 * and a stored file is never rewritten.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(hash: string): string {
    if (!SHA256_HEX.test(hash)) throw new AppError('invalid_request', '无效的文档标识', 'invalid document id');
    return join(this.root, hash.slice(0, 2), hash);
  }

  put(bytes: Uint8Array): string {
    const hash = sha256Hex(bytes);
    const path = this.pathOf(hash);
    if (existsSync(path)) return hash;
    mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
    return hash;
  }

  /**
   * The extracted text model of a stored original, kept beside it so that a
   * review reopens without parsing the file again (PDFs parse asynchronously).
   * Derived data: absent for documents stored by older versions.
   */
  putExtract(hash: string, doc: ExtractedDocument): void {
    const { format, text, segments, encoding, warnings } = doc;
    const path = `${this.pathOf(hash)}.extract.json`;
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format, text, segments, encoding, warnings }), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  }

  getExtract(hash: string): ExtractedDocument | null {
    const path = `${this.pathOf(hash)}.extract.json`;
    if (!existsSync(path)) return null;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as ExtractedDocument;
    } catch {
      return null;
    }
  }

  get(hash: string): Buffer {
    const path = this.pathOf(hash);
    if (!existsSync(path)) throw new AppError('not_found', '找不到已导入的原始文件', 'stored original not found');
    const bytes = readFileSync(path);
    if (sha256Hex(bytes) !== hash) {
      throw new AppError('refused', '已存储的原始文件已被改动，拒绝使用', 'stored original was altered; refusing to use it');
    }
    return bytes;
  }
}
