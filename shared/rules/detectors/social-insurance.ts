import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { assessResidentId } from './resident-id';
import { cellsUnderHeader } from './table-cells';

/**
 * Social insurance and medical insurance numbers (社会保障号码, 社保卡号,
 * 医保编号, 参保号). Their shape varies by province and scheme (digits or
 * letters and digits, 6-20 characters), so only context defines them: a
 * number is reported right after such a label (社保卡号：A12345678) or in a
 * tab-separated table column headed by one.
 *
 * Choice on ID numbers (decided): since 2011 the 社会保障号码 of most people
 * IS their resident ID number. A number the text labels as a social security
 * number is reported here as social_insurance whatever its shape, because the
 * label is what the document says it is; when it also passes GB 11643 the
 * evidence says so. The resident-ID detector reports the same span as id_card
 * on its own (the engine de-duplicates per type only), so the reviewer sees
 * two findings on one span; redaction merges accepted spans, so accepting
 * either removes the number, and the two types never ask for different
 * redactions of different extents.
 */
const LABEL = '(?:社会保障|社会保险|医疗保险|社保|医保|参保)(?:个人|人员|人)?(?:卡)?(?:号码|编号|卡号|账号|证号|号)';
/** Letters and digits, full-width ones too (typed with a Chinese input method). */
const ALNUM = '[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]';
/** A token of 6-20 letters and digits, or a resident ID spaced as region, birth date and the rest (330421 19851120 362X). */
const TOKEN_SOURCE = `(?:\\d{6} \\d{8} \\d{3}[\\dXx]|${ALNUM}{6,20})`;
const AFTER_LABEL = new RegExp(`${LABEL}[\\s：:为是（(]{0,4}(${TOKEN_SOURCE})(?!${ALNUM}| \\d{8} \\d{3})`, 'g');
const HEADER = new RegExp(`^${LABEL}$`);
const TOKEN = new RegExp(`^${TOKEN_SOURCE}$`);

/** Full-width letters and digits to ASCII, spaces removed. */
function toAscii(s: string): string {
  return s.replace(/ /g, '').replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

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
    const out = new Map<number, Candidate>();
    for (const s of spans) {
      const token = toAscii(s.token);
      if ((token.match(/\d/g)?.length ?? 0) < 6) continue; // words, not numbers
      if (out.has(s.start)) continue;
      const evidence = [s.pattern === 'social_insurance_after_label' ? '前有社会保障号码标签' : '位于社会保障号码表列'];
      if (/^(?:\d{17}[\dXx]|\d{15})$/.test(token)) {
        const id = assessResidentId(token);
        if (id && id.score >= 0.95) evidence.push('同时符合公民身份号码校验（社会保障号码即公民身份号码）');
      }
      out.set(s.start, { start: s.start, end: s.start + s.token.length, score: 0.7, pattern: s.pattern, evidence });
    }
    return [...out.values()].sort((a, b) => a.start - b.start);
  },
};
