import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { importDocument } from '../../electron/node/importers';
import { sheetsOf } from '../../electron/node/review/layout';
import { describeFindingPlace, formatHiddenSummary, hiddenRanges } from '../../shared/document/hidden-labels';
import { hiddenSummary, type ExtractedDocument } from '../../shared/document/model';
import type { FindingView, HiddenRange, ManualRedactionView, ReviewStatus, ReviewView } from '../../shared/ipc/views';
import type { Decision } from '../../shared/review/decisions';
import { scanText } from '../../shared/rules/engine';
import type { Finding } from '../../shared/rules/finding';
import { buildDocx } from '../fixtures/docx';
import { MOBILE, MOBILE_SPACED, PERSON_ID, PERSON_ID_2 } from '../fixtures/samples';

/**
 * Real documents for the component tests, read the way the app reads them:
 * the importer's text, the engine's findings, the hidden-content lane and
 * mammoth's HTML, and a ReviewView shaped as review-service.ts shapes it.
 * Node only: the tests hand the results to the page as plain data.
 */

/** A 公示 in Word with what a reviewer must see: a heading, bold, a table, a tracked insertion and deletion, comments, a footnote, a picture, header and footer. */
export function housingNoticeDocx(): Uint8Array {
  const bytes = buildDocx({
    paragraphs: [
      '关于2024年度城镇保障性住房申请人情况的公示',
      '根据《中华人民共和国政府信息公开条例》和《城镇保障性住房管理办法》规定，现将有关情况公示如下。',
      [{ text: '申请人：李明，公民身份号码：' }, { text: PERSON_ID, bold: true }, { text: `，联系电话：${MOBILE}。` }],
      [{ text: '经办人王芳，' }, { text: `手机 ${MOBILE_SPACED}`, inserted: '张科长' }, { text: '，地址：北京市西城区金融街18号。' }],
      [{ text: `原申请人赵强（身份证号 ${PERSON_ID_2}）已撤回申请。`, deleted: '李处长' }, { text: '公示期间如有异议，请与市住房保障办公室联系。' }],
    ],
    table: [
      ['姓名', '身份证号', '联系电话'],
      ['赵强', PERSON_ID_2, '13700001111'],
    ],
    images: [{ descr: '申请人李明身份证正面照片', name: '身份证.png' }],
    footnotes: ['联系人：王芳，电话 13900112233'],
    header: '市人民政府办公室',
    footer: '值班手机：13600001234',
    comments: [
      { author: '张科长', text: `请核实申请人电话 ${MOBILE}` },
      { author: '李处长', text: '此件经审核后方可公开' },
    ],
    // buildDocx writes styles.xml only when asked; the heading style goes into it below.
    styles: [{ id: 'Emphasis', hidden: false }],
  });
  return headingFirst(bytes);
}

/** Makes the first paragraph a `heading 1` (mammoth maps it to <h1>), with the paragraph style defined in styles.xml. */
function headingFirst(docx: Uint8Array): Uint8Array {
  const files = unzipSync(docx);
  const document = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(document.replace('<w:body><w:p>', '<w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'));
  const styles = strFromU8(files['word/styles.xml']!);
  files['word/styles.xml'] = strToU8(styles.replace('</w:styles>', '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>'));
  return zipSync(files);
}

export interface Reviewed {
  doc: ExtractedDocument;
  view: ReviewView;
  hidden: HiddenRange[];
}

export interface ReviewOptions {
  id?: number;
  status?: ReviewStatus;
  /** The decision on each finding (default: none). */
  decide?: (f: Finding, i: number) => Decision | null;
}

/** Imports and scans a file as the app does, and shapes the review the window would get from `documents.open`. */
export function reviewOf(name: string, bytes: Uint8Array, options: ReviewOptions = {}): Reviewed {
  const doc = importDocument(name, bytes);
  const findings: FindingView[] = scanText(doc.text).map((f, i) => {
    const decision = options.decide?.(f, i) ?? null;
    return { ...f, location: describeFindingPlace(doc, f.start), decision, reason: decision === 'rejected' ? '已经公开的信息' : null };
  });
  const view: ReviewView = {
    document: {
      id: options.id ?? 7,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      name,
      format: doc.format,
      size: bytes.length,
      status: options.status ?? 'in_review',
      importedAt: '2024-06-03T09:30:00.000Z',
      findingCount: findings.length,
      undecidedCount: findings.filter((f) => f.decision === null).length,
      attribute: null,
    },
    text: doc.text,
    encoding: doc.encoding ?? null,
    warnings: doc.warnings,
    hiddenSummary: formatHiddenSummary(hiddenSummary(doc)),
    findings,
    manual: [],
    opinion: null,
    lists: [],
    ruleSet: 'default@1#test',
    markingOverride: null,
    suppressed: [],
  };
  return { doc, view, hidden: hiddenRanges(doc) };
}

/** mammoth's HTML of a DOCX, as layout.ts sends it to the window. */
export async function docxHtml(bytes: Uint8Array): Promise<string> {
  return (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
}

/** The sheets of an imported workbook, as layout.ts sends them. */
export const sheetsOfDoc = sheetsOf;

/** A manual redaction of a span, as review-service.ts lists it. */
export function manualOf(doc: ExtractedDocument, span: { start: number; end: number }, id: number, reason: string, basis: string): ManualRedactionView {
  return { id, start: span.start, end: span.end, text: doc.text.slice(span.start, span.end), reason, basis, location: describeFindingPlace(doc, span.start) };
}

/** The span of the `nth` occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(needle, start + 1);
    if (start < 0) throw new Error(`not in the text ${nth + 1} times: ${needle}`);
  }
  return { start, end: start + needle.length };
}

/** Whether a finding overlaps a range. */
export const overlaps = (f: { start: number; end: number }, r: { start: number; end: number }): boolean => f.start < r.end && r.start < f.end;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳', '诸葛'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '建国', '秀英'];

/** A GB 11643 number for a person born on `day` (YYYYMMDD) with sequence `seq`, check digit included. */
function residentId(region: string, day: string, seq: number): string {
  const body = `${region}${day}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

/** A 花名册 of `count` people (序号, 姓名, 身份证号, 联系电话, 住址), one header row. */
export function rosterRows(count: number): (string | number)[][] {
  const rows: (string | number)[][] = [['序号', '姓名', '公民身份号码', '联系电话', '家庭住址']];
  for (let i = 1; i <= count; i++) {
    const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]!;
    const day = `19${60 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    rows.push([i, name, residentId('110105', day, i), `13${800000000 + i}`, `北京市朝阳区建国路${1 + (i % 200)}号院${1 + (i % 30)}号楼`]);
  }
  return rows;
}
