import fc from 'fast-check';
import { applyByteOps, byteOps, type ByteOp } from './mutate-bytes';

/**
 * Structure-aware mutations of a PDF, on its bytes as a latin1 string (one
 * character per byte) and never before the end of the header line, so that
 * pdf.js always gets the file: tokens and numbers replaced by hostile ones,
 * objects dropped, duplicated or cut, stream data mutated (the content
 * streams of the fixtures are uncompressed operators), the xref table and
 * startxref corrupted, hostile snippets inserted.
 */

export type PdfOp =
  | { op: 'token'; index: number; token: string }
  | { op: 'number'; index: number; value: string }
  | { op: 'object'; index: number; action: 'drop' | 'duplicate' | 'cut'; at: number }
  | { op: 'stream'; index: number; ops: ByteOp[] }
  | { op: 'xref'; action: 'drop' | 'shift' | 'garble'; at: number }
  | { op: 'startxref'; value: string }
  | { op: 'insert'; at: number; text: string };

const TOKENS = [
  '[', ']', '<<', '>>', '(', ')', '<', '>', 'R', 'obj', 'endobj', 'stream', 'endstream', 'null', 'true', 'false', '0 0 R', '1 0 R', '2 0 R', '3 0 R', '99999 0 R',
  '/Type', '/Page', '/Pages', '/Kids', '/Count', '/Parent', '/Contents', '/Resources', '/Font', '/MediaBox', '/CropBox', '/Rotate', '/Annots', '/Length',
  '/Filter', '/FlateDecode', '/LZWDecode', '/ASCIIHexDecode', '/ASCII85Decode', '/RunLengthDecode', '/DCTDecode', '/JBIG2Decode', '/Crypt', '/DecodeParms',
  '/Encoding', '/ToUnicode', '/DescendantFonts', '/W', '/DW', '/Widths', '/FirstChar', '/FontMatrix', '/Identity-H', '/UniGB-UCS2-V', '/Type3', '/CharProcs',
  '/EmbeddedFiles', '/Names', '/EF', '/AcroForm', '/Fields', '/Metadata', '/Encrypt', '/XRefStm', '/Prev', '/ObjStm', '/N', '/First',
  'BT', 'ET', 'Tf', 'Tj', 'TJ', "'", '"', 'Tm', 'Td', 'TD', 'T*', 'Tc', 'Tw', 'Tz', 'TL', 'Ts', 'Tr', 'cm', 'q', 'Q', 'Do', 'BI', 'ID', 'EI', 'sh', 'gs', 'BDC', 'EMC', 'd0', 'd1',
  '<FEFF>', '<FEFFD800>', '<00>', '()', '(\\)', '(\\377\\376)', '/F1', '/F2', '/F3', '/F99', '%', '%%EOF',
];

const NUMBERS = ['0', '-0', '1', '-1', '2', '3', '255', '65535', '2147483647', '2147483648', '4294967296', '99999999999999999999', '1e308', '1e-320', '-1e38', '0.0000001', '.5', '-.', '1.2.3', '3.4028235e38', 'NaN'];

/** Snippets that stress the parser and the glyph replay: deep nesting, page-tree cycles, huge sizes, odd filters and predictors. */
const SNIPPETS = [
  '<<'.repeat(2000), '['.repeat(50_000), '('.repeat(10_000), `(${'\\('.repeat(5000)})`, 'q '.repeat(30_000), 'BT '.repeat(5000),
  ' /Kids [2 0 R 2 0 R 2 0 R] /Count 5000 ', ' /Parent 3 0 R ', ' /Annots [1 0 R 1 0 R] ', ' /Rotate 45 ', ' /MediaBox [0 0 0 0] ', ' /MediaBox [1e38 1e38 -1e38 -1e38] ',
  '\nBT /F2 1e30 Tf 1 0 0 1 1e38 1e38 Tm <4E2D> Tj ET\n', '\nBT /F99 12 Tf (x) Tj ET\n', '\nBT /F1 0 Tf 0 0 0 0 0 0 Tm (zero) Tj ET\n', '\nBT /F3 12 Tf [(a) -1e9 (b)] TJ ET\n',
  '\nBT /F2 12 Tf 1 0 0 1 -9999 -9999 Tm <65E07FA5> Tj ET\n', '\n0 0 0 0 0 0 cm BT /F1 12 Tf (x) Tj ET\n', '\nBT /F1 12 Tf 3 Tr (invisible) Tj ET\n',
  ' /Filter [/FlateDecode /FlateDecode /FlateDecode] ', ' /DecodeParms << /Predictor 15 /Columns 99999999 /Colors 60 >> ', ' /Filter /LZWDecode /DecodeParms << /EarlyChange 0 >> ',
  ' /Length 99999999 ', ' /Length -5 ', ' /Length 3 0 R ', ' /Encrypt << /Filter /Standard /V 5 /R 6 /O <00> /U <00> /P -1 >> ', ' /Prev 0 ', ' /XRefStm 1 ',
  '\n9 0 obj\n<< /Type /ObjStm /N 999999 /First 0 /Length 0 >>\nstream\n\nendstream\nendobj\n', '\ntrailer\n<< /Root 9999 0 R >>\n', '\nxref\n0 999999999\n',
  ' /Names << /EmbeddedFiles << /Kids [1 0 R] >> >> ', ' /AcroForm << /Fields [1 0 R 1 0 R] /XFA (x) >> ', ' /Info << /Author <FEFF00> /Title (\\0) >> ',
];

const position = fc.nat({ max: 0x7fffffff });

export const pdfOp: fc.Arbitrary<PdfOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('token' as const), index: fc.nat(), token: fc.constantFrom(...TOKENS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('number' as const), index: fc.nat(), value: fc.constantFrom(...NUMBERS) }) },
  fc.record({ op: fc.constant('object' as const), index: fc.nat(), action: fc.constantFrom('drop' as const, 'duplicate' as const, 'cut' as const), at: position }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('stream' as const), index: fc.nat(), ops: byteOps(3) }) },
  fc.record({ op: fc.constant('xref' as const), action: fc.constantFrom('drop' as const, 'shift' as const, 'garble' as const), at: position }),
  fc.record({ op: fc.constant('startxref' as const), value: fc.constantFrom('0', '-1', '9', '99999999999', '', 'x') }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: position, text: fc.constantFrom(...SNIPPETS) }) },
);

export const pdfOps = fc.array(pdfOp, { minLength: 1, maxLength: 4 });

function nth(s: string, re: RegExp, index: number, from: number): RegExpExecArray | null {
  re.lastIndex = from;
  const all: RegExpExecArray[] = [];
  for (let m = re.exec(s); m; m = re.exec(s)) {
    all.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return all.length ? all[index % all.length]! : null;
}

const replace = (s: string, at: number, length: number, text: string) => s.slice(0, at) + text + s.slice(at + length);

function applyPdfOp(s: string, o: PdfOp, body: number): string {
  switch (o.op) {
    case 'token': {
      const m = nth(s, /\/[A-Za-z0-9#.+-]+|<<|>>|[[\]()]|\b(?:R|obj|endobj|stream|endstream|null|true|false|BT|ET|Tf|Tj|TJ|Tm|Td|cm|q|Q|Do)\b/g, o.index, body);
      return m ? replace(s, m.index, m[0].length, o.token) : s;
    }
    case 'number': {
      const m = nth(s, /-?\d+(?:\.\d+)?/g, o.index, body);
      return m ? replace(s, m.index, m[0].length, o.value) : s;
    }
    case 'object': {
      const m = nth(s, /\d+ \d+ obj[\s\S]*?endobj\s*/g, o.index, body);
      if (!m) return s;
      if (o.action === 'drop') return replace(s, m.index, m[0].length, '');
      if (o.action === 'duplicate') return replace(s, m.index, 0, m[0]);
      return replace(s, m.index + (o.at % m[0].length), m[0].length - (o.at % m[0].length), '');
    }
    case 'stream': {
      const m = nth(s, /stream\r?\n([\s\S]*?)endstream/g, o.index, body);
      if (!m) return s;
      const start = m.index + m[0].indexOf(m[1]!);
      const data = new Uint8Array(Buffer.from(m[1]!, 'latin1'));
      return replace(s, start, m[1]!.length, Buffer.from(applyByteOps(data, o.ops)).toString('latin1'));
    }
    case 'xref': {
      const i = s.lastIndexOf('xref\n');
      const t = s.indexOf('trailer', i);
      if (i < body || t < 0) return s;
      if (o.action === 'drop') return replace(s, i, t - i, '');
      if (o.action === 'shift') return s.slice(0, i) + s.slice(i, t).replace(/\d{10}/g, (d) => String(Number(d) + 1 + (o.at % 7)).padStart(10, '0')) + s.slice(t);
      const table = s.slice(i, t);
      const at = o.at % Math.max(1, table.length);
      return s.slice(0, i) + replace(table, at, 1, String.fromCharCode(0x20 + (o.at % 95))) + s.slice(t);
    }
    case 'startxref': {
      const m = /startxref\s+(\d+)/.exec(s.slice(body));
      return m ? replace(s, body + m.index, m[0].length, `startxref\n${o.value}`) : s;
    }
    case 'insert': {
      const at = body + (o.at % (s.length - body + 1));
      return replace(s, at, 0, o.text);
    }
  }
}

/** Applies PDF mutations; the header line stays as it is. */
export function applyPdfOps(pdf: Uint8Array, ops: readonly PdfOp[]): Uint8Array {
  let s = Buffer.from(pdf).toString('latin1');
  const body = Math.max(8, s.indexOf('\n') + 1);
  for (const o of ops) s = applyPdfOp(s, o, body);
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
