import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { checkImport, fileReproducer, mutated, randomWithMagic, type FileCase } from './cases';
import { fuzz, runs, timeout } from './fuzz';
import { applyByteOps, byteOps } from './mutate-bytes';
import { applyPdfOps, pdfOps } from './mutate-pdf';
import { Sandbox } from './sandbox';
import { HAVE_QPDF, pdfSeeds } from './seeds';
import { hostileText } from './unicode';

/*
 * PDF: the importer runs pdf.js in its own parser thread under a time and
 * memory budget; whatever the file, the import must end within that budget
 * with a well-formed extract (glyph boxes included) or an AppError. Seeds:
 * the notice fixture (annotations, form field, attachment, metadata), a PDF
 * carrying a DOCX and a CSV, and with qpdf its compressed (object streams)
 * and encrypted (AES-256, RC4) forms, opened with their passwords.
 */

if (!HAVE_QPDF) process.stdout.write('PDF fuzzing without compressed and encrypted seeds: qpdf is not installed\n');

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const seeds = pdfSeeds();
const check = (c: FileCase) => checkImport(sandbox, c);
const options = (n: number) => ({ runs: runs(n), reproducer: fileReproducer });
/** Bytes before this offset (`%PDF-1.`) stay, so pdf.js is always the one to read the file. */
const HEADER = 7;

describe('fuzz: PDF importer', () => {
  it('pdf-bytes: PDFs with mutated bytes (header kept)', { timeout: timeout(60_000) }, () =>
    fuzz('pdf-bytes', mutated(seeds, byteOps(), (b, ops) => applyByteOps(b, ops, HEADER)), check, options(20)));

  it('pdf-structure: PDFs with mutated objects, streams, xref and tokens', { timeout: timeout(60_000) }, () =>
    fuzz('pdf-structure', mutated(seeds, pdfOps, applyPdfOps), check, options(25)));

  it('pdf-magic: random bytes behind the PDF header', { timeout: timeout(30_000) }, () =>
    fuzz('pdf-magic', randomWithMagic('pdf', ['r.pdf', 'r']), check, options(6)));

  it('pdf-password: encrypted and plain PDFs opened with random passwords', { timeout: timeout(30_000) }, () =>
    fuzz(
      'pdf-password',
      fc.tuple(fc.constantFrom(...seeds), fc.option(hostileText(3), { nil: undefined })).map(([seed, password]) => ({ ...seed, password, label: `${seed.name} password ${JSON.stringify(password)}` })),
      check,
      options(8),
    ));
});
