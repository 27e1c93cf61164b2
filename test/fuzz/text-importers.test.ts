import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, it } from 'vitest';
import { checkImport, fileReproducer, mutated, randomWithMagic, type FileCase } from './cases';
import { fuzz, runs, timeout } from './fuzz';
import { applyByteOps, byteOps } from './mutate-bytes';
import { Sandbox } from './sandbox';
import { csvSeeds, htmlSeeds, proseTexts, textSeeds } from './seeds';
import { hostileText } from './unicode';

/*
 * TXT/MD/LOG, CSV/TSV and HTML: mutated real files and random Unicode text
 * in every encoding the decoder recognises. Each import returns a
 * well-formed document or an AppError, within the hang ceiling (oracle.ts).
 */

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const prose = proseTexts();

/** Text as bytes the way files arrive: UTF-8 with or without BOM, UTF-16 either way, GB18030, or UTF-8 bytes cut anywhere. */
const ENCODINGS = ['utf8', 'utf8-bom', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'gb18030'] as const;
function encode(text: string, encoding: (typeof ENCODINGS)[number]): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return new Uint8Array(Buffer.from(text, 'utf8'));
    case 'utf8-bom':
      return new Uint8Array(iconv.encode(text, 'utf8', { addBOM: true }));
    case 'utf16le-bom':
      return new Uint8Array(iconv.encode(text, 'utf16le', { addBOM: true }));
    case 'utf16be-bom':
      return new Uint8Array(iconv.encode(text, 'utf16be', { addBOM: true }));
    case 'utf16le':
      // Raw code units, lone surrogates kept: what a careless writer produces.
      return new Uint8Array(Buffer.from(text, 'utf16le'));
    case 'gb18030':
      return new Uint8Array(iconv.encode(text, 'gb18030'));
  }
}

const unicodeFile = (names: readonly string[], text: fc.Arbitrary<string>): fc.Arbitrary<FileCase> =>
  fc.tuple(fc.constantFrom(...names), text, fc.constantFrom(...ENCODINGS)).map(([name, t, encoding]) => ({
    name,
    bytes: encode(t, encoding),
    label: `${name} (${encoding}) ${JSON.stringify(t.slice(0, 200))}${t.length > 200 ? '…' : ''}`,
  }));

/** Markup pieces among the hostile text, so the tokenizer's every state is reached. */
const HTML_PIECES = [
  '<p>', '</p>', '<div>', '<td>', '<th>', '</td>', '<tr>', '<table>', '</table>', '<li>', '<br>', '<br/>', '</br>', '<pre>', '</pre>', '<textarea>',
  '<script>', '</script>', '<style>', '<template>', '</template>', '<noscript>', '<iframe>', '<title>', '<xmp>', '<plaintext>',
  '<!--', '-->', '<!-->', '<!--[if IE]>', '<![endif]-->', '<![CDATA[', ']]>', '<!DOCTYPE html [', ']>', '<?xml version="1.0" encoding="gbk"?>', '<meta charset="big5">',
  '<div hidden>', '<span style="display:none">', '<p style="font-size:0">', '<input type="hidden" value="', '<img alt="', '<a href="mailto:', '<a href="tel:', '<meta name="keywords" content="',
  '"', "'", '>', '<', '</', '&', '&nbsp', '&amp;', '&#', '&#x', '&#x110000;', '&#0;', '&#xD800;', '&copy2024', '&nbsp中', '=', '/>',
];
const htmlText = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...HTML_PIECES) }, { weight: 3, arbitrary: hostileText(4, prose) }), { maxLength: 60 })
  .map((p) => p.join(''));

const CSV_PIECES = [',', ';', '\t', '"', '""', '\r\n', '\n', '\r', 'sep=;\n', 'sep=\t\r\n', ',,,,', '"\n"', '\ufeff'];
const csvText = fc
  .array(fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...CSV_PIECES) }, { weight: 3, arbitrary: hostileText(3, prose) }), { maxLength: 80 })
  .map((p) => p.join(''));

/** A short unit of markup, quotes or text repeated to a large file: where a scan that restarts at every position turns quadratic. */
const repeated = fc
  .tuple(
    fc.constantFrom('a.html', 'a.csv', 'a.tsv', 'a.txt'),
    fc.array(fc.oneof(fc.constantFrom(...HTML_PIECES, ...CSV_PIECES), hostileText(1, prose).map((t) => t.slice(0, 6))), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: 100_000, max: 1_000_000 }),
  )
  .map(([name, pieces, size]): FileCase => {
    const unit = pieces.join('') || '<';
    const text = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
    return { name, bytes: new Uint8Array(Buffer.from(text, 'utf8')), label: `${name}: ${JSON.stringify(unit)} repeated to ${size} characters` };
  });

const check = (c: FileCase) => checkImport(sandbox, c);
const options = (n: number) => ({ runs: runs(n), reproducer: fileReproducer });

describe('fuzz: text importers (TXT, CSV, HTML)', () => {
  it('txt-mutated: mutated TXT/MD/LOG files in UTF-8, GBK, Big5, UTF-16 and UTF-32', { timeout: timeout(30_000) }, () =>
    fuzz('txt-mutated', mutated(textSeeds(), byteOps(), applyByteOps), check, options(150)));

  it('csv-mutated: mutated CSV/TSV files', { timeout: timeout(30_000) }, () =>
    fuzz('csv-mutated', mutated(csvSeeds(), byteOps(), applyByteOps), check, options(150)));

  it('html-mutated: mutated HTML pages in UTF-8 and GBK', { timeout: timeout(30_000) }, () =>
    fuzz('html-mutated', mutated(htmlSeeds(), byteOps(), applyByteOps), check, options(150)));

  it('text-unicode: random Unicode text as TXT, MD and LOG in every encoding', { timeout: timeout(30_000) }, () =>
    fuzz('text-unicode', unicodeFile(['a.txt', 'a.md', 'a.log', 'a.text'], hostileText(60, prose)), check, options(150)));

  it('csv-unicode: random Unicode text with quotes and delimiters as CSV and TSV', { timeout: timeout(30_000) }, () =>
    fuzz('csv-unicode', unicodeFile(['a.csv', 'a.tsv', 'a.CSV'], csvText), check, options(150)));

  it('html-unicode: random Unicode text with markup as HTML', { timeout: timeout(30_000) }, () =>
    fuzz('html-unicode', unicodeFile(['a.html', 'a.htm', 'a.xhtml', 'noext'], htmlText), check, options(150)));

  it('text-repeat: a unit of markup, quotes or text repeated to a file of up to a million characters', { timeout: timeout(60_000) }, () =>
    fuzz('text-repeat', repeated, check, options(12)));

  it('text-magic: random bytes behind BOMs and an HTML doctype', { timeout: timeout(30_000) }, () =>
    fuzz(
      'text-magic',
      fc.oneof(
        randomWithMagic('utf8bom', ['r.txt', 'r.csv']),
        randomWithMagic('utf16le', ['r.txt', 'r.tsv', 'r.html']),
        randomWithMagic('utf16be', ['r.txt', 'r.csv']),
        randomWithMagic('utf32le', ['r.txt']),
        randomWithMagic('html', ['r', 'r.html']),
        fc.uint8Array({ maxLength: 4096 }).map((bytes) => ({ name: 'r.txt', bytes, label: `${bytes.length} random bytes` })),
      ),
      check,
      options(100),
    ));
});
