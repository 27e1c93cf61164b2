import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { checkResidentId18 } from '../validators/gb11643';

/** 18 characters, not part of a longer alphanumeric run (JS `\b` would not see CJK boundaries). */
const PATTERN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * Scores: all checks pass 1.0; region and date plausible but check character
 * wrong 0.6 (typically a typo, still personal data); otherwise 0.3, which only
 * context words lift over the threshold.
 */
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
      const check = checkResidentId18(m[0]);
      const failed = Object.entries(check)
        .filter(([, ok]) => !ok)
        .map(([name]) => (name === 'birthDate' ? 'birth_date' : name));
      const score = failed.length === 0 ? 1 : check.region && check.birthDate ? 0.6 : 0.3;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        score,
        pattern: 'resident_id_18',
        validation: { name: 'gb11643', passed: failed.length === 0, failed },
      });
    }
    return out;
  },
};
