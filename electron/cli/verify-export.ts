import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { verifyCopy } from '../node/exporters/verify';
import { sha256Hex } from '../node/storage/blob-store';
import { openWorkspace } from '../node/workspace';
import { readInputFile } from './scan';

export interface VerifyExportReport {
  copy: string;
  copySha256: string;
  original: string;
  originalSha256: string;
  /** The recorded export these bytes are. */
  recordedExport: { review: number; exportedAt: string; fileName: string };
  review: number;
  checked: string[];
  ok: boolean;
}

/**
 * Is this published file the approved, redacted copy of that original?
 * Looks the pair up in the data folder's records (the review of the
 * original, the export whose bytes these are), then checks the copy itself
 * for every value that review redacted and for hidden content. A leak or a
 * copy that is not a recorded export is refused (exit 3).
 */
export async function verifyExport(copy: string, original: string, dataDir: string): Promise<VerifyExportReport> {
  const copyBytes = readInputFile(copy);
  const originalBytes = readInputFile(original);
  if (!existsSync(join(dataDir, 'mishen.db'))) {
    throw new AppError('not_found', `数据目录中没有审查记录：${dataDir}`, `no review records in data folder: ${dataDir}`);
  }
  const ws = openWorkspace(dataDir);
  try {
    const originalSha256 = sha256Hex(originalBytes);
    const copySha256 = sha256Hex(copyBytes);
    const { recorded, review } = ws.reviews.provenance(originalSha256, copySha256);
    if (review === null) {
      throw new AppError('not_found', '数据目录中没有该原文件的审查记录', 'no review of this original in the data folder');
    }
    const checked = await verifyCopy(copy, copyBytes, ws.reviews.redactedValuesOf(review));
    if (!recorded) {
      throw new AppError(
        'refused',
        `该文件不是审查记录 ${review} 导出的脱敏稿（SHA-256 不符）；内容检查已通过，但不能证明其为批准发布的版本`,
        `this file is not a recorded export of review ${review} (SHA-256 differs); its content passed, but it is not the approved copy`,
      );
    }
    return { copy, copySha256, original, originalSha256, recordedExport: recorded, review, checked, ok: true };
  } finally {
    ws.close();
  }
}
