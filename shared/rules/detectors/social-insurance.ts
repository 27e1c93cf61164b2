import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { cellsUnderHeader } from './birth-date';
import { residentIdDetector } from './resident-id';

/**
 * Social insurance and medical insurance numbers (社会保障号码, 社保卡号,
 * 医保编号, 参保号). Their shape varies by province and scheme (digits or
 * letters and digits, 6-20 characters), so only context defines them: a
 * number is reported right after such a label (社保卡号：A12345678) or in a
 * tab-separated table column headed by one.
 *
 * Choice on ID numbers: since 2011 the 社会保障号码 of most people IS their
 * resident ID number. When the number after the label is one the resident-ID
 * detector already reports on its own (prior at or over the 0.4 threshold:
 * a valid or typo'd 18-character number, a plausible 15-digit one), it is
 * left to that detector, so the same span is not highlighted twice and the
 * stronger validation (GB 11643) explains it. Otherwise (ID-shaped but
 * implausible, or any other number) it is reported here.
 */
const LABEL = '(?:社会保障|社会保险|医疗保险|社保|医保|参保)(?:个人)?(?:卡)?(?:号码|编号|卡号|账号|证号|号)';
const AFTER_LABEL = new RegExp(`${LABEL}[\\s：:为是（(]{0,4}([0-9A-Za-z]{6,20})(?![0-9A-Za-z])`, 'g');
const HEADER = new RegExp(`^${LABEL}$`);
const TOKEN = /^[0-9A-Za-z]{6,20}$/;

/** Same as the engine's DEFAULT_THRESHOLD (not imported: the engine imports the detectors). */
const THRESHOLD = 0.4;

export const socialInsuranceDetector: Detector = {
  id: 'cn_social_insurance',
  version: 1,
  type: 'social_insurance',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['社保', '社会保障', '社会保险', '医保', '参保'],
  // The detector already requires the label, so the prior carries the score.
  contextBoost: 0.2,
  detect(text) {
    const spans: { start: number; token: string; pattern: string }[] = [];
    for (const m of text.matchAll(AFTER_LABEL)) {
      spans.push({ start: m.index + m[0].length - m[1]!.length, token: m[1]!, pattern: 'social_insurance_after_label' });
    }
    for (const cell of cellsUnderHeader(text, HEADER)) {
      if (TOKEN.test(cell.text)) spans.push({ start: cell.start, token: cell.text, pattern: 'social_insurance_table_column' });
    }
    if (spans.length === 0) return [];
    const coveredById = new Set(
      residentIdDetector
        .detect(text)
        .filter((c) => c.score >= THRESHOLD)
        .map((c) => `${c.start}:${c.end}`),
    );
    const out = new Map<number, Candidate>();
    for (const s of spans) {
      if ((s.token.match(/\d/g)?.length ?? 0) < 6) continue; // words, not numbers
      const end = s.start + s.token.length;
      if (coveredById.has(`${s.start}:${end}`) || out.has(s.start)) continue;
      out.set(s.start, { start: s.start, end, score: 0.7, pattern: s.pattern });
    }
    return [...out.values()].sort((a, b) => a.start - b.start);
  },
};
