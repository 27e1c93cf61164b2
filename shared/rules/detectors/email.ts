import { BASIS } from '../basis';
import type { Candidate, Detector } from '../detector';
import { matchAll } from '../detector';

/**
 * ASCII e-mail addresses as they appear in Chinese text: the local part may
 * be directly preceded by CJK characters, so boundaries are lookarounds on
 * the address alphabet rather than `\b`.
 *
 * The top-level domain is letters, or an internationalised domain in its
 * ASCII (punycode) form, xn--... (a@xn--d1acufc.xn--p1ai; 政务.中国 is
 * written xn--...xn--fiqs8s in mail headers and often in documents too).
 *
 * Not an address: the user information of a URL (http://user@www.example.com,
 * ftp://user:pass@host), recognised by a scheme's `://` before the match with
 * nothing between it and the `@` but the user information itself.
 */
const PATTERN =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59}[A-Za-z0-9])(?![A-Za-z0-9-])/g;

/**
 * A URL's scheme and `//` right before the match, with at most more user
 * information between (RFC 3986 userinfo characters without `,` and `;`, so
 * that a URL followed by ，邮箱： or ", e-mail:" does not swallow the address).
 */
const URL_USERINFO = /[A-Za-z][A-Za-z0-9+.-]{0,15}:\/\/[A-Za-z0-9._~%!$&'()*+=:-]{0,100}$/;

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
      if (URL_USERINFO.test(text.slice(Math.max(0, m.index - 120), m.index))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, score: 0.9, pattern: 'email_rfc5322_subset' });
    }
    return out;
  },
};
