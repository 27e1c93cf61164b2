import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * People's Republic of China ordinary passports:
 * - E + 8 digits: electronic passports from 2012 (E12345678);
 * - E + letter + 7 digits: from April 2017, when the E + 8 series ran out; the
 *   second letter runs through the alphabet without I and O (EA1234567);
 * - G + 8 digits: the earlier machine-readable ordinary passports (2006-2012,
 *   all expired by now, but still quoted in records).
 * Official, service and diplomatic passports (P/S/D, PE/SE/DE forms) are not
 * matched by shape: no primary source for their numbering was at hand, and
 * guessing would add false positives on internal codes. They, and foreign
 * passports, are found when the text labels them (AFTER_LABEL).
 *
 * Letters + digits are common in codes (product models 型号E12345678, file
 * and project numbers), so without a context word every shape stays under
 * the threshold: E forms at 0.35, the G series at 0.3 (expired, and G + 8
 * digits also reads like date-based codes such as G20240315). 护照 (or
 * 出入境, 签证, 证件号码 ...) nearby, in the text or in the header of the
 * table column, lifts them to 0.8 and 0.75.
 */
const PATTERN = /(?<![0-9A-Za-z])(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})(?![0-9A-Za-z])/g;

/**
 * Whatever passport number the text itself labels: the token right after
 * 护照/护照号码 (公务护照\tSE0281734 in a table row, a foreign national's
 * 护照号码：563218904). The label, not the shape, says what it is, so any
 * 6-12 letters and digits with at least 5 digits qualify.
 */
const AFTER_LABEL = /护照(?:号码|号|编号)?[：:\s（(]{0,3}([A-Z0-9]{6,12})(?![0-9A-Za-z])/g;

export const passportDetector: Detector = {
  id: 'cn_passport',
  version: 1,
  type: 'passport',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['护照', 'Passport', 'passport', 'PASSPORT', '出入境', '旅行证件', '签证', '证件号码', '出国', '出境'],
  contextBoost: 0.45,
  detect(text) {
    const byStart = new Map<number, Candidate>();
    for (const m of matchAll(PATTERN, text)) {
      const series = m[0][0] === 'G' ? 'G8' : /^E\d/.test(m[0]) ? 'E8' : 'EL7';
      byStart.set(m.index, {
        start: m.index,
        end: m.index + m[0].length,
        score: series === 'G8' ? 0.3 : 0.35,
        pattern: `cn_passport_${series.toLowerCase()}`,
      });
    }
    for (const m of text.matchAll(AFTER_LABEL)) {
      const token = m[1]!;
      if ((token.match(/\d/g)?.length ?? 0) < 5) continue;
      const start = m.index + m[0].length - token.length;
      byStart.set(start, { start, end: start + token.length, score: 0.5, pattern: 'passport_after_label' });
    }
    return [...byStart.values()].sort((a, b) => a.start - b.start);
  },
};
