import type { FindingType } from '../finding';
import type { Candidate } from '../detector';
import { escapeRegExp, matchAll } from '../detector';

/**
 * Trade secrets and similar are mostly "a keyword, then a figure": 标底价为
 * 1,234.56万元. A rule names the keywords, how far the figure may follow, and
 * the score; the finding spans keyword to figure so the reviewer sees both.
 */
export interface KeywordFigureRule {
  type: FindingType;
  pattern: string;
  keywords: readonly string[];
  /** What must follow within `window` characters; null: the keyword alone. */
  figure: RegExp | null;
  window: number;
  score: number;
  /** Words that, just before the keyword, mean the figure is public by law (e.g. 中标). */
  publicPrefixes?: readonly string[];
}

/** Amounts and percentages: 1,234.56万元, 12%, 三百万元, 0.35. */
export const AMOUNT = /(?:\d[\d,，]*(?:\.\d+)?|[零一二三四五六七八九十百千万亿]+)\s*(?:万元|亿元|元|万|亿|%|％|‰|美元)/g;

/** Any number with units or decimals, for process parameters (℃, MPa, kg, 比例). */
export const PARAMETER = /\d+(?:\.\d+)?(?:\s*[±～~—-]\s*\d+(?:\.\d+)?)?\s*(?:℃|°C|MPa|kPa|Pa|g\/L|mg\/L|mol\/L|kg|mg|g|t|吨|升|L|ml|mL|%|％|:|：\d|份|小时|分钟|rpm|转)/g;

export function keywordFigureCandidates(text: string, rules: readonly KeywordFigureRule[]): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of rules) {
    const re = new RegExp(rule.keywords.map(escapeRegExp).join('|'), 'g');
    for (const m of matchAll(re, text)) {
      const before = text.slice(Math.max(0, m.index - 3), m.index);
      if (rule.publicPrefixes?.some((p) => before.endsWith(p))) continue;
      const keyEnd = m.index + m[0].length;
      if (rule.figure === null) {
        out.push({ start: m.index, end: keyEnd, score: rule.score, pattern: rule.pattern, type: rule.type, evidence: [`关键词 ${m[0]}`] });
        continue;
      }
      const tail = text.slice(keyEnd, keyEnd + rule.window);
      const stop = tail.search(/[。；;\n]/);
      const scope = stop >= 0 ? tail.slice(0, stop) : tail;
      rule.figure.lastIndex = 0;
      const fig = rule.figure.exec(scope);
      if (!fig) continue;
      // A run of figures (由17.3%提高到22.6%; 18%、乙二醇22%、…) belongs to the same fact.
      let figEnd = fig.index + fig[0].length;
      for (let next = rule.figure.exec(scope); next && next.index - figEnd <= 12; next = rule.figure.exec(scope)) {
        figEnd = next.index + next[0].length;
      }
      out.push({
        start: m.index,
        end: keyEnd + figEnd,
        score: rule.score,
        pattern: rule.pattern,
        type: rule.type,
        evidence: [`关键词 ${m[0]}`, `数值 ${fig[0]}`],
      });
    }
  }
  return out;
}
