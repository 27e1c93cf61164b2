import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkResidentId18 } from '../../shared/rules/validators/gb11643';
import { scanText } from '../../shared/rules/engine';
import { CORPORA, HAVE_CORPORA } from './corpora';

interface Vector {
  kind: string;
  value: string;
  expected: string;
  reason: string;
  comment: string;
}

function vectors(): Vector[] {
  const lines = readFileSync(join(CORPORA, 'checksums', 'vectors.tsv'), 'utf8').split(/\r?\n/).slice(1);
  return lines.filter(Boolean).map((l) => {
    const [kind, value, expected, reason, comment] = l.split('\t');
    return { kind: kind!, value: value!, expected: expected!, reason: reason ?? '', comment: comment ?? '' };
  });
}

describe.skipIf(!HAVE_CORPORA)('external: GB 11643 vectors', () => {
  const ric = HAVE_CORPORA ? vectors().filter((v) => v.kind.startsWith('CN_RIC') && !v.kind.includes('strict=') && /^\d{17}[\dXx]$/.test(v.value)) : [];

  it('has vectors to check', () => expect(ric.length).toBeGreaterThan(5));

  it('every valid 18-digit number passes all checks and scores 1', () => {
    for (const v of ric.filter((x) => x.expected === 'valid')) {
      expect(checkResidentId18(v.value), v.value).toEqual({ region: true, birthDate: true, checksum: true });
      expect(scanText(`身份证号：${v.value}`)[0], v.value).toMatchObject({ type: 'id_card', score: 1 });
    }
  });

  // County-level validity (codes by year) needs the full GB/T 2260 history: the rule-engine issue. Here: province level.
  it('invalid numbers fail the check their reason names', () => {
    let checked = 0;
    for (const v of ric.filter((x) => x.expected === 'invalid')) {
      const check = checkResidentId18(v.value);
      const why = `${v.reason} ${v.comment}`;
      if (/Checksum|校验|验证码/.test(why)) expect(check.checksum, v.value).toBe(false);
      else if (/place|county|地址码/.test(why)) {
        if (/^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[1-3])/.test(v.value)) continue;
        expect(check.region, v.value).toBe(false);
      } else if (/出生|InvalidComponent/.test(why)) expect(check.birthDate, v.value).toBe(false);
      else continue;
      checked++;
      expect(Object.values(check).every(Boolean), v.value).toBe(false);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
