import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { CORPORA, HAVE_CORPORA, corpusFiles } from '../external/corpora';
import { checkImport, fileReproducer, mutated } from './cases';
import { fuzz, runs, timeout } from './fuzz';
import { applyByteOps, byteOps } from './mutate-bytes';
import { applyPdfOps, pdfOps } from './mutate-pdf';
import { applyPackageOps, packageOps } from './mutate-zip';
import { Sandbox } from './sandbox';
import type { Seed } from './seeds';

/*
 * Mutations of the external corpora (../shared/corpora: hostile PDFs from
 * pdf.js's tests, Office files from POI, Tika and python-docx including
 * clusterfuzz cases, mammoth's fixtures, text in legacy Chinese encodings).
 * Read in place, never copied; skipped with a message when absent, as the
 * external suite is. Small files only, so a case stays quick; the PDF
 * resource bomb is left to the external suite, which runs it with limits.
 */

const MAX_SEED_BYTES = 100 * 1024;
const small = (files: string[]) => files.filter((f) => statSync(f).size <= MAX_SEED_BYTES);
const seedsOf = (files: string[], rename: (name: string) => string = (n) => n): Seed[] =>
  small(files).map((f) => ({ name: rename(basename(f)), bytes: new Uint8Array(readFileSync(f)) }));

function encodingFiles(): string[] {
  const dir = join(CORPORA, 'encodings');
  const out: string[] = [];
  for (const sub of HAVE_CORPORA ? readdirSync(dir) : []) {
    if (statSync(join(dir, sub)).isDirectory()) out.push(...corpusFiles(join('encodings', sub)));
  }
  return out;
}

const office = HAVE_CORPORA
  ? [
      ...seedsOf(corpusFiles('office/docx', (n) => /\.(docx|docm|dotx)$/.test(n)), (n) => n.replace(/\.dotx$/, '.docx')),
      ...seedsOf(corpusFiles('office/xlsx', (n) => /\.xls[xm]$/.test(n))),
      ...seedsOf(corpusFiles('mammoth', (n) => n.endsWith('.docx'))),
    ]
  : [];
const pdfs = HAVE_CORPORA
  ? seedsOf(['pdf/baseline', 'pdf/malformed', 'pdf/encrypted', 'office/pdf'].flatMap((d) => corpusFiles(d, (n) => n.endsWith('.pdf') && n !== 'bomb_giant.pdf')))
  : [];
// Feeds and pages saved as .xml are text to the importer; pages keep .html.
const texts = HAVE_CORPORA ? seedsOf(encodingFiles(), (n) => (/\.html?$/.test(n) ? n : `${n}.txt`)) : [];

const sandbox = new Sandbox();
afterAll(() => sandbox.close());
const check = (c: Parameters<typeof checkImport>[1]) => checkImport(sandbox, c);
const options = (n: number) => ({ runs: runs(n), reproducer: fileReproducer });

describe.skipIf(!HAVE_CORPORA)('fuzz: external corpora, mutated', () => {
  it('corpus-office: DOCX and XLSX from POI, Tika, python-docx and mammoth, parts mutated', { timeout: timeout(60_000) }, () =>
    fuzz('corpus-office', mutated(office, packageOps, applyPackageOps), check, options(60)));

  it('corpus-office-bytes: the same, bytes mutated', { timeout: timeout(30_000) }, () =>
    fuzz('corpus-office-bytes', mutated(office, byteOps(), applyByteOps), check, options(40)));

  it('corpus-pdf: pdf.js test PDFs (malformed, encrypted, baseline) and Tika PDFs, mutated', { timeout: timeout(60_000) }, () =>
    fuzz('corpus-pdf', mutated(pdfs, pdfOps, applyPdfOps), check, options(12)));

  it('corpus-text: text in Big5, GB2312, EUC-TW, UTF-16/32, mutated', { timeout: timeout(30_000) }, () =>
    fuzz('corpus-text', mutated(texts, byteOps(), applyByteOps), check, options(60)));
});
