import fc from 'fast-check';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { hostileText } from './unicode';

/**
 * Structure-aware mutations of ZIP-based Office files (DOCX, XLSX): the
 * package is unzipped with fflate, one XML part is mutated as markup
 * (truncated, characters flipped, deep nesting, huge attributes, entity
 * tricks, invalid UTF-8, hostile attribute values and text), parts are
 * dropped, renamed or duplicated, and the package is zipped again. The
 * container itself is mutated too: fields of its local and central
 * headers (sizes, methods, name lengths, offsets).
 *
 * Parts are handled as latin1 strings, one character per byte, so that
 * invalid UTF-8 survives; inserted text is UTF-8 encoded first.
 */

export type PartOp =
  | { op: 'truncate'; at: number }
  | { op: 'chars'; at: number; text: string }
  | { op: 'nest'; at: number; depth: number; tag: string; closed: boolean }
  | { op: 'wrap'; at: number; depth: number; wrapper: number; count: number; content: number }
  | { op: 'repeat'; index: number; times: number }
  | { op: 'attribute'; at: number; name: string; length: number; char: string }
  | { op: 'markup'; at: number; text: string }
  | { op: 'bytes'; at: number; bytes: readonly number[] }
  | { op: 'value'; index: number; value: string }
  | { op: 'text'; index: number; value: string }
  | { op: 'dropTag'; index: number };

export type PackageOp =
  /** `within` narrows the choice: the part holding the document's text, or the parts that say which parts to read. */
  | { op: 'part'; part: number; edits: PartOp[]; within?: 'main' | 'structure' }
  | { op: 'drop'; part: number }
  | { op: 'rename'; part: number; name: string }
  | { op: 'copy'; part: number; name: string }
  | { op: 'header'; record: number; field: number; value: number };

const position = fc.nat({ max: 0x7fffffff });

/** Attribute values that break assumptions: numbers out of range, references past the sheet, names of other parts. */
const VALUES = [
  '', '-1', '0', '1', '4294967297', '99999999999999999999', '1e309', 'NaN', '-0', '0x10', ' 1 ',
  'A0', 'XFD1048576', 'XFE1', 'ZZZ9999999', 'AAAA1', '$A$1', 'A1:B2', 'a1', '１',
  'true', 'false', 'on', 'off', 'hidden', 'veryHidden', 's', 'inlineStr', 'str', 'b', 'e', 'n', 'd',
  '&amp;', '&#0;', '&#x110000;', '&#xD800;', '&lt;', '_x0000_', '_xD800_', '_x001F__x0009_',
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/spreadsheetml/main', 'urn:schemas-microsoft-com:vml', '',
  '../../../../etc/passwd', '/xl/worksheets/sheet1.xml', 'xl/workbook.xml', 'worksheets/../../word/document.xml', 'rId1', 'rId999', 'External',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings',
];

/** Snippets of markup the parsers must refuse or survive: DTDs, entities, CDATA, PIs, bad names, namespace games. */
const MARKUP = [
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
  '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
  '<!ENTITY x "y">',
  '&unknown;', '&#0;', '&#x1F;', '&#xFFFE;', '&#99999999999;', '&amp', '&#;', '&#x;', '&lt;&gt;&quot;&apos;',
  '<![CDATA[', ']]>', '<![CDATA[<w:t>x</w:t>]]>', '<?xml version="1.0"?>', '<?pi data?>', '<!-- -- -->', '<!--',
  '<w:t>', '</w:t>', '<w:p>', '</w:p>', '<w:r>', '</w:r>', '<c r="A1" t="s"><v>999</v></c>', '<row r="0">', '</row>', '<sheetData>', '</sheetData>',
  '<x:y xmlns:x="">', '<w:t xmlns:w="urn:other">', '<a xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
  '<undeclared:tag/>', '<w:t xml:space="preserve">\u0000</w:t>', '<1tag>', '< w:t>', '<w:t a="1" a="2">', '<w:t a=1>', '<w:t a="<">',
  '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice><w:t>a</w:t></mc:Choice><mc:Fallback><w:t>b</w:t></mc:Fallback></mc:AlternateContent>',
  '<mc:Fallback>', '</mc:AlternateContent>', '<w:txbxContent>', '<w:vanish/>', '<w:del w:author="x">', '<w:comment w:author="">',
];

const TAGS = ['w:p', 'w:r', 'w:t', 'w:tbl', 'w:tc', 'w:ins', 'w:del', 'w:txbxContent', 'mc:AlternateContent', 'row', 'c', 'is', 'si', 'r', 't', 'x', 'rPh', 'comment', 'text'];

const MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"';
/**
 * Elements that change how their contents are read (places, branches,
 * rows), to nest thousands deep around many items; WordprocessingML for
 * word/ parts, SpreadsheetML for the others.
 */
const WORD_WRAPPERS: readonly [string, string][] = [
  ['<w:ins w:author="a">', '</w:ins>'],
  ['<w:del w:author="b">', '</w:del>'],
  [`<mc:AlternateContent ${MC}><mc:Choice><w:t>x</w:t></mc:Choice><mc:Fallback>`, '</mc:Fallback></mc:AlternateContent>'],
  [`<mc:AlternateContent ${MC}><mc:Choice>`, '</mc:Choice></mc:AlternateContent>'],
  ['<w:txbxContent>', '</w:txbxContent>'],
  ['<w:comment w:author="c">', '</w:comment>'],
  ['<w:p><w:r>', '</w:r></w:p>'],
  ['<w:tbl><w:tr><w:tc>', '</w:tc></w:tr></w:tbl>'],
  ['<w:r><w:rPr><w:vanish/></w:rPr>', '</w:r>'],
];
const SHEET_WRAPPERS: readonly [string, string][] = [
  ['<row>', '</row>'],
  ['<sheetData>', '</sheetData>'],
  ['<si><r>', '</r></si>'],
  ['<is><rPh>', '</rPh></is>'],
  ['<comment ref="A1" authorId="0"><text>', '</text></comment>'],
];
const WORD_CONTENTS = ['<w:t>a</w:t>', '<w:r><w:t>a</w:t></w:r>', '<w:p/>', '<w:tab/>', '<w:br/>', '<w:delText>d</w:delText>', 'text'];
const SHEET_CONTENTS = ['<c r="A1" t="inlineStr"><is><t>a</t></is></c>', '<c><v>1</v></c>', '<c r="XFD1"><v>1</v></c>', '<t>a</t>', '<v>1</v>', '<row><c><v>2</v></c></row>', 'text'];

const utf8Latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/** Thousands of nested wrappers around thousands of items: where a per-item walk of the open elements turns quadratic. */
export const wrapOp = fc.record({
  op: fc.constant('wrap' as const),
  at: position,
  depth: fc.integer({ min: 1000, max: 20_000 }),
  wrapper: fc.nat(),
  count: fc.integer({ min: 1000, max: 20_000 }),
  content: fc.nat(),
});

/** One element repeated thousands of times in place: a sheet, a relationship, a column, a comment named again and again. */
export const repeatOp = fc.record({ op: fc.constant('repeat' as const), index: fc.nat(), times: fc.integer({ min: 100, max: 20_000 }) });

export const partOp: fc.Arbitrary<PartOp> = fc.oneof(
  repeatOp,
  fc.record({ op: fc.constant('truncate' as const), at: position }),
  fc.record({ op: fc.constant('chars' as const), at: position, text: fc.string({ unit: fc.constantFrom(...'<>&"\'/=:; \n\u0000x'), minLength: 1, maxLength: 4 }) }),
  fc.record({ op: fc.constant('nest' as const), at: position, depth: fc.integer({ min: 100, max: 40_000 }), tag: fc.constantFrom(...TAGS), closed: fc.boolean() }),
  wrapOp,
  fc.record({ op: fc.constant('attribute' as const), at: position, name: fc.constantFrom('x', 'w:val', 'r', 'descr', 'xmlns:q', 'w:author'), length: fc.integer({ min: 1000, max: 400_000 }), char: fc.constantFrom('a', '中', '&amp;', ' ', '_x0041_') }),
  fc.record({ op: fc.constant('markup' as const), at: position, text: fc.constantFrom(...MARKUP) }),
  fc.record({ op: fc.constant('bytes' as const), at: position, bytes: fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe4, 0xb8], [0x00], [0xef, 0xbf, 0xbe]) }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('value' as const), index: fc.nat(), value: fc.oneof(fc.constantFrom(...VALUES), hostileText(4).map((s) => s.replace(/[<&"]/g, ''))) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('text' as const), index: fc.nat(), value: hostileText(8).map((s) => s.replace(/[<&]/g, '')) }) },
  fc.record({ op: fc.constant('dropTag' as const), index: fc.nat() }),
);

/** Local file header (PK\3\4), central directory header (PK\1\2) and end record (PK\5\6) fields: offset and width. */
const HEADER_FIELDS: Record<number, [number, number][]> = {
  0x04034b50: [[6, 2], [8, 2], [14, 4], [18, 4], [22, 4], [26, 2], [28, 2]],
  0x02014b50: [[8, 2], [10, 2], [16, 4], [20, 4], [24, 4], [28, 2], [30, 2], [32, 2], [42, 4]],
  0x06054b50: [[8, 2], [10, 2], [12, 4], [16, 4], [20, 2]],
};

export const packageOp: fc.Arbitrary<PackageOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('part' as const), part: fc.nat(), edits: fc.array(partOp, { minLength: 1, maxLength: 4 }) }) },
  fc.record({ op: fc.constant('drop' as const), part: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), part: fc.nat(), name: fc.constantFrom('WORD/DOCUMENT.XML', 'xl/Workbook.xml', '/word/document.xml', 'word\\document.xml', 'word/header1.xml', 'word/comments.xml', 'docProps/core1.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet9.xml', '../x.xml', 'word/document.xml/') }),
  fc.record({ op: fc.constant('copy' as const), part: fc.nat(), name: fc.constantFrom('word/header7.xml', 'word/footnotes.xml', 'word/styles.xml', 'docProps/custom.xml', 'xl/worksheets/sheet1.xml', 'xl/comments1.xml', 'xl/_rels/workbook.xml.rels', 'XL/WORKBOOK.XML') }),
  fc.record({ op: fc.constant('header' as const), record: fc.nat(), field: fc.nat(), value: fc.oneof(fc.constantFrom(0, 1, 8, 12, 99, 0xffff, 0x7fffffff, 0xffffffff), fc.nat()) }),
);

export const packageOps = fc.array(packageOp, { minLength: 1, maxLength: 3 });

/** An element of any part repeated, and the document's own part made large: reading one part once per mention turns hostile. */
export const amplifyOps: fc.Arbitrary<PackageOp[]> = fc
  .tuple(fc.nat(), fc.array(repeatOp, { minLength: 1, maxLength: 2 }), fc.nat(), wrapOp)
  .map(([part, repeats, main, wrap]) => [
    { op: 'part', part, edits: repeats, within: 'structure' },
    { op: 'part', part: main, edits: [wrap], within: 'main' },
  ]);

/** Nesting alone, in the part with the document's text. */
export const nestingOps: fc.Arbitrary<PackageOp[]> = fc
  .tuple(fc.nat(), fc.array(wrapOp, { minLength: 1, maxLength: 2 }))
  .map(([part, edits]) => [{ op: 'part', part, edits, within: 'main' }]);

function nthMatch(s: string, re: RegExp, index: number): RegExpExecArray | null {
  const all = [...s.matchAll(re)];
  return all.length ? (all[index % all.length] as RegExpExecArray) : null;
}

function applyPartOp(s: string, o: PartOp, part: string): string {
  const at = 'at' in o ? o.at % (s.length + 1) : 0;
  /** The start of a tag at or after `at` (or `at` when there is none). */
  const tagStart = () => {
    const i = s.indexOf('<', at);
    return i < 0 ? at : i;
  };
  switch (o.op) {
    case 'truncate':
      return s.slice(0, at);
    case 'chars':
      return s.slice(0, at) + o.text + s.slice(at + o.text.length);
    case 'nest': {
      const i = tagStart();
      const open = `<${o.tag}>`.repeat(o.depth);
      const close = o.closed ? `</${o.tag}>`.repeat(o.depth) : '';
      return s.slice(0, i) + open + close + s.slice(i);
    }
    case 'wrap': {
      const word = part.startsWith('word/');
      const wrappers = word ? WORD_WRAPPERS : SHEET_WRAPPERS;
      const contents = word ? WORD_CONTENTS : SHEET_CONTENTS;
      const [open, close] = wrappers[o.wrapper % wrappers.length]!;
      const i = tagStart();
      return s.slice(0, i) + open.repeat(o.depth) + contents[o.content % contents.length]!.repeat(o.count) + close.repeat(o.depth) + s.slice(i);
    }
    case 'repeat': {
      const m = nthMatch(s, /<[A-Za-z][^<>]*\/>/g, o.index);
      if (!m) return s;
      // At most 8 MB of repeats: a file, not a memory test of the fuzzer.
      const times = Math.max(1, Math.min(o.times, Math.floor(8_000_000 / m[0].length)));
      return s.slice(0, m.index) + m[0].repeat(times) + s.slice(m.index + m[0].length);
    }
    case 'attribute': {
      const m = nthMatch(s, /<[A-Za-z][^\s/>]*/g, o.at);
      if (!m) return s;
      const end = m.index + m[0].length;
      const value = utf8Latin1(o.char.repeat(Math.ceil(o.length / o.char.length)));
      return `${s.slice(0, end)} ${o.name}="${value}"${s.slice(end)}`;
    }
    case 'markup': {
      const i = tagStart();
      return s.slice(0, i) + utf8Latin1(o.text) + s.slice(i);
    }
    case 'bytes':
      return s.slice(0, at) + String.fromCharCode(...o.bytes) + s.slice(at);
    case 'value': {
      const m = nthMatch(s, /="([^"]*)"/g, o.index);
      if (!m) return s;
      return `${s.slice(0, m.index)}="${utf8Latin1(o.value)}"${s.slice(m.index + m[0].length)}`;
    }
    case 'text': {
      const m = nthMatch(s, />([^<]+)</g, o.index);
      if (!m) return s;
      return `${s.slice(0, m.index)}>${utf8Latin1(o.value)}<${s.slice(m.index + m[0].length)}`;
    }
    case 'dropTag': {
      const m = nthMatch(s, /<\/?[A-Za-z][^>]*>/g, o.index);
      if (!m) return s;
      return s.slice(0, m.index) + s.slice(m.index + m[0].length);
    }
  }
}

/** Rewrites one header field of the `record`-th ZIP record. */
function patchHeader(zip: Uint8Array, o: Extract<PackageOp, { op: 'header' }>): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const records: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) {
    if (zip[i] === 0x50 && zip[i + 1] === 0x4b && HEADER_FIELDS[view.getUint32(i, true)]) records.push(i);
  }
  if (records.length === 0) return zip;
  const at = records[o.record % records.length]!;
  const fields = HEADER_FIELDS[view.getUint32(at, true)]!;
  const [offset, width] = fields[o.field % fields.length]!;
  if (at + offset + width > zip.length) return zip;
  const out = zip.slice();
  const w = new DataView(out.buffer);
  if (width === 2) w.setUint16(at + offset, o.value & 0xffff, true);
  else w.setUint32(at + offset, o.value >>> 0, true);
  return out;
}

const MAIN_PART = /^(word\/document\.xml|xl\/worksheets\/sheet1\.xml)$/;
const STRUCTURE_PART = /(^|\/)(workbook\.xml|\[Content_Types\]\.xml|[^/]+\.rels)$/;

/** Applies package mutations to a ZIP; a package fflate cannot read is returned unchanged by part edits. */
export function applyPackageOps(zip: Uint8Array, ops: readonly PackageOp[]): Uint8Array {
  let bytes = zip;
  /**
   * Parts mutated so far are stored, not deflated: one may be megabytes of repeated markup, which the
   * importer's compression-ratio check would refuse before any parser saw it.
   */
  const stored = new Set<string>();
  for (const o of ops) {
    if (o.op === 'header') {
      bytes = patchHeader(bytes, o);
      continue;
    }
    let files: Record<string, Uint8Array>;
    try {
      files = unzipSync(bytes);
    } catch {
      continue;
    }
    const names = Object.keys(files).sort();
    if (names.length === 0) continue;
    const xml = names.filter((n) => /\.(xml|rels)$/i.test(n));
    const pick = (i: number, from: string[]) => from[i % from.length]!;
    const next: Zippable = { ...files };
    switch (o.op) {
      case 'part': {
        const narrowed = o.within === undefined ? [] : xml.filter((n) => (o.within === 'main' ? MAIN_PART : STRUCTURE_PART).test(n));
        const name = pick(o.part, narrowed.length ? narrowed : xml.length ? xml : names);
        let s = Buffer.from(files[name]!).toString('latin1');
        for (const e of o.edits) s = applyPartOp(s, e, name);
        next[name] = new Uint8Array(Buffer.from(s, 'latin1'));
        stored.add(name);
        break;
      }
      case 'drop':
        delete next[pick(o.part, names)];
        break;
      case 'rename': {
        const name = pick(o.part, names);
        delete next[name];
        next[o.name] = files[name]!;
        break;
      }
      case 'copy':
        next[o.name] = files[pick(o.part, xml.length ? xml : names)]!;
        break;
    }
    for (const name of stored) if (name in next) next[name] = [next[name] as Uint8Array, { level: 0 }];
    bytes = zipSync(next, { level: 1 });
  }
  return bytes;
}
