import type { ExtractedDocument, Segment } from '../../../shared/document/model';
import { decodeText } from '../text/encoding';

/**
 * Plain text: the decoded string is the canonical text; one segment per line
 * (line breaks included) with its 1-based line and column.
 */
export function importTxt(bytes: Uint8Array): ExtractedDocument {
  const decoded = decodeText(bytes);
  const text = decoded.text;
  const segments: Segment[] = [];
  let line = 1;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    const atEnd = i === text.length;
    if (!atEnd && c !== 0x0a && c !== 0x0d) continue;
    const end = atEnd ? i : c === 0x0d && text.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
    if (end > start) segments.push({ start, end, location: { kind: 'txt', line, column: 1 } });
    if (atEnd) break;
    line++;
    start = end;
    i = end - 1;
  }
  return {
    format: 'txt',
    text,
    segments,
    encoding: decoded.encoding,
    warnings: decoded.uncertain ? ['encoding_uncertain'] : [],
  };
}
