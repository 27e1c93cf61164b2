import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * Mainland mobile numbers 1[3-9]x xxxx xxxx, optionally after +86/0086/86,
 * grouped 3-4-4 with a space or hyphen, in ASCII or full-width digits (typed
 * with a Chinese input method). Digits or Latin letters on either side
 * disqualify: the number would be part of an ID, account or IBAN.
 */
const D = '[0-9０-９]';
const PATTERN = new RegExp(
  `(?<![0-9０-９A-Za-z+＋])(?:(?:[+＋]|00)?86[ -]?)?[1１][3-9３-９]${D}(?:[ -－]?${D}{4}){2}(?![0-9０-９A-Za-z])`,
  'g',
);

export const mobilePhoneDetector: Detector = {
  id: 'cn_mobile_phone',
  version: 1,
  type: 'mobile_phone',
  category: 'personal',
  basis: BASIS.personalPrivacy,
  contextWords: ['手机', '电话', '联系方式', '联系电话', '移动电话', 'Tel', 'TEL', 'tel', '电 话', '手 机'],
  contextBoost: 0.3,
  detect(text) {
    const out: Candidate[] = [];
    for (const m of matchAll(PATTERN, text)) {
      const digits = m[0].replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, '');
      const national = digits.length === 13 ? digits.slice(2) : digits.length === 15 ? digits.slice(4) : digits;
      if (national.length !== 11) continue;
      out.push({ start: m.index, end: m.index + m[0].length, score: 0.7, pattern: 'cn_mobile_3_4_4' });
    }
    return out;
  },
};
