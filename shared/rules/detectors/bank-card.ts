import { BASIS } from '../basis';
import { isUscc } from '../validators/gb32100';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { lookupBin } from '../data/unionpay-bins';
import { luhnValid } from '../validators/luhn';
import { checkResidentId18 } from '../validators/gb11643';
import { TextPass } from '../text-pass';

/**
 * Bank card numbers (16-19 digits) written contiguously or in groups split by
 * single spaces or hyphens: the usual 4-4-4-4-3, but also what tables and
 * forms produce (6228480329017346 67). The regex takes a maximal run of digit
 * groups (no nested ambiguity: groups are separated by a non-digit), with
 * lookarounds instead of `\b` because card numbers sit directly against CJK
 * text; `cardParts` then decides which parts of the run are card numbers.
 */
const PATTERN = /(?<![0-9A-Za-z]|\d[ -])\d+(?:[ -]\d+)*(?![0-9A-Za-z]|[ -]\d)/g;

/** 16-19 digits in groups of which all but the last have at least 4 digits (a grouped card; `1 6222...`, `2024 0315 ...` are not). */
function isCardShape(s: string): boolean {
  const groups = s.split(/[ -]/);
  const n = groups.reduce((sum, g) => sum + g.length, 0);
  return n >= 16 && n <= 19 && groups.slice(0, -1).every((g) => g.length >= 4);
}

/**
 * The card-number parts of a run of digit groups, as offsets into the run:
 * the whole run when it has the shape of one card. Otherwise the run is cut
 * at its spaces into units (a unit keeps its hyphens): a unit with the shape
 * of a card is one (卡号 6222...788 2024年; 4012888888881881
 * 4012-8888-8888-1881 ...), and each stretch of other units between them is
 * one when it has that shape as a whole (... 4012 8888 8888 1881). A run of
 * short groups that is not one card as a whole (1234 6222 0202 0012 3456, a
 * row of figures) yields nothing: where a card would start in it is a guess.
 */
function cardParts(run: string): { start: number; end: number }[] {
  if (isCardShape(run)) return [{ start: 0, end: run.length }];
  const units = [...run.matchAll(/\d+(?:-\d+)*/g)].map((u) => ({ start: u.index, end: u.index + u[0].length }));
  const out: { start: number; end: number }[] = [];
  let pending: { start: number; end: number } | null = null;
  const flush = () => {
    if (pending && isCardShape(run.slice(pending.start, pending.end))) out.push(pending);
    pending = null;
  };
  for (const u of units) {
    if (isCardShape(run.slice(u.start, u.end))) {
      flush();
      out.push(u);
    } else pending = pending ? { start: pending.start, end: u.end } : u;
  }
  flush();
  return out;
}

/**
 * Prior scores. A random 16-19 digit number passes Luhn one time in ten, so
 * Luhn alone is moderate evidence, and only for numbers that start like a
 * payment card; order and serial numbers mostly start with 1 or 2 (a date).
 * A known issuer BIN with the card length it issues is strong together with
 * Luhn.
 *
 * Foreign cards (decided): a Luhn-valid 16-19 digit number in the range of a
 * major card network (Visa 4, Mastercard 51-55 and 2221-2720, American
 * Express/JCB/Diners 3, Discover/Maestro 6, and UnionPay's 62) is reported,
 * at 0.5 without a UnionPay BIN (below UnionPay's 62 range, 0.7, and a known
 * BIN, 0.9): a foreign card is as personal as a domestic one, but the
 * documents this tool reviews mostly hold UnionPay cards, so the weaker shape
 * evidence ranks lower.
 *
 * A number failing Luhn is not a card number as written (every card of these
 * networks carries a Luhn check digit). It stays under the threshold whatever
 * its prefix or BIN, and context words near it cannot change that (prior
 * 0.05), except a card label right before it (卡号：, 银行卡号, 账号：) or a
 * card column header (卡号, 一卡通账号): a mistyped card number there is still
 * personal data, so it is reported weakly (0.45-0.5 with the label's boost).
 * Other labels (单号, 订单号, 编号) never lift it.
 */
const SCORE = {
  luhnAndBin: 0.9,
  luhnAndUnionPayRange: 0.7,
  luhnCardNetwork: 0.5,
  luhnOtherPrefix: 0.3,
  /** Luhn fails, no card label right before: under the threshold even with a context word nearby. */
  luhnFailed: 0.05,
  /** Luhn fails, a card label right before (or a card column), a known BIN: 0.5 with the label's boost. */
  labelledBinOnly: 0.2,
  /** Luhn fails, a card label right before, a first digit in the card ranges: 0.45 with the label's boost. */
  labelledNeither: 0.15,
  /** Labelled as another kind of number (订单号, 流水号 ...) and not a known card. */
  otherLabel: 0.2,
  /** 18 digits shaped like a resident ID (region and date valid), or a unified social credit code, and no known card. */
  otherIdentifier: 0.05,
} as const;

/** Card network ranges (ISO/IEC 7812 issuer identification numbers) for Luhn-valid numbers without a known BIN. */
const CARD_NETWORK = /^(?:[3-6]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/;

/**
 * A label right before the number naming another kind of number; it caps the
 * score unless Luhn and the issuer range (a BIN, or UnionPay's 62) both agree.
 */
const OTHER_LABEL = /(?:订单|编号|单号|流水|合同|发票|批次|序列号|条码|条形码|运单|登记号|代码|文号)[^\n\d]{0,6}$/;

/** Words naming a card number; all are context words too, so the engine's boost applies with them. */
const CARD_WORDS = '(?:卡号|银行卡|账号|帐号|储蓄卡|借记卡|信用卡|银行账户|收款账户)';
/** A card label right before the number: 卡号：, 银行卡号 , 账号（工行）：. */
const CARD_LABEL = new RegExp(`${CARD_WORDS}(?:号码|号)?(?:[（(][^（）()\\n]{0,10}[）)])?[为是：:\\s]{0,3}$`);
const CARD_HEADER = new RegExp(CARD_WORDS);

export const bankCardDetector: Detector = {
  id: 'cn_bank_card',
  version: 1,
  type: 'bank_card',
  category: 'personal',
  // Financial accounts are sensitive personal information (个人信息保护法 art. 28).
  basis: BASIS.personalSensitive,
  contextWords: ['卡号', '银行卡', '账号', '帐号', '开户行', '储蓄卡', '信用卡', '借记卡', '银行账户', '收款账户'],
  contextBoost: 0.3,
  detect(text, pass = new TextPass(text)) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      // Most runs are dates and figures, far shorter than the 16 digits of a card.
      if (m[0].length < 16) continue;
      for (const part of cardParts(m[0])) {
        const start = m.index + part.start;
        const span = m[0].slice(part.start, part.end);
        const digits = span.replace(/[ -]/g, '');
        const luhn = luhnValid(digits);
        const bins = lookupBin(digits);
        const bin = bins.find((b) => b.length === digits.length);
        const failed: string[] = [];
        if (!luhn) failed.push('luhn');
        if (!bin) failed.push('bin');
        const evidence: string[] = [];
        const before = text.slice(Math.max(0, start - 16), start);
        let score: number;
        if (luhn && bin) score = SCORE.luhnAndBin;
        else if (luhn && digits.startsWith('62')) score = SCORE.luhnAndUnionPayRange;
        else if (luhn) score = CARD_NETWORK.test(digits) ? SCORE.luhnCardNetwork : SCORE.luhnOtherPrefix;
        else {
          const labelled = CARD_LABEL.test(before) || CARD_HEADER.test(pass.headerAt(start));
          if (labelled && bin) score = SCORE.labelledBinOnly;
          else if (labelled && /^[3-69]/.test(digits)) score = SCORE.labelledNeither;
          else score = SCORE.luhnFailed;
          evidence.push(labelled ? '未通过 Luhn 校验，但前有卡号标签（可能是笔误）' : '未通过 Luhn 校验');
        }
        if (luhn && !bin && !digits.startsWith('62') && CARD_NETWORK.test(digits)) evidence.push('国际卡组织号段，通过 Luhn 校验');
        if (!(luhn && (bin || digits.startsWith('62'))) && OTHER_LABEL.test(before)) {
          score = Math.min(score, SCORE.otherLabel);
          evidence.push('前有其他编号标签（订单号、流水号等）');
        }
        if (bin) evidence.push(`BIN ${bin.bin}: ${bin.bankName}（${bin.cardType}，${bin.length} 位）`);
        else if (digits.startsWith('62')) evidence.push('银联卡号段 62');
        // An 18-digit number with a valid region and birth date is a resident
        // ID (mistyped if its check character fails): a random card number
        // would need a calendar date at digits 7-14 (odds under 1 in 1,000), and
        // some 18-digit BINs (620522) coincide with county codes. A credit code
        // likewise, unless the number is a known 18-digit card that passes Luhn.
        if (digits.length === 18) {
          const id = checkResidentId18(digits);
          if (id.region && id.birthDate && !(bin && luhn && !id.checksum)) {
            score = Math.min(score, SCORE.otherIdentifier);
            evidence.push(id.checksum ? '同时符合居民身份证号码校验' : '形似居民身份证号码（地址码、出生日期有效）');
          } else if (!(bin && luhn) && isUscc(digits)) {
            score = Math.min(score, SCORE.otherIdentifier);
            evidence.push('同时符合统一社会信用代码校验');
          }
        }
        out.push({
          start,
          end: start + span.length,
          score,
          pattern: span.length > digits.length ? 'bank_card_grouped' : 'bank_card_16_19',
          validation: { name: 'luhn', passed: failed.length === 0, failed },
          ...(evidence.length > 0 ? { evidence } : {}),
        });
      }
    }
    return out;
  },
};
