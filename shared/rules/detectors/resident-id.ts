import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import type { Validation } from '../finding';
import { checkResidentId15, checkResidentId18, isCurrentRegion } from '../validators/gb11643';
import { isUscc } from '../validators/gb32100';

/**
 * 18 characters (GB 11643-1999) or 15 digits (pre-1999 numbers), not part of
 * a longer alphanumeric run (JS `\b` would not see CJK boundaries). Digits
 * and X may be full-width (typed with a Chinese input method), and an
 * 18-character number may be spaced as region, birth date and the rest
 * (330421 19851120 362X), the way forms print it.
 */
const D = '[0-9０-９]';
const X = '[0-9０-９XxＸｘ]';
const NOT_ALNUM = '[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]';
const PATTERN = new RegExp(
  `(?<!${NOT_ALNUM})(?:${D}{17}${X}|${D}{15}|(?<!${D} )${D}{6} ${D}{8} ${D}{3}${X}(?! ${D}))(?!${NOT_ALNUM})`,
  'g',
);

/** Full-width digits and X to ASCII, separators removed. */
function toAscii(s: string): string {
  return s.replace(/ /g, '').replace(/[０-９Ｘｘ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/**
 * Words right before a 15-digit number that name another kind of number:
 * old business registration numbers (注册号) and IMEIs are 15 digits too.
 */
const NOT_AN_ID_15 = /(?:注册号|执照|IMEI|串号|订单|流水|单号|账号|卡号)[^\n]{0,6}$/;

export interface ResidentIdAssessment {
  score: number;
  pattern: string;
  validation: Validation;
  evidence?: string[];
}

/**
 * Scores one 18-character or 15-digit number, or returns null when a 15-digit
 * number is not a plausible old ID (old numbers carry no check character, so
 * region and date are all there is to go on).
 *
 * 18 characters:
 * - all checks pass: 1.0, whether the region code is in the current table or
 *   not (abolished and renumbered codes stay on people's cards for life, and
 *   the check character already makes a random number unlikely); a code not
 *   in the current table is named in the evidence and as `region_current`
 *   under `failed`, without failing the validation;
 * - region and date plausible but check character wrong: 0.35, weaker evidence
 *   but not none: a label (身份证号) or a 身份证号 table column lifts it to 0.7,
 *   so a typo in a listed ID is still caught, while a bare 18-digit number that
 *   fails the check (an order or account number) stays under the threshold;
 *   an 18-digit unified social credit code is not an ID;
 * - otherwise 0.3, which only context words lift over the threshold.
 * 15 digits (valid province and 19YYMMDD date required): 0.45 when the code is
 * current, 0.35 otherwise, so that an abolished code needs a context word.
 * Other 15-digit numbers (registration numbers, IMEIs) mostly fail the date.
 */
export function assessResidentId(id: string): ResidentIdAssessment | null {
  const region = id.slice(0, 6);
  if (id.length === 15) {
    const check = checkResidentId15(id);
    if (!check.region || !check.birthDate) return null;
    const current = isCurrentRegion(region);
    return {
      score: current ? 0.45 : 0.35,
      pattern: 'resident_id_15',
      validation: { name: 'gb11643', passed: current, failed: current ? [] : ['region_current'] },
      ...(current ? {} : { evidence: [`地址码 ${region} 不在现行区划代码表中（可能为已撤销的旧代码）`] }),
    };
  }
  const check = checkResidentId18(id);
  const failed: string[] = [];
  if (!check.region) failed.push('region');
  if (!check.birthDate) failed.push('birth_date');
  if (!check.checksum) failed.push('checksum');
  const current = check.region && isCurrentRegion(region);
  if (check.region && !current) failed.push('region_current');
  let score: number;
  if (check.region && check.birthDate && check.checksum) score = 1;
  else if (!check.checksum && isUscc(id)) return null;
  else if (check.region && check.birthDate) score = 0.35;
  else score = 0.3;
  return {
    score,
    pattern: 'resident_id_18',
    validation: { name: 'gb11643', passed: failed.every((f) => f === 'region_current'), failed },
    ...(check.region && !current ? { evidence: [`地址码 ${region} 不在现行区划代码表中（可能为已撤销的旧代码）`] } : {}),
  };
}

export const residentIdDetector: Detector = {
  id: 'cn_resident_id',
  version: 1,
  type: 'id_card',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['身份证', '公民身份号码', '身份号码', '证件号', '证号', '身份证号'],
  contextBoost: 0.35,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const id = toAscii(m[0]);
      if (id.length === 15 && NOT_AN_ID_15.test(text.slice(Math.max(0, m.index - 16), m.index))) continue;
      const a = assessResidentId(id);
      if (!a) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        score: a.score,
        pattern: a.pattern,
        validation: a.validation,
        ...(a.evidence ? { evidence: a.evidence } : {}),
      });
    }
    return out;
  },
};
