import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { importDocument } from '../../electron/node/importers';
import { decodeText } from '../../electron/node/text/encoding';
import { HAVE_CORPORA, corpusFiles } from './corpora';

const EXPECTED_ENCODING: Record<string, string[]> = {
  GB2312: ['gb18030'],
  Big5: ['big5'],
  'UTF-16': ['utf-16le', 'utf-16be'],
  'UTF-16LE': ['utf-16le'],
  'UTF-16BE': ['utf-16be'],
  'UTF-32': ['utf-32le', 'utf-32be'],
  'utf-8': ['utf-8'],
  'utf-8-sig': ['utf-8'],
};

describe.skipIf(!HAVE_CORPORA)('external: encodings', () => {
  for (const [folder, expected] of Object.entries(EXPECTED_ENCODING)) {
    it(`detects ${folder} files without replacement characters`, () => {
      const files = corpusFiles(`encodings/${folder}`);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        const decoded = decodeText(readFileSync(file));
        expect(expected, basename(file)).toContain(decoded.encoding);
        expect(decoded.text.includes('\uFFFD'), basename(file)).toBe(false);
      }
    });
  }
});

/** Every Office file either imports or fails with a clear AppError: no crash, no hang. */
describe.skipIf(!HAVE_CORPORA)('external: Office and mammoth files', () => {
  const files = [
    ...corpusFiles('office/docx'),
    ...corpusFiles('office/xlsx'),
    ...corpusFiles('mammoth', (n) => /\.(docx|zip)$/.test(n)),
  ];

  it('imports or refuses each file clearly', () => {
    expect(files.length).toBeGreaterThan(20);
    let imported = 0;
    for (const file of files) {
      const started = performance.now();
      try {
        const doc = importDocument(basename(file), readFileSync(file));
        expect(typeof doc.text).toBe('string');
        imported++;
      } catch (err) {
        expect(err, basename(file)).toBeInstanceOf(AppError);
        expect((err as AppError).messageZh.length).toBeGreaterThan(4);
      }
      expect(performance.now() - started, basename(file)).toBeLessThan(30_000); // a hang guard, not a speed target (see the benchmark)
    }
    expect(imported).toBeGreaterThan(10);
  });
});
