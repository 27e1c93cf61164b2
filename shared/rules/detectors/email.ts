import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * ASCII e-mail addresses as they appear in Chinese text: the local part may
 * be directly preceded by CJK characters, so boundaries are lookarounds on
 * the address alphabet rather than `\b`.
 */
const PATTERN =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

export const emailDetector: Detector = {
  id: 'email',
  version: 1,
  type: 'email',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['邮箱', '电子邮件', '电子信箱', 'E-mail', 'Email', 'email', '邮件'],
  contextBoost: 0.1,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const local = m[0].slice(0, m[0].indexOf('@'));
      if (local.endsWith('.') || local.includes('..')) continue;
      out.push({ start: m.index, end: m.index + m[0].length, score: 0.9, pattern: 'email_rfc5322_subset' });
    }
    return out;
  },
};
