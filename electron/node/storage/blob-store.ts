import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { syncDir, writeDurably } from './pending-writes';
import { AppError } from '../../../shared/errors';
import type { ExtractedDocument } from '../../../shared/document/model';
import type { PdfLayout } from '../importers/pdf';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** Where blobs are written before they get their names. */
const INCOMING = '.incoming';
const STALE_MS = 60 * 60 * 1000;

/** The stored files: an original, the text model extracted from it, a PDF's page and glyph boxes. */
export type BlobKind = 'original' | 'extract' | 'pdf_layout';
const SUFFIX: Record<BlobKind, string> = { original: '', extract: '.extract.json', pdf_layout: '.pdf-layout' };

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

  /** Writes `bytes` once under the hash of their content (with `suffix`), through a temporary file. */
  private putAddressed(bytes: Uint8Array | string, suffix = ''): string {
    const hash = sha256Hex(bytes);
    const path = `${this.pathOf(hash)}${suffix}`;
    if (existsSync(path)) return hash;
    mkdirSync(join(this.root, hash.slice(0, 2)), { recursive: true, mode: 0o700 });
    mkdirSync(join(this.root, INCOMING), { recursive: true, mode: 0o700 });
    // Written in one folder of its own, so that what a killed import leaves is found without walking every shard.
    const tmp = join(this.root, INCOMING, `${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    // Flushed before the rename: a power cut must not leave a torn file under a hash, which would never be rewritten.
    writeDurably(tmp, bytes, 0o600);
    renameSync(tmp, path);
    syncDir(dirname(path));
    return hash;
  }

  /**
   * Deletes temporary files a killed import left in `.incoming/`. Only those
   * older than an hour: a younger one may be another process's write in
   * progress (the CLI beside the app). Returns how many were deleted.
   */
  sweepIncoming(now = Date.now()): number {
    const dir = join(this.root, INCOMING);
    let removed = 0;
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      const path = join(dir, name);
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st?.isFile() || now - st.mtimeMs < STALE_MS) continue;
      rmSync(path, { force: true });
      removed++;
    }
    return removed;
  }

  /** The bytes stored under `hash` (with `suffix`), checked against it: a changed file is refused, never trusted. */
  private getAddressed(hash: string, suffix: string, missing: AppError, altered: AppError): Buffer {
    const path = `${this.pathOf(hash)}${suffix}`;
    if (!existsSync(path)) throw missing;
    const bytes = readFileSync(path);
    if (sha256Hex(bytes) !== hash) throw altered;
    return bytes;
  }

  put(bytes: Uint8Array): string {
    return this.putAddressed(bytes);
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
    return this.putAddressed(JSON.stringify({ format, text, segments, encoding, warnings }), '.extract.json');
  }

  /** The extract stored under `hash`, checked against it: a changed file is refused, never trusted. */
  getExtract(hash: string): ExtractedDocument {
    const json = this.getAddressed(
      hash,
      '.extract.json',
      new AppError('not_found', '找不到该文档的文本提取结果，请重新导入原文件', 'the stored text model is missing; import the file again'),
      new AppError('refused', '已存储的文本提取结果已被改动，拒绝使用；请重新导入原文件', 'the stored text model was altered; refusing to use it'),
    );
    return JSON.parse(json.toString('utf8')) as ExtractedDocument;
  }

  /**
   * A PDF's page boxes and glyph boxes, which the extract leaves out (four
   * floats per character), for the page view. Stored by the SHA-256 of the
   * file (`<sha>.pdf-layout`), which the review records: a length-prefixed
   * JSON header with the pages, then the boxes as little-endian float32.
   */
  putPdfLayout(layout: PdfLayout): string {
    const header = Buffer.from(JSON.stringify({ v: 1, pages: layout.pages, units: layout.glyphBoxes.length / 4 }), 'utf8');
    // Padded so that the boxes start on a multiple of four bytes.
    const pad = (4 - ((4 + header.length) % 4)) % 4;
    const head = Buffer.alloc(4 + header.length + pad, 0x20);
    head.writeUInt32LE(header.length + pad, 0);
    header.copy(head, 4);
    const boxes = layout.glyphBoxes;
    return this.putAddressed(Buffer.concat([head, Buffer.from(boxes.buffer, boxes.byteOffset, boxes.byteLength)]), '.pdf-layout');
  }

  /** The PDF layout stored under `hash`, checked against it. */
  getPdfLayout(hash: string): PdfLayout {
    const bytes = this.getAddressed(
      hash,
      '.pdf-layout',
      new AppError('not_found', '找不到该 PDF 的版面数据', 'the stored PDF layout is missing'),
      new AppError('refused', '已存储的 PDF 版面数据已被改动，拒绝使用；请重新导入原文件', 'the stored PDF layout was altered; refusing to use it'),
    );
    const size = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + size).toString('utf8')) as { pages: PdfLayout['pages']; units: number };
    // A copy: the file's buffer need not be aligned for a Float32Array view (x86 and ARM hosts are little-endian).
    const boxes = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 4 + size, bytes.byteOffset + bytes.byteLength));
    if (boxes.length !== header.units * 4) throw new AppError('refused', 'PDF 版面数据不完整', 'the stored PDF layout is truncated');
    return { pages: header.pages, glyphBoxes: boxes };
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

  /** Bytes on disk of a stored file, or null when it is not there. */
  sizeOf(hash: string, kind: BlobKind): number | null {
    const path = `${this.pathOf(hash)}${SUFFIX[kind]}`;
    return existsSync(path) ? statSync(path).size : null;
  }

  /** Deletes a stored file (retention.ts). A file already gone is no error, so that a purge cut short can run again. */
  remove(hash: string, kind: BlobKind): void {
    rmSync(`${this.pathOf(hash)}${SUFFIX[kind]}`, { force: true });
  }

  get(hash: string): Buffer {
    return this.getAddressed(
      hash,
      '',
      new AppError('not_found', '找不到已导入的原始文件', 'stored original not found'),
      new AppError('refused', '已存储的原始文件已被改动，拒绝使用', 'stored original was altered; refusing to use it'),
    );
  }
}
