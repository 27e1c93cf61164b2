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
 * of a longer code), no `digit-` / `digit.` / `digit_` right before
 * (a date or a longer hyphenated code), no `letter-` / `letter_` / `letter/`
 * either (LC-0577-2024-0035, a contract or project code); no digit after, and
 * no further `-group` after the number and its extension (a longer code).
 *
 * Codes that still look like a landline are kept under the threshold:
 * - a label naming another kind of number right before it (编号, 合同编号,
 *   文号, 批次, 单号 ...: 编号0571-86221547) disqualifies it, even next to
 *   电话 (prior 0.05, so the context boost cannot lift it to 0.4);
 * - three hyphen-separated groups (0577-2024-0035) read like a code as often
 *   as like a phone, so they need a phone word nearby (prior 0.35).
 *
 * A local number right after a full one, separated by / or 、
 * (0571-86221547/86221548), is taken under the same area code (0.5).
 *
 * A number listed right after another landline (咨询电话：0573 8283 6110，
 * (0573)8283-6112，0573－82836115转8012) shares the label of the first one:
 * when the first number of the list has a phone word within the engine's
 * context window and a later one does not, the later one gets the boost here.
 */
/** Space, no-break and ideographic space, hyphen, full-width hyphen, en and em dash. */
const SEP = '[ \\u00a0\\u3000\\-\\uff0d\\u2013\\u2014]';
const PATTERN = new RegExp(
  '(?<![0-9A-Za-z+＋]|[A-Za-z][-\\uff0d_/]|\\d[-\\uff0d_.])' +
    '(?:' +
    `(?<intl>(?:\\+|＋|00)86${SEP}?(?:[(（]0?[)）]${SEP}?|0)?)(?<ia>[1-9]\\d{1,2})(?<iasep>${SEP})?` +
    '|' +
    `(?<open>[(（])?0(?<da>[1-9]\\d{1,2})(?:(?<close>[)）])${SEP}?|(?<dasep>${SEP}))?` +
    ')' +
    `(?<sub>\\d{3,4}${SEP}?\\d{4})` +
    '(?<ext>(?:转|分机|[-\\uff0d]|ext\\.? ?)\\d{1,5})?' +
    '(?!\\d|[-\\uff0d_][0-9A-Za-z])',
  'g',
);

/**
 * A label right before the number naming another kind of number (the number
 * is a code that happens to start like an area code): 编号0571-86221547,
 * 合同编号：0577-2024-0035, 批次 0571 2024 0315.
 */
const OTHER_LABEL =
  /(?:编号|编码|文号|批次|批号|单号|序号|序列号|流水号|代码|案号|合同号|订单号|型号|货号|条码|登记号|备案号|许可证号|证号|账号|帐号|卡号|工号|学号|档案号|项目号|标段号|No\.?|NO\.?)[为是#＃№：:\s]{0,3}$/;

/** A second local number after a full one, sharing its area code: 0571-86221547/86221548, 0571-86221547、86221573. */
const ALTERNATIVE = /^[/／、] ?([2-8]\d{6,7})(?![\d\-\uff0d.])/;

/** Between two numbers of one list: punctuation, spaces, 或/及/和. */
const LIST_SEPARATOR = /^(?:[，,、；;/／ \u3000]|或|及|和){1,3}$/;

/** Same as the engine's CONTEXT_WINDOW (not imported: the engine imports the detectors). */
const WINDOW = 24;

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
  /** 0577-2024-0035: code, then the local number split by a hyphen; as often a code as a phone, so it needs a phone word. */
  threeGroups: 0.35,
  /** Right after a label naming another kind of number (编号, 文号 ...): stays under the threshold even with context. */
  otherLabel: 0.05,
} as const;

export const landlinePhoneDetector: Detector = {
  id: 'cn_landline_phone',
  version: 1,
  type: 'landline_phone',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: [
    '电话',
    '联系电话',
    '座机',
    '办公电话',
    '固定电话',
    '固话',
    '传真',
    '联系方式',
    '联系',
    '咨询',
    '热线',
    '总机',
    '值班',
    'Tel',
    'TEL',
    'tel',
    'Fax',
    'FAX',
    'fax',
    'Phone',
    'phone',
    '电 话',
    '传 真',
  ],
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
      const evidence = [`区号 0${code}`];
      let score: number = explicit ? SCORE.formatted : SCORE.contiguous;
      if (g.intl === undefined && /^[-\uff0d]$/.test(g.dasep ?? '') && /[-\uff0d]/.test(g.sub!)) {
        score = SCORE.threeGroups;
        evidence.push('三段连字符分组，也可能是编号');
      }
      if (OTHER_LABEL.test(text.slice(Math.max(0, m.index - 12), m.index))) {
        score = SCORE.otherLabel;
        evidence.push('前有其他编号标签（编号、文号等）');
      }
      out.push({ start: m.index, end, score, pattern: g.intl !== undefined ? 'cn_landline_intl' : 'cn_landline', evidence });
      // 0571-86221547/86221548: a second local number under the same area code.
      const alt = score > SCORE.otherLabel ? ALTERNATIVE.exec(text.slice(end, end + 12)) : null;
      if (alt && alt[1]!.length === local.length) {
        const altStart = end + alt[0].length - alt[1]!.length;
        out.push({ start: altStart, end: altStart + alt[1]!.length, score: SCORE.localAfterLabel, pattern: 'cn_landline_alternative', evidence: [`区号 0${code}（与前一号码同区号）`] });
      }
    }
    for (const m of text.matchAll(LOCAL_AFTER_LABEL)) {
      const number = m[1]!;
      const digits = number.replace(/(?:转|分机)\d+$/, '').replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 8) continue;
      const start = m.index + m[0].length - number.length;
      out.push({ start, end: start + number.length, score: SCORE.localAfterLabel, pattern: 'cn_landline_local' });
    }
    out.sort((a, b) => a.start - b.start);
    // `this` is the detector as the rule set configured it (its context words); unbound calls fall back to the built-in one.
    const self = (this as Detector | undefined) ?? landlinePhoneDetector;
    shareListContext(text, out, self.contextWords, self.contextBoost);
    return out;
  },
};

/**
 * Numbers listed after one label: a candidate separated from the previous one
 * only by LIST_SEPARATOR continues that list. When the list's first number has
 * a context word within the window before it and a later one has none of its
 * own, the later one gets the boost as a prior (the engine adds none for it).
 */
function shareListContext(text: string, cands: Candidate[], words: readonly string[], boost: number): void {
  const hasContext = (c: Candidate) => {
    const before = text.slice(Math.max(0, c.start - WINDOW), c.start);
    const after = text.slice(c.end, c.end + WINDOW);
    return words.some((w) => before.includes(w) || after.includes(w));
  };
  let headHasContext = false;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const prev = cands[i - 1];
    const listed = prev !== undefined && prev.end <= c.start && LIST_SEPARATOR.test(text.slice(prev.end, c.start));
    if (!listed) {
      headHasContext = c.score > SCORE.otherLabel && hasContext(c);
      continue;
    }
    if (!headHasContext || c.score <= SCORE.otherLabel || hasContext(c)) continue;
    cands[i] = { ...c, score: Math.round((c.score + boost) * 100) / 100, evidence: [...(c.evidence ?? []), '与前一个电话号码同列于一个标签之后'] };
  }
}
