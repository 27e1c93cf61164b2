import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { checkImport, fileReproducer, mutated, randomWithMagic, type FileCase } from './cases';
import { fuzz, runs, timeout } from './fuzz';
import { applyByteOps, byteOps } from './mutate-bytes';
import { amplifyOps, applyPackageOps, nestingOps, packageOps } from './mutate-zip';
import { Sandbox } from './sandbox';
import { docxSeeds, xlsxSeeds } from './seeds';

/*
 * DOCX and XLSX: bytes mutated blindly (truncation, bit flips, insertions,
 * deletions, duplicated chunks), packages mutated part by part as XML, ZIP
 * headers rewritten, and random bytes behind the ZIP magic number.
 */

const sandbox = new Sandbox();
afterAll(() => sandbox.close());

const check = (c: FileCase) => checkImport(sandbox, c);
const options = (n: number) => ({ runs: runs(n), reproducer: fileReproducer });
const docx = docxSeeds();
const xlsx = xlsxSeeds();
/** Under each other's names too: the dispatcher trusts the magic number and the extension, not the contents. */
const renamed = [...docx.map((s) => ({ ...s, name: s.name.replace(/\.docx$/, '.xlsx') })), ...xlsx.map((s) => ({ ...s, name: s.name.replace(/\.xlsx$/, '') }))];

describe('fuzz: Office importers (DOCX, XLSX)', () => {
  it('docx-bytes: DOCX with mutated bytes', { timeout: timeout(40_000) }, () =>
    fuzz('docx-bytes', mutated(docx, byteOps(), applyByteOps), check, options(120)));

  it('xlsx-bytes: XLSX with mutated bytes', { timeout: timeout(40_000) }, () =>
    fuzz('xlsx-bytes', mutated(xlsx, byteOps(), applyByteOps), check, options(120)));

  it('docx-parts: DOCX packages with mutated XML parts and ZIP headers', { timeout: timeout(60_000) }, () =>
    fuzz('docx-parts', mutated(docx, packageOps, applyPackageOps), check, options(150)));

  it('xlsx-parts: XLSX packages with mutated XML parts and ZIP headers', { timeout: timeout(60_000) }, () =>
    fuzz('xlsx-parts', mutated(xlsx, packageOps, applyPackageOps), check, options(150)));

  it('office-nesting: thousands of nested places, branches and rows around thousands of items', { timeout: timeout(60_000) }, () =>
    fuzz('office-nesting', mutated([...docx, ...xlsx], nestingOps, applyPackageOps), check, options(30)));

  it('office-amplify: elements repeated thousands of times beside a large part', { timeout: timeout(60_000) }, () =>
    fuzz('office-amplify', mutated([...docx, ...xlsx], amplifyOps, applyPackageOps), check, options(30)));

  it('office-renamed: packages under the other format\'s name, mutated', { timeout: timeout(30_000) }, () =>
    fuzz('office-renamed', mutated(renamed, packageOps, applyPackageOps), check, options(60)));

  it('zip-magic: random bytes behind the ZIP and OLE2 magic numbers', { timeout: timeout(20_000) }, () =>
    fuzz(
      'zip-magic',
      fc.oneof(randomWithMagic('zip', ['r.docx', 'r.xlsx', 'r.xlsm', 'r', 'r.zip']), randomWithMagic('ole2', ['r.doc', 'r.docx', 'r.xlsx'])),
      check,
      options(80),
    ));
});
