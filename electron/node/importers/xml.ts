import { DOMParser, type Document } from '@xmldom/xmldom';
import { AppError } from '../../../shared/errors';

/**
 * Parses an OOXML part. Office parts never carry a DTD, so any DOCTYPE is
 * refused outright: no entity expansion, no external entities.
 */
export function parseXml(bytes: Uint8Array, partName: string): Document {
  const text = new TextDecoder('utf-8').decode(bytes);
  if (/<!DOCTYPE/i.test(text)) {
    throw new AppError('bad_input', `文件部件 ${partName} 含有不允许的 DTD 声明，已拒绝`, `part ${partName} contains a DTD; refused`);
  }
  const bad = (): never => {
    throw new AppError('bad_input', `文件部件 ${partName} 的 XML 已损坏`, `part ${partName} is malformed XML`);
  };
  try {
    return new DOMParser({ onError: (level) => (level === 'warning' ? undefined : bad()) }).parseFromString(text, 'application/xml');
  } catch (err) {
    if (err instanceof AppError) throw err;
    return bad();
  }
}
