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
   * The extracted text model of a stored original, so that a review reopens
   * without parsing the file again (PDFs parse asynchronously) and always on
   * the very text its findings' offsets refer to. Stored by the SHA-256 of
   * its JSON (`<sha>.extract.json`), which the review records: a newer
   * importer writes a new extract instead of changing an old review's text.
   */
  putExtract(doc: ExtractedDocument): string {
    const { format, text, segments, encoding, warnings } = doc;
    const json = JSON.stringify({ format, text, segments, encoding, warnings });
    const hash = sha256Hex(json);
    const path = `${this.pathOf(hash)}.extract.json`;
    if (existsSync(path)) return hash;
    mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(tmp, json, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
    return hash;
  }

  /** The extract stored under `hash`, checked against it: a changed file is refused, never trusted. */
  getExtract(hash: string): ExtractedDocument {
    const path = `${this.pathOf(hash)}.extract.json`;
    if (!existsSync(path)) throw new AppError('not_found', '找不到该文档的文本提取结果，请重新导入原文件', 'the stored text model is missing; import the file again');
    const json = readFileSync(path);
    if (sha256Hex(json) !== hash) {
      throw new AppError('refused', '已存储的文本提取结果已被改动，拒绝使用；请重新导入原文件', 'the stored text model was altered; refusing to use it');
    }
    return JSON.parse(json.toString('utf8')) as ExtractedDocument;
  }

  /** The extract that versions before migration 4 kept beside the original, unchecked; null when absent. */
  getLegacyExtract(documentHash: string): ExtractedDocument | null {
    const path = `${this.pathOf(documentHash)}.extract.json`;
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
