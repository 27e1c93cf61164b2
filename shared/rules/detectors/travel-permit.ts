import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';
import { isValidBirthDate } from '../validators/gb11643';

/**
 * 往来港澳通行证 (Exit-Entry Permit for Travelling to and from Hong Kong and
 * Macao), card form since 2014: C + 8 digits, and C + letter + 7 digits once
 * the all-digit series ran out (letters without I and O, as for passports).
 * A C-code alone is a weak signal (codes like C20190001 abound), so the prior
 * stays under the threshold until a context word is near.
 */
const HK_MACAO = /(?<![0-9A-Za-z])C(?:\d{8}|[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])/g;

/** Any permit number the text labels as one (older booklets used other letters). */
const HK_MACAO_AFTER_LABEL = /港澳通行证(?:号码|号)?[：:\s]{0,3}([A-Z]{1,2}\d{7,8})(?![0-9A-Za-z])/g;

/** Keeps one candidate per start, the higher prior. */
function merge(cands: Candidate[]): Candidate[] {
  const byStart = new Map<number, Candidate>();
  for (const c of cands) {
    const prev = byStart.get(c.start);
    if (!prev || c.score > prev.score) byStart.set(c.start, c);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

export const hkMacaoPermitDetector: Detector = {
  id: 'cn_hk_macao_permit',
  version: 1,
  type: 'hk_macao_permit',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['港澳通行证', '往来港澳', '通行证', '港澳'],
  contextBoost: 0.45,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(HK_MACAO, text)) {
      out.push({ start: m.index, end: m.index + m[0].length, score: 0.35, pattern: 'cn_hk_macao_permit' });
    }
    for (const m of text.matchAll(HK_MACAO_AFTER_LABEL)) {
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: start + m[1]!.length, score: 0.5, pattern: 'hk_macao_permit_after_label' });
    }
    return merge(out);
  },
};

/**
 * Taiwan travel permits, two documents:
 * - 台湾居民来往大陆通行证 (台胞证), card form since 2015: 8 digits; the older
 *   booklet added a bracketed issue count, e.g. 12345678(B);
 * - 大陆居民往来台湾通行证: T + 8 digits.
 * Eight digits alone are everywhere (amounts, dates, serial numbers), so the
 * bare form is only reported next to a context word: its prior is far below
 * the threshold and the boost is large. Eight-digit dates (19YYMMDD/20YYMMDD,
 * such as a validity date after the same context word) and amounts followed by
 * a unit are skipped.
 */
const TAIWAN = /(?<![0-9A-Za-z.])(T?)(\d{8})(?:[(（][0-9A-Z]{1,2}[)）])?(?![0-9A-Za-z]|\.\d)/g;
const UNIT_AFTER = /^\s?(?:元|万|亿|千|百|人|户|个|次|件|份|平方|米|公里|吨|%|％)/;
const TAIWAN_CONTEXT = /台胞|台湾|来往大陆|赴台|通行证/;
/** Any permit number the text labels as one (the old booklet of 往来台湾通行证 used other letters, e.g. L). */
const TAIWAN_AFTER_LABEL =
  /(?:台胞证|来往大陆通行证|往来台湾通行证|台湾通行证)(?:号码|号)?[：:\s]{0,3}([A-Z]?\d{8}(?:[(（][0-9A-Z]{1,2}[)）])?)(?![0-9A-Za-z])/g;
/** Same as the engine's CONTEXT_WINDOW (not imported: the engine imports the detectors). */
const WINDOW = 24;

export const taiwanPermitDetector: Detector = {
  id: 'cn_taiwan_permit',
  version: 1,
  type: 'taiwan_permit',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['台胞证', '台湾居民来往大陆通行证', '来往大陆', '往来台湾', '台湾通行证', '赴台', '通行证', '台湾居民'],
  contextBoost: 0.5,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(TAIWAN, text)) {
      const end = m.index + m[0].length;
      if (m[1] === 'T') {
        out.push({ start: m.index, end, score: 0.35, pattern: 'cn_taiwan_permit_t8' });
        continue;
      }
      const digits = m[2]!;
      if (/^(?:19|20)/.test(digits) && isValidBirthDate(digits)) continue;
      if (UNIT_AFTER.test(text.slice(end, end + 3))) continue;
      // The engine's context boost decides; this pre-filter only avoids emitting every 8-digit number of a document.
      const window = text.slice(Math.max(0, m.index - WINDOW), end + WINDOW);
      if (!TAIWAN_CONTEXT.test(window)) continue;
      out.push({ start: m.index, end, score: 0.05, pattern: 'cn_taiwan_permit_8' });
    }
    for (const m of text.matchAll(TAIWAN_AFTER_LABEL)) {
      const start = m.index + m[0].length - m[1]!.length;
      out.push({ start, end: start + m[1]!.length, score: 0.5, pattern: 'taiwan_permit_after_label' });
    }
    return merge(out);
  },
};
