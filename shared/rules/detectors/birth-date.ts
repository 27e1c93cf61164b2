import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { isValidBirthDate } from '../validators/gb11643';
import { cellsUnderHeader } from './table-cells';

/**
 * Dates of birth. Documents are full of dates, so a date is reported only
 * when the text says it is a birth date:
 * - after a keyword: 出生日期/出生年月/出生时间/出生于/生于/生日/出生 + up to a
 *   few characters of punctuation (出生日期：1985-03-12);
 * - before 出生 or a standalone 生, the style of 任前公示 and 简历
 *   (1985年3月出生; 张三，男，1975年3月生，汉族);
 * - in a tab-separated table, in the column whose header cell is 出生日期,
 *   出生年月 or 生日 (the header may be far above the cell).
 * Formats: 1985年3月12日, 1985年3月, 1985-03-12, 1985/3/12, 1985.03.12,
 * 1985.03, 19850312, 198503, and Chinese numerals (一九八五年三月十二日).
 * Mixed separators (1985-03/12) are accepted: after a birth keyword a typo'd
 * date is still the birth date, and reporting only part of it would leave
 * the rest unredacted.
 * Years 1900-2099; month and day are checked against the calendar.
 */
const Y = '(?:19|20)\\d{2}';
const M = '(?:0?[1-9]|1[0-2])';
const D = '(?:0?[1-9]|[12]\\d|3[01])';
const CN = '[〇零○一二三四五六七八九]';
const CN_MD = '[一二三四五六七八九十]';
const DATE =
  `(?:${Y}年${M}月(?:${D}[日号])?` +
  `|${Y}[-/.]${M}(?:[-/.]${D})?(?![-/]?\\d|\\.\\d)` +
  `|${Y}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])?(?!\\d)` +
  `|${CN}{4}年${CN_MD}{1,2}月(?:${CN_MD}{1,3}日)?)`;

/** 生于 after these characters is another word: 产生于, 发生于, 学生于... */
const KEYWORD = '(?:出生(?:日期|年月日?|时间|于)?|生日|(?<![产发衍派滋萌催诞再新重寄共伴先后学医师卫])生于)';
const AFTER_KEYWORD = new RegExp(`${KEYWORD}[\\s：:为是，,（(]{0,4}(${DATE})`, 'g');
/** 出生 followed by 人口, 率... is statistics (2023年1月出生人口), not a person's birth. */
const BEFORE_SHENG = new RegExp(`(?<![\\d.])(${DATE})(?=出生(?!人口|率|数|量|缺陷|登记|证)|生(?:[，,、。；;）)\\s人]|$))`, 'y');
/** The longest date form (一九八五年十二月三十一日). */
const MAX_DATE = 12;
/** A date ends in a digit or one of these. */
const DATE_LAST = /[\d日号月〇零○一二三四五六七八九十]/;

/**
 * Dates right before 生 or 出生. The regex is tried only a few characters
 * before each 生 whose preceding character can end a date: most 生 are in
 * 发生, 学生, 生活, and trying the date forms at every character of the
 * text was the detector's whole cost.
 */
function* datesBeforeSheng(text: string): Generator<RegExpExecArray> {
  let after = 0; // matches do not overlap, as with a global regex
  for (let at = text.indexOf('生'); at >= 0; at = text.indexOf('生', at + 1)) {
    const end = text[at - 1] === '出' ? at - 1 : at;
    if (end === 0 || !DATE_LAST.test(text[end - 1]!)) continue;
    for (let start = Math.max(after, end - MAX_DATE); start < end; start++) {
      BEFORE_SHENG.lastIndex = start;
      const m = BEFORE_SHENG.exec(text);
      if (m && start + m[0].length === end) {
        after = end;
        yield m;
        break;
      }
    }
  }
}
const DATE_CELL = new RegExp(`^(${DATE})(?:出生|生)?$`);
const HEADER = /^(?:出生(?:日期|年月日?|时间)|生日)$/;

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, '○': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function cnNumber(s: string): number {
  // 十二 = 12, 二十三 = 23, 十 = 10, 三十一 = 31
  const i = s.indexOf('十');
  if (i < 0) return CN_DIGITS[s] ?? NaN;
  const tens = i === 0 ? 1 : (CN_DIGITS[s.slice(0, i)] ?? NaN);
  const ones = i === s.length - 1 ? 0 : (CN_DIGITS[s.slice(i + 1)] ?? NaN);
  return tens * 10 + ones;
}

/** Whether a matched date is on the calendar (year-month forms only need a valid month). */
export function isCalendarDate(date: string): boolean {
  let y: number, m: number, d: number | undefined;
  const cn = /^(.{4})年(.{1,2})月(?:(.{1,3})日)?$/.exec(date);
  if (cn && !/\d/.test(date)) {
    y = Number([...cn[1]!].map((c) => CN_DIGITS[c]).join(''));
    m = cnNumber(cn[2]!);
    d = cn[3] === undefined ? undefined : cnNumber(cn[3]);
  } else {
    const parts = date.match(/\d+/g)!;
    if (parts.length === 1) {
      const s = parts[0]!;
      [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(4, 6)), s.length === 8 ? Number(s.slice(6, 8)) : undefined];
    } else [y, m, d] = [Number(parts[0]), Number(parts[1]), parts[2] === undefined ? undefined : Number(parts[2])];
  }
  if (!(y >= 1900 && y <= 2099 && m >= 1 && m <= 12)) return false;
  if (d === undefined) return true;
  return isValidBirthDate(`${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
}

export { cellsUnderHeader, type Cell } from './table-cells';

export const birthDateDetector: Detector = {
  id: 'cn_birth_date',
  version: 1,
  type: 'birth_date',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['出生日期', '出生年月', '出生', '生日', '生于'],
  // The detector already requires the context, so the prior carries the score.
  contextBoost: 0.2,
  detect(text) {
    const byStart = new Map<number, Candidate>();
    const add = (start: number, date: string, pattern: string) => {
      if (!isCalendarDate(date) || byStart.has(start)) return;
      byStart.set(start, { start, end: start + date.length, score: 0.7, pattern });
    };
    for (const m of text.matchAll(AFTER_KEYWORD)) add(m.index + m[0].length - m[1]!.length, m[1]!, 'birth_date_after_keyword');
    for (const m of datesBeforeSheng(text)) add(m.index, m[1]!, 'birth_date_before_sheng');
    for (const cell of cellsUnderHeader(text, HEADER)) {
      const m = DATE_CELL.exec(cell.text);
      if (m) add(cell.start, m[1]!, 'birth_date_table_column');
    }
    return [...byStart.values()].sort((a, b) => a.start - b.start);
  },
};
