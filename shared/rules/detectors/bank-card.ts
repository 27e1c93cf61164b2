import { BASIS } from '../basis';
import { isUscc } from '../validators/gb32100';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { lookupBin } from '../data/unionpay-bins';
import { luhnValid } from '../validators/luhn';
import { checkResidentId18 } from '../validators/gb11643';

/**
 * Bank card numbers (16-19 digits) written contiguously or in groups split by
 * single spaces or hyphens: the usual 4-4-4-4-3, but also what tables and
 * forms produce (6228480329017346 67). The regex takes a maximal run of digit
 * groups (no nested ambiguity: groups are separated by a non-digit), with
 * lookarounds instead of `\b` because card numbers sit directly against CJK
 * text; `detect` then decides which part of the run is a card number.
 */
const PATTERN = /(?<![0-9A-Za-z]|\d[ -])\d+(?:[ -]\d+){0,5}(?![0-9A-Za-z]|[ -]\d)/g;

/**
 * The card-number part of a run of digit groups, or null: the whole run when
 * it has 16-19 digits and every group but the last has at least 4 (a grouped
 * card; `1 6222...` or `2024 0315 ...` runs of short numbers are not), else
 * the first group alone when it is a contiguous 16-19 digit number followed
 * by unrelated digits (卡号 6222...788 2024年).
 */
function cardPart(run: string): string | null {
  const groups = run.split(/[ -]/);
  const digits = groups.join('');
  if (digits.length >= 16 && digits.length <= 19 && groups.slice(0, -1).every((g) => g.length >= 4)) return run;
  const first = groups[0]!;
  return groups.length > 1 && first.length >= 16 && first.length <= 19 ? first : null;
}

/**
 * Prior scores. A random 16-19 digit number passes Luhn one time in ten, so
 * Luhn alone is moderate evidence, and only for numbers that start like a
 * payment card (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay/Discover);
 * order and serial numbers mostly start with 1 or 2 (a date). A known issuer
 * BIN with the card length it issues is strong together with Luhn. A number
 * failing Luhn is most likely not a card number as written (cards of the BIN
 * table are issued with a Luhn check digit), so it needs a context word
 * (卡号, 账号 ...) to be reported: with a BIN it then scores 0.6, without
 * 0.45, because a mistyped card number next to 卡号 is still personal data.
 */
const SCORE = {
  luhnAndBin: 0.9,
  luhnAndUnionPayRange: 0.7,
  luhnCardNetwork: 0.5,
  luhnOtherPrefix: 0.3,
  binOnly: 0.3,
  neither: 0.15,
  /**
   * Neither, and a first digit outside the card ranges (ISO/IEC 7812 major
   * industry identifiers: 3-6 for cards, 9 for the old domestic 95xx cards):
   * not a card even next to 账号; corporate accounts (1202 0211 ...) look like
   * this and are the bank-account rules' business.
   */
  neitherOutsideCardRanges: 0.05,
  /** Labelled as another kind of number (订单号, 流水号 ...) and not a known card. */
  otherLabel: 0.2,
  /** 18 digits shaped like a resident ID (region and date valid), or a unified social credit code, and no known card. */
  otherIdentifier: 0.05,
} as const;

/**
 * A label right before the number naming another kind of number; it caps the
 * score unless Luhn and the issuer range (a BIN, or UnionPay's 62) both agree.
 */
const OTHER_LABEL = /(?:订单|编号|单号|流水|合同|发票|批次|序列号|条码|条形码|运单|登记号|代码|文号)[^\n\d]{0,6}$/;

export const bankCardDetector: Detector = {
  id: 'cn_bank_card',
  version: 1,
  type: 'bank_card',
  category: 'personal',
  // Financial accounts are sensitive personal information (个人信息保护法 art. 28).
  basis: BASIS.personalSensitive,
  contextWords: ['卡号', '银行卡', '账号', '帐号', '开户行', '储蓄卡', '信用卡', '借记卡', '银行账户', '收款账户'],
  contextBoost: 0.3,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const span = cardPart(m[0]);
      if (span === null) continue;
      const digits = span.replace(/[ -]/g, '');
      const luhn = luhnValid(digits);
      const bins = lookupBin(digits);
      const bin = bins.find((b) => b.length === digits.length);
      const failed: string[] = [];
      if (!luhn) failed.push('luhn');
      if (!bin) failed.push('bin');
      const evidence: string[] = [];
      let score: number;
      if (luhn && bin) score = SCORE.luhnAndBin;
      else if (luhn && digits.startsWith('62')) score = SCORE.luhnAndUnionPayRange;
      else if (luhn) score = /^[3-6]/.test(digits) ? SCORE.luhnCardNetwork : SCORE.luhnOtherPrefix;
      else if (bin) score = SCORE.binOnly;
      else score = /^[3-69]/.test(digits) ? SCORE.neither : SCORE.neitherOutsideCardRanges;
      if (!(luhn && (bin || digits.startsWith('62'))) && OTHER_LABEL.test(text.slice(Math.max(0, m.index - 16), m.index))) {
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
        start: m.index,
        end: m.index + span.length,
        score,
        pattern: span.length > digits.length ? 'bank_card_grouped' : 'bank_card_16_19',
        validation: { name: 'luhn', passed: failed.length === 0, failed },
        ...(evidence.length > 0 ? { evidence } : {}),
      });
    }
    return out;
  },
};
