import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWarning } from '../../shared/document/warning-labels';

const IMPORTERS = join(import.meta.dirname, '..', '..', 'electron', 'node', 'importers');

/** Every warning code the importers can emit, read from their sources (`warnings.push('code…`, `.add('code…`, `note('code'`). */
function emittedCodes(): string[] {
  const codes = new Set<string>();
  for (const file of readdirSync(IMPORTERS).filter((f) => f.endsWith('.ts'))) {
    const src = readFileSync(join(IMPORTERS, file), 'utf8');
    for (const m of src.matchAll(/(?:warnings\.(?:push|add)|note|warning)\(\s*[`'"]([a-z][a-z0-9_]+)/g)) codes.add(m[1]!);
    for (const m of src.matchAll(/\[\s*'(encoding_uncertain)'/g)) codes.add(m[1]!);
  }
  return [...codes];
}

describe('import warnings in words', () => {
  it('has a Chinese and an English sentence for every code the importers emit', () => {
    const codes = emittedCodes();
    expect(codes).toEqual(expect.arrayContaining(['needs_ocr', 'embedded_file_not_read', 'xlsx_sheet_skipped', 'encoding_uncertain', 'html_nesting_limit']));
    for (const code of codes) {
      const w = describeWarning(`${code}:x`);
      expect(w.zh, code).not.toMatch(/^导入提示/);
      expect(w.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(w.en, code).toMatch(/[a-z]/);
    }
  });

  it('puts the detail into the sentence and flags what was not read', () => {
    expect(describeWarning('needs_ocr:2-4,7')).toMatchObject({ code: 'needs_ocr', attention: true, zh: expect.stringContaining('第 2-4,7 页没有文字层') });
    expect(describeWarning('embedded_files:a.txt|b.docx').zh).toBe('PDF 内嵌附件：a.txt、b.docx');
    expect(describeWarning('pdf_offpage_text:3').attention).toBe(false);
    expect(describeWarning('html_unterminated_script')).toMatchObject({ zh: 'HTML 的 <script> 元素未闭合', attention: false });
    // An unknown code is shown as is, and as needing attention.
    expect(describeWarning('something_new:1')).toMatchObject({ attention: true, zh: '导入提示：something_new:1' });
  });
});
