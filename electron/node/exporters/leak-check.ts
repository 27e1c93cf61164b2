import { AppError } from '../../../shared/errors';
import { normalizeWithMap } from '../../../shared/rules/normalize';

export interface LeakCheckReport {
  /** What was read, e.g. `word/document.xml`, `文本`. */
  checked: string[];
}

/** Where texts are cut before searching: tabs between cells, and line breaks. */
const LINE_BREAKS = /[\t\n\r\f\v\u2028\u2029]+/;

/**
 * Forms a value may take once formatting is stripped: normalised (case,
 * full-width, spaces and hyphens folded away), and its digits alone, which
 * catches `138 1234 5678` or `１３８-1234-5678` left for `13812345678`.
 */
function needles(value: string): string[] {
  const out = new Set<string>();
  // Each line of a value that spans lines, as the texts are searched line by line.
  for (const piece of value.split(LINE_BREAKS)) {
    const norm = normalizeWithMap(piece).text;
    if (norm.length >= 2) out.add(norm);
    const digits = piece.replace(/\D/g, '');
    if (digits.length >= 6) out.add(digits);
  }
  return [...out];
}

/**
 * Refuses an export when any redacted value still appears in any of the
 * texts read back from the written bytes. `haystacks` maps a place name to
 * its text.
 */
export function assertNoLeak(values: readonly string[], haystacks: ReadonlyMap<string, string>): LeakCheckReport {
  const forms = values.flatMap(needles);
  for (const [place, text] of haystacks) {
    // Line by line and cell by cell: normalising drops spaces and punctuation between characters, but
    // joining the digits of neighbouring table cells or lines would make numbers no one wrote.
    const norm = text
      .split(LINE_BREAKS)
      .map((piece) => normalizeWithMap(piece).text)
      .join('\n');
    for (const needle of forms) {
      if (norm.includes(needle)) {
        throw new AppError(
          'refused',
          `泄密检查未通过：导出文件的“${place}”中仍含有已脱敏的内容，已拒绝写出`,
          `leak check failed: "${place}" of the export still contains redacted content; nothing was written`,
        );
      }
    }
  }
  return { checked: [...haystacks.keys()] };
}
