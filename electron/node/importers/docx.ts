import type { Element } from '@xmldom/xmldom';
import type { ExtractedDocument, Segment } from '../../../shared/document/model';
import { AppError } from '../../../shared/errors';
import { isScannedPart, isW, partOrder, walkElements } from './wordml';
import { parseXml } from './xml';
import { readZip } from './zip';

/**
 * DOCX: body, headers, footers, footnotes, endnotes and comments, in that
 * order. Every `w:t` becomes a segment that records its part, paragraph,
 * run and text-element index; paragraph ends, tabs and breaks become
 * separators with no source text. Table cells are separated by tabs and rows
 * by line breaks, so a row reads as one line under its header row.
 */
export function importDocx(bytes: Uint8Array): ExtractedDocument {
  const parts = readZip(bytes, isScannedPart);
  if (!parts.has('word/document.xml')) {
    throw new AppError('unsupported_format', '压缩包中没有 Word 正文（word/document.xml），不是有效的 .docx 文件', 'no word/document.xml: not a valid .docx');
  }
  // Pieces joined once at the end: rewriting a growing string per table cell would be quadratic.
  const pieces: string[] = [];
  let length = 0;
  const segments: Segment[] = [];
  const append = (s: string): void => {
    pieces.push(s);
    length += s.length;
  };
  const addSeparator = (s: string): void => {
    segments.push({ start: length, end: length + s.length, location: { kind: 'separator' } });
    append(s);
  };
  // Tables read as rows: a cell's closing paragraph break becomes a tab, a row's last tab a line break.
  const replaceTrailingSeparator = (from: string, to: string): void => {
    const last = segments[segments.length - 1];
    if (last?.location.kind === 'separator' && last.end === length && pieces[pieces.length - 1] === from) pieces[pieces.length - 1] = to;
  };
  const names = [...parts.keys()].sort((a, b) => partOrder(a).localeCompare(partOrder(b)));
  for (const part of names) {
    if (length > 0) addSeparator('\n');
    const doc = parseXml(parts.get(part)!, part);
    let paragraph = -1;
    let run = -1;
    let textNode = 0;
    let inRun = false;
    walkElements(
      doc,
      (el: Element) => {
        if (isW(el, 'p')) {
          paragraph++;
          run = -1;
        } else if (isW(el, 'r')) {
          run++;
          inRun = true;
        } else if (isW(el, 't')) {
          const value = el.textContent ?? '';
          if (value.length > 0) {
            segments.push({
              start: length,
              end: length + value.length,
              location: { kind: 'docx', part, paragraph: Math.max(paragraph, 0), run: Math.max(run, 0), textNode, offset: 0 },
            });
            append(value);
          }
          textNode++;
        } else if (inRun && isW(el, 'tab')) addSeparator('\t');
        else if (inRun && (isW(el, 'br') || isW(el, 'cr'))) addSeparator('\n');
      },
      (el: Element) => {
        if (isW(el, 'p')) addSeparator('\n');
        else if (isW(el, 'r')) inRun = false;
        else if (isW(el, 'tc')) replaceTrailingSeparator('\n', '\t');
        else if (isW(el, 'tr')) replaceTrailingSeparator('\t', '\n');
      },
    );
  }
  return { format: 'docx', text: pieces.join(''), segments, warnings: [] };
}
