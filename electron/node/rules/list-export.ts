import type { ListKind, TermEntry } from '../../../shared/ipc/views';
import { formatTermLine } from '../../../shared/rules/term-list';
import { quoteField } from '../exporters/csv';
import { writeZip } from '../exporters/zip';

export type ListFileFormat = 'txt' | 'csv' | 'xlsx';

export interface ListHead {
  kind: ListKind;
  name: string;
  version: number;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const KIND_LABEL: Record<ListKind, string> = { negative: '负面清单', allow: '白名单' };
const COLUMNS = ['词条', '备注', '状态'] as const;
const state = (e: TermEntry) => (e.disabled ? '停用' : '启用');

/** `本单位负面清单-v3.xlsx`, without characters Windows refuses in file names. */
export function listFileName(head: ListHead, format: ListFileFormat): string {
  return `${head.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')}-v${head.version}.${format}`;
}

/**
 * A list version as a file our import reads back unchanged. TXT and CSV are
 * UTF-8 with a BOM and CRLF: Notepad before Windows 10 1903 and WPS take
 * BOM-less files for the local code page (GBK) and old Notepad shows LF
 * files as one line; every reader of ours drops the BOM. TXT is the list line
 * format (disabled terms as `# [停用] …`, a comment to other readers); CSV
 * and XLSX have the columns 词条, 备注, 状态.
 */
export function listFileBytes(format: ListFileFormat, head: ListHead, terms: readonly TermEntry[]): Buffer {
  if (format === 'txt') {
    const lines = [
      `# ${KIND_LABEL[head.kind]}：${head.name}（第 ${head.version} 版，${terms.length} 条）`,
      '# 每行一个词条；“  # ”后为备注；以“# [停用]”开头的词条保留但不匹配。',
      ...terms.map((e) => formatTermLine(e, true)),
    ];
    return Buffer.concat([BOM, Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
  }
  if (format === 'csv') {
    const rows = [COLUMNS.join(','), ...terms.map((e) => [guard(e.term), e.note, state(e)].map(quoteField).join(','))];
    return Buffer.concat([BOM, Buffer.from(`${rows.join('\r\n')}\r\n`, 'utf8')]);
  }
  return xlsx([[...COLUMNS], ...terms.map((e) => [e.term, e.note, state(e)])]);
}

/** Excel runs a CSV cell that starts with = + - @ as a formula: a leading `'` keeps it text (the import drops it). */
function guard(term: string): string {
  return /^[=+\-@]/.test(term) ? `'${term}` : term;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
// Characters XML 1.0 cannot hold (a file list's term may carry one) become U+FFFD rather than break the part.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const esc = (s: string) => s.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (i: number) => String.fromCharCode(65 + i);

/**
 * The smallest workbook Excel, WPS and LibreOffice open without repair: one
 * sheet of inline strings (never formulas), a bold header row, a styles
 * part, and no document properties (no author, no time).
 */
function xlsx(rows: string[][]): Buffer {
  const sheetRows = rows
    .map((cells, r) => {
      const style = r === 0 ? ' s="1"' : '';
      const body = cells.map((v, c) => (v === '' ? '' : `<c r="${col(c)}${r + 1}" t="inlineStr"${style}><is><t xml:space="preserve">${esc(v)}</t></is></c>`)).join('');
      return `<row r="${r + 1}">${body}</row>`;
    })
    .join('');
  const parts: [string, string][] = [
    [
      '[Content_Types].xml',
      `${HEAD}<Types xmlns="${PKG}/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ],
    ['_rels/.rels', `${HEAD}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="词条" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    [
      'xl/_rels/workbook.xml.rels',
      `${HEAD}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      'xl/worksheets/sheet1.xml',
      `${HEAD}<worksheet xmlns="${MAIN}"><cols><col min="1" max="1" width="32" customWidth="1"/><col min="2" max="2" width="48" customWidth="1"/><col min="3" max="3" width="8" customWidth="1"/></cols>` +
        `<sheetData>${sheetRows}</sheetData></worksheet>`,
    ],
    [
      'xl/styles.xml',
      `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>` +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    ],
  ];
  return writeZip(parts.map(([name, xml]) => [name, Buffer.from(xml, 'utf8')] as const));
}
