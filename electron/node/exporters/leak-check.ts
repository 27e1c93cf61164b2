import { AppError } from '../../../shared/errors';
import { normalizeWithMap } from '../../../shared/rules/normalize';

export interface LeakCheckReport {
  /** What was read, e.g. `word/document.xml`, `文本`. */
  checked: string[];
}

/**
 * Forms a value may take once formatting is stripped: normalised (case,
 * full-width, spaces and hyphens folded away), and its digits alone, which
 * catches `138 1234 5678` or `１３８-1234-5678` left for `13812345678`.
 */
function needles(value: string): string[] {
  const out = new Set<string>();
  const norm = normalizeWithMap(value).text;
  if (norm.length >= 2) out.add(norm);
  const digits = value.replace(/\D/g, '');
  if (digits.length >= 6) out.add(digits);
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
    const norm = normalizeWithMap(text).text;
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
