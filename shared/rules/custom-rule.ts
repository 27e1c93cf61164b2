import type { CustomRule } from '../ipc/views';
import type { Candidate, Detector } from './detector';
import { matchAll } from './detector';
import { CATEGORIES, FINDING_TYPES, type FindingType } from './finding';

export type { CustomRule };

/** Longest pattern accepted: longer ones are unreadable for a reviewer and slow to check. */
export const MAX_PATTERN_LENGTH = 1000;

/** Why a rule is refused, in both languages (AppError and the tester's `refused`). */
export interface RuleProblem {
  zh: string;
  en: string;
}

const TYPES = new Set<string>(FINDING_TYPES);

/** The rule's regular expression: global, Unicode, and case-blind when asked. */
export function customRuleRegExp(rule: Pick<CustomRule, 'pattern' | 'flags'>): RegExp {
  return new RegExp(rule.pattern, `gu${rule.flags}`);
}

/**
 * What can be told about a rule without running it on a document: a known
 * finding type, scores in range, a pattern of sane length and valid syntax,
 * that matches something, and no `\b` beside a Chinese character. The IPC
 * contract checks the same shape; rule packs arrive without it. Backtracking
 * is checked by the caller (electron/node/rules/regex-safety.ts), which
 * needs a clock.
 */
export function customRuleProblem(rule: CustomRule): RuleProblem | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(rule.id)) return { zh: `规则编号只能由字母、数字、_ 和 - 组成：${rule.id}`, en: `invalid rule id: ${rule.id}` };
  if (!TYPES.has(rule.type)) return { zh: `未知的发现类型：${rule.type}`, en: `unknown finding type: ${rule.type}` };
  if (!(CATEGORIES as readonly string[]).includes(rule.category)) return { zh: `未知的类别：${rule.category}`, en: `unknown category: ${rule.category}` };
  if (!(rule.score >= 0 && rule.score <= 1 && rule.contextBoost >= 0 && rule.contextBoost <= 1)) {
    return { zh: '分值和上下文加分须在 0 到 1 之间', en: 'score and context boost must lie between 0 and 1' };
  }
  if (rule.flags !== '' && rule.flags !== 'i') return { zh: `不支持的标志：${rule.flags}`, en: `unsupported flags: ${rule.flags}` };
  if (rule.pattern.length === 0) return { zh: '正则表达式为空', en: 'the pattern is empty' };
  if (rule.pattern.length > MAX_PATTERN_LENGTH) {
    return { zh: `正则表达式超过 ${MAX_PATTERN_LENGTH} 个字符`, en: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  let re: RegExp;
  try {
    re = customRuleRegExp(rule);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { zh: `正则表达式语法错误：${why}`, en: `invalid regular expression: ${why}` };
  }
  // A pattern that matches nothing (`\d*`, `x?`, `^`) would match at every position of every document.
  if (re.test('')) return { zh: '该表达式可以匹配空字符串，会在文中每一处命中；请至少要求一个字符', en: 'the pattern matches the empty string' };
  if (asciiBoundaryBesideCjk(rule.pattern)) {
    return {
      zh: 'JavaScript 的 \\b 只认 ASCII 字母和数字，紧挨汉字的 \\b 永远不成立；请改用 (?<![\\u4e00-\\u9fff]) 之类的环视',
      en: 'JavaScript \\b is ASCII-only and never holds next to a Chinese character; use a lookaround instead',
    };
  }
  return null;
}

/**
 * `\b` or `\B` (outside a character class) written directly before or after a
 * non-ASCII literal: `\b张三`, `项目\b`. A scan of the source, not a parse:
 * escapes are skipped pairwise, so `\\b` (a backslash, then b) is not taken.
 */
function asciiBoundaryBesideCjk(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (!inClass && (next === 'b' || next === 'B')) {
        const before = i > 0 && pattern[i - 1] !== '\\' ? pattern.charCodeAt(i - 1) : 0;
        const after = pattern.charCodeAt(i + 2);
        if (before > 0x7f || after > 0x7f) return true;
      }
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
  }
  return false;
}

/**
 * A custom rule as a detector (Presidio's PatternRecognizer): id
 * `custom:<id>`, version the office rule set's, the rule's score as the prior.
 * The rule must have passed `customRuleProblem`; zero-length matches are
 * dropped all the same (a lookaround alone can match nothing).
 */
export function customRuleDetector(rule: CustomRule, ruleSetVersion: number): Detector {
  const re = customRuleRegExp(rule);
  return {
    id: `custom:${rule.id}`,
    version: ruleSetVersion,
    type: rule.type as FindingType,
    category: rule.category,
    basis: rule.basis,
    contextWords: rule.contextWords,
    contextBoost: rule.contextBoost,
    detect(text) {
      const out: Candidate[] = [];
      for (const m of matchAll(re, text)) {
        if (m[0].length > 0) out.push({ start: m.index, end: m.index + m[0].length, score: rule.score, pattern: rule.name });
      }
      return out;
    },
  };
}
