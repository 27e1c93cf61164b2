import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { areaCodeLengths } from '../data/area-codes';

/**
 * Mainland landlines: area code (0 + 2 or 3 digits) and a 7- or 8-digit local
 * number, as written in documents:
 *   010-12345678  (0755)12345678  （0755）1234 5678  0755 1234 5678  075512345678
 *   +86 10 12345678  +86-755-12345678  0086 (0)755 12345678
 * with an optional extension (转123, 分机123, -123, ext. 123).
 *
 * The regex only finds the shape; the digits are then re-split by the
 * numbering plan (10 and 2x are two-digit codes, every other code three
 * digits) and checked against the real area-code table and the local number
 * lengths used under that code. 400/800 service numbers have no trunk 0 and
 * no area code, so they never match (they are not personal data).
 *
 * Boundaries: no digit, ASCII letter or `+` before (the number would be part
 * of a longer code), and no `digit-` / `digit.` right before either (a date or
 * a longer hyphenated code); no digit after.
 */
/** Space, no-break and ideographic space, hyphen, full-width hyphen, en and em dash. */
const SEP = '[ \\u00a0\\u3000\\-\\uff0d\\u2013\\u2014]';
const PATTERN = new RegExp(
  '(?<![0-9A-Za-z+＋]|\\d[-.])' +
    '(?:' +
    `(?<intl>(?:\\+|＋|00)86${SEP}?(?:[(（]0?[)）]${SEP}?|0)?)(?<ia>[1-9]\\d{1,2})(?<iasep>${SEP})?` +
    '|' +
    `(?<open>[(（])?0(?<da>[1-9]\\d{1,2})(?:(?<close>[)）])${SEP}?|(?<dasep>${SEP}))?` +
    ')' +
    `(?<sub>\\d{3,4}${SEP}?\\d{4})` +
    '(?<ext>(?:转|分机|[-\\uff0d]|ext\\.? ?)\\d{1,5})?' +
    '(?!\\d)',
  'g',
);

/**
 * Local numbers without area code (联系电话：87356021, 传真 2398722): 7 or 8
 * digits starting 2-8 (local numbers never start with 0 or 1, and 9 leads to
 * short service numbers), recognised only right after a phone label, since
 * bare 7-8 digit numbers are everywhere (amounts, serials).
 */
const LOCAL_AFTER_LABEL =
  /(?:电话|座机|传真|(?<![A-Za-z])(?:Tel|TEL|tel))(?:号码)?[：:\s]{0,3}([2-8]\d{2,3}[ -]?\d{4}(?:(?:转|分机)\d{1,5})?)(?![\d.]|-\d)/g;

const SCORE = {
  /** A local number after a phone label (the label also gives the context boost). */
  localAfterLabel: 0.5,
  /** Written with a separator, parentheses or +86 after a valid code: the writer meant a phone number. */
  formatted: 0.6,
  /** 11-12 contiguous digits starting with a valid area code: could be another code, so just over the threshold. */
  contiguous: 0.45,
} as const;

export const landlinePhoneDetector: Detector = {
  id: 'cn_landline_phone',
  version: 1,
  type: 'landline_phone',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['电话', '联系电话', '座机', '办公电话', '固定电话', '固话', '传真', '联系方式', 'Tel', 'TEL', 'tel', '电 话', '传 真'],
  contextBoost: 0.3,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const g = m.groups!;
      if ((g.open === undefined) !== (g.close === undefined)) continue; // unbalanced parenthesis
      const written = g.ia ?? g.da!;
      const national = written + g.sub!.replace(/\D/g, '');
      const codeLength = national[0] === '1' || national[0] === '2' ? 2 : 3;
      const code = national.slice(0, codeLength);
      const local = national.slice(codeLength);
      // Where the writer separated the code, the separation must agree with the plan:
      // `090-1234-5678` is not 0901 + 2345678.
      const splitShown = g.iasep !== undefined || g.close !== undefined || g.dasep !== undefined;
      if (splitShown && written !== code) continue;
      const explicit = splitShown || g.intl !== undefined;
      const lengths = areaCodeLengths(code);
      if (!lengths || !lengths.includes(local.length)) continue;
      let end = m.index + m[0].length;
      // `-123` after a number written without any separator is more likely a continuation of a code than an extension.
      if (g.ext !== undefined && /^[-\uff0d]/.test(g.ext) && !explicit) end -= g.ext.length;
      out.push({
        start: m.index,
        end,
        score: explicit ? SCORE.formatted : SCORE.contiguous,
        pattern: g.intl !== undefined ? 'cn_landline_intl' : 'cn_landline',
        evidence: [`区号 0${code}`],
      });
    }
    for (const m of text.matchAll(LOCAL_AFTER_LABEL)) {
      const number = m[1]!;
      const digits = number.replace(/(?:转|分机)\d+$/, '').replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 8) continue;
      const start = m.index + m[0].length - number.length;
      out.push({ start, end: start + number.length, score: SCORE.localAfterLabel, pattern: 'cn_landline_local' });
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
