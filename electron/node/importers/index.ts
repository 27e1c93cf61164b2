import { extname } from 'node:path';
import type { ExtractedDocument } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { importDocx } from './docx';
import { importPdf } from './pdf';
import { importTxt } from './txt';
import { importCsv } from './csv';
import { importXlsx } from './xlsx';
import { importHtml, looksLikeHtml } from './html';
import { readZip } from './zip';

export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.csv', '.tsv', '.md', '.log']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isPdf(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x25, 0x50, 0x44, 0x46]);
}

export interface ImportOptions {
  /** Opening password of an encrypted PDF. */
  password?: string;
  /** Aborting stops a PDF between pages; the caller checks it again before keeping anything. */
  signal?: AbortSignal;
  /** Pages read so far (PDF); other formats are read in one step. */
  onProgress?: (done: number, total: number) => void;
  /** Keep pdf.js's parser thread for the next PDF (many files in a row; see pdf-parser.ts). */
  keepParser?: boolean;
}

/** The text of a document embedded in a PDF, read like any imported file (a PDF inside is listed, not read). */
export function attachmentText(name: string, bytes: Uint8Array): string {
  return importDocument(name, bytes).text;
}

/** Every format, PDF included (pdf.js works asynchronously in a worker thread). */
export async function importDocumentAsync(name: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<ExtractedDocument> {
  if (bytes.length > 0 && isPdf(bytes)) {
    return (await importPdf(bytes, { ...options, readAttachment: attachmentText })) as ExtractedDocument;
  }
  return importDocument(name, bytes);
}

/**
 * Chooses the importer by the file's first bytes, using the extension only
 * for formats without a signature (plain text). Unsupported and legacy
 * formats get a message that says what to do.
 */
export function importDocument(name: string, bytes: Uint8Array): ExtractedDocument {
  const ext = extname(name).toLowerCase();
  if (bytes.length === 0) throw new AppError('bad_input', '文件为空', 'file is empty');
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new AppError(
      'unsupported_format',
      '这是旧版 Office/WPS 二进制格式（.doc、.xls、.wps、.et）或已加密的 Office 文件；请解除密码并另存为 .docx 或 .xlsx 后再导入',
      'legacy binary Office/WPS format or an encrypted Office file; remove the password and save as .docx/.xlsx',
    );
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext === '.xlsx' || ext === '.xlsm') return importXlsx(bytes);
    if (ext === '.docx' || ext === '.docm') return importDocx(bytes);
    if (readZip(bytes, (n) => /^xl\/workbook\.xml$/i.test(n)).size > 0) return importXlsx(bytes);
    if (ext === '') return importDocx(bytes);
    throw new AppError('unsupported_format', `暂不支持 ${ext} 格式，请另存为 .docx、.xlsx 或 .txt`, `${ext} is not supported yet; save as .docx, .xlsx or .txt`);
  }
  if (isPdf(bytes)) {
    throw new AppError('internal', 'PDF 须经异步导入', 'PDF needs the asynchronous import path (importDocumentAsync)');
  }
  if (HTML_EXTENSIONS.has(ext) || (ext === '' && looksLikeHtml(bytes))) return importHtml(bytes);
  if (TEXT_EXTENSIONS.has(ext)) {
    if (bytes.length > MAX_TEXT_FILE_BYTES) throw new AppError('too_large', '文本文件超过 64 MB，已拒绝导入', 'text file exceeds 64 MB');
    // CSV and TSV are read as tables, so the engine knows each column's header.
    return ext === '.csv' || ext === '.tsv' ? importCsv(bytes, { fileName: name }) : importTxt(bytes);
  }
  throw new AppError(
    'unsupported_format',
    `无法识别的文件格式${ext ? `（${ext}）` : ''}；支持 .docx、.xlsx、.html 和 .txt`,
    `unrecognised file format${ext ? ` (${ext})` : ''}; .docx, .xlsx, .html and .txt are supported`,
  );
}
